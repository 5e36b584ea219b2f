using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>What the layers do beyond arithmetic: modes, dtype moves, state dict names, input validation.</summary>
public class ModuleBehaviourTests
{
    private static readonly string[] SmallNetKeys =
    [
        "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
        "3.1.weight", "3.1.bias",
    ];

    private static Sequential SmallNet() => new(
        new Conv2d(3, 4, 3, padding: 1), new BatchNorm2d(4), new ReLU(),
        new Sequential(new Dropout(0.5), new Conv2d(4, 2, 1)));

    [Fact]
    public void Train_and_Eval_reach_every_descendant()
    {
        using var net = SmallNet();
        net.Eval();
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.Training, m.Name));
        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.Training, m.Name));
        Assert.Equal(7, net.NamedModules().Count());
    }

    [Fact]
    public void To_Float64_converts_in_place_keeping_parameter_identity()
    {
        using var scope = DisposeScope.Enter();
        using var net = SmallNet();
        var conv = (Conv2d)net[0];
        var before = net.Parameters().ToList();
        var weightBefore = conv.Weight.Detach().To(ScalarType.Float64);
        net.To(Device.Cpu, ScalarType.Float64);
        var after = net.Parameters().ToList();
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++) Assert.Same(before[i], after[i]);
        Assert.Same(conv.Weight, after[0]);
        Assert.All(after, p => Assert.Equal(ScalarType.Float64, p.DType));
        Assert.All(after, p => Assert.True(p.RequiresGrad && p.IsLeaf));
        Assert.True(weightBefore.Equal(conv.Weight));
        var bn = (BatchNorm2d)net[1];
        Assert.Equal(ScalarType.Float64, bn.RunningMean!.DType);
        Assert.Equal(ScalarType.Int64, bn.NumBatchesTracked!.DType);  // integer buffers keep their type
        var y = net.Forward(Tensor.Randn([2, 3, 5, 5], ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, y.DType);
    }

    [Fact]
    public void Sequential_state_dict_uses_PyTorchs_dotted_names()
    {
        using var scope = DisposeScope.Enter();
        using var net = SmallNet();
        Assert.Equal(SmallNetKeys, net.StateDict().Keys);
    }

    [Fact]
    public void BatchNorm2d_counts_training_batches_and_leaves_statistics_alone_in_eval()
    {
        using var scope = DisposeScope.Enter();
        using var bn = new BatchNorm2d(3);
        var x = Tensor.Randn([4, 3, 5, 5]).Mul(2).Add(1);
        bn.Forward(x);
        bn.Forward(x);
        Assert.Equal(2, bn.NumBatchesTracked!.ToInt64());
        var mean = bn.RunningMean!.Clone();
        bn.Eval();
        var y = bn.Forward(x);
        Assert.Equal(2, bn.NumBatchesTracked.ToInt64());
        Assert.True(mean.Equal(bn.RunningMean));
        // eval: (x - running_mean) / sqrt(running_var + eps)
        var expected = (x - bn.RunningMean.View(1, 3, 1, 1)) / (bn.RunningVar!.View(1, 3, 1, 1) + 1e-5).Sqrt();
        Assert.True(y.AllClose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void Dropout_is_the_identity_in_eval_and_scales_survivors_in_training()
    {
        using var scope = DisposeScope.Enter();
        using var drop = new Dropout(0.25);
        var x = Tensor.Ones([100_000]);
        var y = drop.Forward(x).ToArray<float>();
        var zeros = y.Count(v => v == 0);
        Assert.InRange(zeros / 100_000.0, 0.24, 0.26);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.75f, v, 5));
        drop.Eval();
        Assert.True(drop.Forward(x).Equal(x));
    }

    [Fact]
    public void Conv2d_names_itself_and_the_channel_counts_when_the_input_does_not_fit()
    {
        using var scope = DisposeScope.Enter();
        using var conv = new Conv2d(64, 32, 3, padding: 1);
        var e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([1, 3, 8, 8])));
        Assert.StartsWith("Conv2d(64->32): input has 3 channels, expected 64", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([64, 8])));
        Assert.Contains("got shape [64, 8]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_layers_name_expected_and_actual_sizes()
    {
        using var scope = DisposeScope.Enter();
        using var linear = new Linear(10, 2);
        Assert.Contains("Linear(10->2): input has 9 features", Assert.Throws<ArgumentException>(() => linear.Forward(Tensor.Zeros([4, 9]))).Message, StringComparison.Ordinal);
        using var bn = new BatchNorm2d(8);
        Assert.Contains("BatchNorm2d(8): input has 4 channels, expected 8", Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Zeros([2, 4, 3, 3]))).Message, StringComparison.Ordinal);
        Assert.Contains("more than 1 value per channel", Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Zeros([1, 8, 1, 1]))).Message, StringComparison.Ordinal);
        using var ct = new ConvTranspose2d(16, 8, 2, stride: 2);
        Assert.Contains("input has 8 channels, expected 16", Assert.Throws<ArgumentException>(() => ct.Forward(Tensor.Zeros([1, 8, 4, 4]))).Message, StringComparison.Ordinal);
        using var ln = new LayerNorm(16);
        Assert.Contains("trailing dimensions must be [16]", Assert.Throws<ArgumentException>(() => ln.Forward(Tensor.Zeros([2, 15]))).Message, StringComparison.Ordinal);
        using var gn = new GroupNorm(4, 16);
        Assert.Contains("input has 12 channels, expected 16", Assert.Throws<ArgumentException>(() => gn.Forward(Tensor.Zeros([2, 12, 3]))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Conv2d(6, 4, 3, groups: 4));
    }

    [Fact]
    public void Strict_load_names_missing_and_unexpected_keys()
    {
        using var scope = DisposeScope.Enter();
        using var net = SmallNet();
        var state = net.StateDict();
        state.Remove("1.running_var");
        state["9.weight"] = Tensor.Zeros([1]);
        var e = Assert.Throws<ArgumentException>(() => net.LoadStateDict(state));
        Assert.Contains("1.running_var", e.Message, StringComparison.Ordinal);
        Assert.Contains("9.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_repr_lists_children_like_PyTorch()
    {
        using var net = new Sequential(new Linear(4, 3), new ReLU());
        Assert.Equal("Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n  (1): ReLU()\n)", net.ToString());
    }
}
