using EarthEmbed.Engine.Serialization;
using EarthEmbed.Engine.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Models;

/// <summary>TorchSharp's TorchVision resnet18 (package TorchVision 0.107) with a 7-band first convolution against
/// torchvision 0.14's on PyTorch 1.13 (Reference/cases_resnet.py): same names, same weights, same outputs and
/// gradients, float32, to 1e-4 relative. Groundwork for porting EarthEmbed's encoders.</summary>
public sealed class ResNetParityTests
{
    private const int Bands = 7;
    private const int Classes = 10;
    private const double Rtol = 1e-4;

    public ResNetParityTests() => TorchEngine.EnsureLoaded();

    /// <summary>Elementwise rtol plus an atol of rtol times the tensor's largest magnitude: elements that cancel to
    /// near zero (most gradients have some) carry the rounding of the terms they came from.</summary>
    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var scale = expected.abs().max().item<float>();
        ReferenceFixtures.AssertClose(expected, actual, Rtol, Rtol * scale, what);
    }

    private static TorchSharp.Modules.ResNet LoadModel()
    {
        var model = ResNetBands.Resnet18(Bands, Classes);
        Checkpoint.Load(ReferenceFixtures.PathOf("resnet", "resnet18_7band_state"), model);
        return model;
    }

    [Fact]
    public void TorchVisions_resnet18_with_a_7_band_first_convolution_has_exactly_PyTorchs_state_dict_names_shapes_and_dtypes()
    {
        using var scope = NewDisposeScope();
        var theirs = ReferenceFixtures.Load("resnet", "resnet18_7band_state");
        using var model = ResNetBands.Resnet18(Bands, Classes);
        var ours = model.state_dict();
        var onlyOurs = ours.Keys.Except(theirs.Keys).Order().ToList();
        var onlyTheirs = theirs.Keys.Except(ours.Keys).Order().ToList();
        Assert.True(onlyOurs.Count == 0 && onlyTheirs.Count == 0,
            $"names differ: only TorchSharp's: {string.Join(", ", onlyOurs)}; only PyTorch's: {string.Join(", ", onlyTheirs)}");
        foreach (var (key, t) in theirs)
        {
            Assert.True(t.shape.SequenceEqual(ours[key].shape), $"{key}: [{string.Join(", ", ours[key].shape)}], PyTorch's [{string.Join(", ", t.shape)}]");
            Assert.True(t.dtype == ours[key].dtype, $"{key}: {ours[key].dtype}, PyTorch's {t.dtype}");
        }
        Assert.Equal([64L, Bands, 7, 7], ours["conv1.weight"].shape);
        Assert.Equal(122, ours.Count);  // 62 parameters, 60 BatchNorm buffers (20 BatchNorms)
        Assert.Equal("conv1.weight", model.named_parameters().First().name);  // PyTorch's parameter order kept
    }

    [Fact]
    public void With_PyTorchs_weights_its_eval_output_agrees_with_PyTorchs()
    {
        using var scope = NewDisposeScope();
        var io = ReferenceFixtures.Load("resnet", "resnet18_7band_io");
        using var model = LoadModel();
        model.eval();
        using var noGrad = no_grad();
        AssertClose(io["eval_output"], model.forward(io["input"]), "eval output");
    }

    [Fact]
    public void In_training_mode_its_output_gradients_and_updated_batchnorm_buffers_agree_with_PyTorchs()
    {
        using var scope = NewDisposeScope();
        var io = ReferenceFixtures.Load("resnet", "resnet18_7band_io", out var meta);
        using var model = LoadModel();
        model.train();
        var x = io["input"].clone().requires_grad_(true);
        var output = model.forward(x);
        var loss = (output * io["loss_weight"]).sum();
        loss.backward();

        AssertClose(io["train_output"], output, "training-mode output");
        ReferenceFixtures.AssertClose(io["loss"], loss, Rtol, 0, "loss");
        AssertClose(io["input_grad"], x.grad!, "input gradient");
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var name in meta["grads"].Split(','))
            AssertClose(io["grad." + name], parameters[name].grad!, "gradient of " + name);
        var buffers = model.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var name in meta["buffers"].Split(','))
            ReferenceFixtures.AssertClose(io["after." + name], buffers[name], 1e-5, 1e-7, name + " after the training-mode forward");
        Assert.Equal(8L, buffers["bn1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Replacing_conv1_through_the_public_API_alone_changes_the_state_dict_but_not_the_forward()
    {
        using var scope = NewDisposeScope();
        using var model = torchvision.models.resnet18(num_classes: Classes);
        model.register_module("conv1", null!);  // removes the registered submodule
        model.register_module("conv1", nn.Conv2d(Bands, 64, 7, stride: 2, padding: 3, bias: false));
        Assert.Equal([64L, Bands, 7, 7], model.state_dict()["conv1.weight"].shape);
        Assert.Equal("conv1.weight", model.named_parameters().Last().name);  // and moved to the end of the order
        model.eval();
        using var noGrad = no_grad();
        var x = zeros([1, Bands, 32, 32]);
        // The forward still calls the private 3-band Conv2d field: a 7-band input fails inside it.
        var e = Assert.ThrowsAny<Exception>(() => model.forward(x));
        Assert.Contains("with 3 channels", e.Message, StringComparison.Ordinal);
        Assert.Equal([1L, Classes], model.forward(zeros([1, 3, 32, 32])).shape);
    }
}
