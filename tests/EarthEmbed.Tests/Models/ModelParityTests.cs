using System.Globalization;
using EarthEmbed.Models;
using EarthEmbed.Models.Encoders;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Models;

/// <summary>The paper's full models (ResNet-18 encoder on 64 bands with the U-Net or UNet++ decoder) against PyTorch:
/// the encoder is torchvision's resnet18 with a 64-band conv1, the decoders the smp copy in
/// Reference/smp_reference.py. PyTorch's state dict loads as it is (strict), and in float32 the encoder's six
/// feature maps, the outputs (with UNet++'s deep-supervision heads), the input gradient and gradients spread over
/// the model agree to 1e-4; state dict keys, shapes and parameter counts equal torchvision's and smp's.</summary>
public class ModelParityTests
{
    private const double Rtol = 1e-4;

    [Theory]
    [InlineData("unet_resnet18", "unet")]
    [InlineData("unetpp_resnet18_deep", "unetpp")]
    public void Model_loads_PyTorchs_state_dict_and_matches_its_features_outputs_and_gradients(string name, string model)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("models", "model_" + name);
        var deep = f.Meta["deep_supervision"] == "1";
        using var net = ModelRegistry.Create(model, new ModelOptions { InChannels = 64, Classes = 1, DeepSupervision = deep });
        ModelAssert.SameKeysAndShapes(f.Meta["keys"], net);
        Assert.Equal(long.Parse(f.Meta["param_count"], CultureInfo.InvariantCulture), net.ParameterCount());
        Checkpoint.LoadStateDict(net, f.WithPrefix("state"), strict: true);
        net.train();

        var input = f["input"];
        using (no_grad())
        {
            var features = net.Encoder.call(input);
            Assert.Equal(6, features.Count);
            for (var i = 0; i < features.Count; i++)
                ReferenceFixtures.AssertClose(f[$"feature.{i}"], features[i], Rtol, 0, $"encoder feature {i}", atolOfMax: 1e-5);
        }

        input.requires_grad_();
        var outputs = net.ForwardAll(input);
        Assert.Equal(deep ? 4 : 1, outputs.Count);
        Tensor? loss = null;
        for (var k = 0; k < outputs.Count; k++)
        {
            ReferenceFixtures.AssertClose(f[$"output.{k}"], outputs[k], Rtol, 0, $"output {k}", atolOfMax: 1e-5);
            var term = (outputs[k] * f[$"grad_output.{k}"]).sum();
            loss = loss is null ? term : loss + term;
        }
        loss!.backward();
        ReferenceFixtures.AssertClose(f["grad_input"], input.grad!, Rtol, 0, "grad_input", atolOfMax: 1e-5);
        var parameters = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var grads = f.WithPrefix("grad");
        Assert.True(grads.Count >= 8, $"only {grads.Count} parameter gradients in the fixture");
        foreach (var (key, expected) in grads)
            ReferenceFixtures.AssertClose(expected, parameters[key].grad!, Rtol, 0, "grad of " + key, atolOfMax: 1e-5);
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    public void ResNet_encoder_has_torchvisions_keys_shapes_and_parameter_count_without_fc(string arch)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("models", "keys_" + arch);
        using var encoder = ModelRegistry.CreateEncoder(arch, 64);
        ModelAssert.SameKeysAndShapes(f.Meta["keys"], encoder);
        Assert.Equal(long.Parse(f.Meta["param_count"], CultureInfo.InvariantCulture), encoder.ParameterCount());
    }

    [Theory]
    [InlineData("unet")]
    [InlineData("unetpp")]
    public void Model_without_deep_supervision_has_smps_keys_and_parameter_count(string model)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("models", $"keys_{model}_resnet18");
        using var net = ModelRegistry.Create(model);
        ModelAssert.SameKeysAndShapes(f.Meta["keys"], net);
        Assert.Equal(long.Parse(f.Meta["param_count"], CultureInfo.InvariantCulture), net.ParameterCount());
    }

    [Fact]
    public void ResNet18_encoder_reports_smps_out_channels_and_stride()
    {
        using var encoder = ResNetEncoder.ResNet18(64);
        Assert.Equal([64L, 64, 64, 128, 256, 512], encoder.OutChannels);
        Assert.Equal(5, encoder.Depth);
        Assert.Equal(32, encoder.OutputStride);
        using var tiny = ResNetEncoder.Tiny(8, depth: 3);
        Assert.Equal([8L, 16, 16, 32], tiny.OutChannels);
        Assert.Equal(8, tiny.OutputStride);
    }
}
