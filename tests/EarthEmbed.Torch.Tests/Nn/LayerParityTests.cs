using EarthEmbed.Torch.Nn;
using EarthEmbed.Torch.Tests.Reference;

namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>Every single-input layer against torch.nn (fixtures from Reference/cases_nn.py): the same seed draws
/// the same initial weights, the state dict has PyTorch's keys, and forward, input gradient, parameter gradients,
/// updated buffers, parameter count and repr all match.</summary>
[Collection(SeededRandomTests.Name)]
public class LayerParityTests
{
    private static readonly Dictionary<string, Func<Module<Tensor, Tensor>>> Builders = new(StringComparer.Ordinal)
    {
        ["linear"] = () => new Linear(7, 5),
        ["linear_nobias_f32"] = () => new Linear(6, 4, bias: false),
        ["conv2d"] = () => new Conv2d(3, 8, 3, padding: 1),
        ["conv2d_strided_dilated_groups_f32"] = () => new Conv2d(4, 6, 3, stride: 2, padding: 2, dilation: 2, groups: 2),
        ["conv2d_nobias_unbatched"] = () => new Conv2d(2, 3, 1, bias: false),
        ["conv_transpose2d"] = () => new ConvTranspose2d(4, 3, 2, stride: 2),
        ["conv_transpose2d_padded_groups_f32"] = () => new ConvTranspose2d(6, 4, 3, stride: 2, padding: 1, outputPadding: 1, groups: 2),
        ["batchnorm2d_train"] = () => new BatchNorm2d(5),
        ["batchnorm2d_eval"] = () => new BatchNorm2d(5),
        ["batchnorm2d_train_f32"] = () => new BatchNorm2d(3, eps: 1e-3, momentum: 0.3),
        ["batchnorm2d_plain"] = () => new BatchNorm2d(4, affine: false, trackRunningStats: false),
        ["groupnorm"] = () => new GroupNorm(3, 6),
        ["layernorm"] = () => new LayerNorm([4, 5]),
        ["layernorm_noaffine_f32"] = () => new LayerNorm(6, eps: 1e-6, elementwiseAffine: false),
        ["relu"] = () => new ReLU(),
        ["leaky_relu"] = () => new LeakyReLU(0.2),
        ["gelu"] = () => new GELU(),
        ["gelu_tanh"] = () => new GELU("tanh"),
        ["silu"] = () => new SiLU(),
        ["sigmoid"] = () => new Sigmoid(),
        ["tanh"] = () => new Tanh(),
        ["softmax"] = () => new Softmax(1),
        ["identity"] = () => new Identity(),
        ["flatten"] = () => new Flatten(),
        ["dropout_eval"] = () => new Dropout(0.3),
        ["dropout_train"] = () => new Dropout(0.3),
        ["maxpool2d"] = () => new MaxPool2d(2),
        ["maxpool2d_padded"] = () => new MaxPool2d(3, stride: 2, padding: 1),
        ["avgpool2d"] = () => new AvgPool2d(3, stride: 1, padding: 1),
        ["adaptive_avgpool2d"] = () => new AdaptiveAvgPool2d(1),
        ["upsample_nearest"] = () => new Upsample(2.0),
        ["upsample_bilinear"] = () => new Upsample(7, 5, InterpolationMode.Bilinear),
        ["sequential"] = () => new Sequential(new Conv2d(3, 4, 3, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(4 * 4 * 4, 5)),
        ["embedding"] = () => new Embedding(10, 4, paddingIdx: 1),
    };

    public static IEnumerable<object[]> Cases() => ReferenceFixtures.Cases("nn");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layer_matches_PyTorch_in_init_forward_backward_buffers_and_repr(string name)
    {
        Assert.True(Builders.ContainsKey(name), $"fixture nn.{name} has no C# builder in LayerParityTests");
        using var scope = DisposeScope.Enter();
        var f = NnFixture.Load("nn", name);
        using var module = f.Prepare(Builders[name]);
        var (rtol, atol) = f.Tolerance(name.Contains("conv", StringComparison.Ordinal) || name == "sequential");

        var input = f["input"];
        if (input.DType.IsFloatingPoint()) input.RequiresGrad_();
        if (name == "dropout_train") Engine.ManualSeed(123);
        var output = module.Forward(input);
        ReferenceFixtures.AssertClose(f["output"], output, rtol, atol, "output");
        output.Backward(f["grad_output"]);
        if (f.Tensors.TryGetValue("grad_input", out var gradInput))
            ReferenceFixtures.AssertClose(gradInput, input.Grad!, rtol, atol, "grad_input");
        f.AssertParameterGrads(module, rtol, atol);
        var own = module.StateDict();
        foreach (var (key, expected) in f.WithPrefix("after"))
            ReferenceFixtures.AssertClose(expected, own[key], rtol, atol, "buffer after forward " + key);
        Assert.Equal(f.Repr, module.ToString());
    }

    [Fact]
    public void Every_builder_has_a_fixture()
    {
        var fixtures = Cases().Select(c => (string)c[0]).ToHashSet();
        foreach (var key in Builders.Keys) Assert.Contains(key, fixtures);
    }
}
