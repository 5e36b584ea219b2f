using EarthEmbed.Torch.Optim;
using EarthEmbed.Torch.Tests.Reference;

namespace EarthEmbed.Torch.Tests.Optim;

/// <summary>Optimiser trajectories against PyTorch 1.13 (fixtures from Reference/cases_optim.py): same start, same
/// gradients, five steps, parameters compared after every step.</summary>
public class OptimizerParityTests
{
    public static IEnumerable<object[]> Cases() => ReferenceFixtures.Cases("optim");

    /// <summary>Builds the optimiser the fixture's metadata describes, with PyTorch's groups: [p0, p2] with the
    /// defaults, [p1] with half the learning rate.</summary>
    internal static Optimizer Build(Dictionary<string, string> c, Tensor[] p)
    {
        var lr = c.Number("lr", double.NaN);
        var wd = c.Number("weight_decay", -1);
        switch (c["optimizer"])
        {
            case "sgd":
                var sgd = new SGD([p[0], p[2]], lr, c.Number("momentum", 0), c.Number("dampening", 0),
                    Math.Max(wd, 0), c.Flag("nesterov"), c.Flag("maximize"));
                sgd.AddParamGroup([p[1]], g => g.LearningRate = lr * 0.5);
                return sgd;
            case "adam":
                var adam = new Adam([p[0], p[2]], lr, c.Number("beta1", 0.9), c.Number("beta2", 0.999),
                    c.Number("eps", 1e-8), Math.Max(wd, 0), c.Flag("amsgrad"), c.Flag("maximize"));
                adam.AddParamGroup([p[1]], g => g.LearningRate = lr * 0.5);
                return adam;
            case "adamw":
                var adamw = new AdamW([p[0], p[2]], lr, c.Number("beta1", 0.9), c.Number("beta2", 0.999),
                    c.Number("eps", 1e-8), wd < 0 ? 1e-2 : wd, c.Flag("amsgrad"), c.Flag("maximize"));
                adamw.AddParamGroup([p[1]], g => g.LearningRate = lr * 0.5);
                return adamw;
            default:
                throw new ArgumentException($"unknown optimizer '{c["optimizer"]}' in fixture metadata");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Five_steps_follow_PyTorchs_trajectory(string name)
    {
        using var scope = DisposeScope.Enter();
        var f = Fixture.Load("optim", name, out var config);
        var p = Enumerable.Range(0, 3).Select(j => f[$"p{j}"].Clone().RequiresGrad_()).ToArray();
        using var optimizer = Build(config, p);
        for (var k = 0; k < 5; k++)
        {
            for (var j = 0; j < 3; j++)
                p[j].Grad = f.TryGetValue($"g{k}.{j}", out var g) ? g.Clone() : null;
            optimizer.Step();
            for (var j = 0; j < 3; j++)
                ReferenceFixtures.AssertClose(f[$"after{k}.{j}"], p[j], 1e-12, 1e-14, $"{name}: p{j} after step {k + 1}");
        }
        // p2 never had a gradient: skipped, untouched, and without state (global index 1: groups are [p0, p2], [p1]).
        ReferenceFixtures.AssertClose(f["p2"], p[2], 0, 0, "p2 (no gradient)");
        using var state = optimizer.StateDict();
        Assert.DoesNotContain(state.Tensors.Keys, k => k.StartsWith("1.", StringComparison.Ordinal));
    }

    [Fact]
    public void Adam_counts_steps_per_parameter_and_skips_a_parameter_without_gradient()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Ones([2]).RequiresGrad_();
        var b = Tensor.Ones([2]).RequiresGrad_();
        using var adam = new Adam([a, b], lr: 0.1);
        for (var k = 0; k < 3; k++)
        {
            a.Grad = Tensor.Ones([2]);
            b.Grad = k == 1 ? Tensor.Ones([2]) : null;
            adam.Step();
        }
        using var state = adam.StateDict();
        Assert.Equal(3.0, state.Tensors["0.step"].ToDouble());
        Assert.Equal(1.0, state.Tensors["1.step"].ToDouble());
        Assert.Equal(ScalarType.Float32, state.Tensors["0.step"].DType);
    }

    [Fact]
    public void ZeroGrad_clears_every_gradient_to_null()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Ones([2]).RequiresGrad_();
        a.Grad = Tensor.Ones([2]);
        using var sgd = new SGD([a], lr: 0.1);
        sgd.ZeroGrad();
        Assert.Null(a.Grad);
    }

    [Fact]
    public void A_step_leaves_no_tensor_in_the_callers_scope()
    {
        using var outer = DisposeScope.Enter();
        var a = Tensor.Ones([3]).RequiresGrad_();
        using var adam = new AdamW([a], lr: 0.1, amsGrad: true);
        a.Grad = Tensor.Ones([3]);
        var before = outer.Count;
        adam.Step();
        adam.Step();
        Assert.Equal(before, outer.Count);
    }

    [Fact]
    public void A_parameter_in_two_groups_is_rejected()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Ones([2]).RequiresGrad_();
        using var sgd = new SGD([a], lr: 0.1);
        var e = Assert.Throws<ArgumentException>(() => sgd.AddParamGroup([a.Alias()]));
        Assert.Contains("already appears in a parameter group", e.Message);
    }

    [Fact]
    public void Nesterov_without_momentum_is_rejected_with_the_settings_named()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Ones([2]).RequiresGrad_();
        var e = Assert.Throws<ArgumentException>(() => new SGD([a], lr: 0.1, nesterov: true));
        Assert.Contains("Nesterov momentum requires a momentum > 0", e.Message);
        Assert.Throws<ArgumentException>(() => new SGD([], lr: 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([a], lr: -1));
    }

    [Fact]
    public void Loading_state_of_the_wrong_shape_names_the_key_and_both_shapes()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Ones([2]).RequiresGrad_();
        var b = Tensor.Ones([3]).RequiresGrad_();
        using var adamA = new Adam([a]);
        using var adamB = new Adam([b]);
        a.Grad = Tensor.Ones([2]);
        adamA.Step();
        using var state = adamA.StateDict();
        var e = Assert.Throws<ArgumentException>(() => adamB.LoadStateDict(state));
        Assert.Contains("'0.exp_avg", e.Message);
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Fact]
    public void Loaded_state_restores_the_hyperparameters_of_every_group()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Ones([2]).RequiresGrad_();
        var b = Tensor.Ones([2]).RequiresGrad_();
        using var first = new SGD([a], lr: 0.1, momentum: 0.9);
        first.ParamGroups[0].LearningRate = 0.025;
        using var second = new SGD([b], lr: 0.5);
        using var state = first.StateDict();
        second.LoadStateDict(state);
        Assert.Equal(0.025, second.ParamGroups[0].LearningRate);
        Assert.Equal(0.9, second.ParamGroups[0].Momentum);
    }
}
