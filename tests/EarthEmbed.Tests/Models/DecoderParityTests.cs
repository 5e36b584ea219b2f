using System.Globalization;
using System.Text.Json;
using EarthEmbed.Models.Decoders;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Models;

/// <summary>The U-Net and UNet++ decoders against the PyTorch copy of segmentation_models_pytorch's decoders
/// (Reference/smp_reference.py, cases in cases_models.py): small channel counts in float64, PyTorch's state dict
/// loaded as it is, then output, every feature and parameter gradient, the batch-norm buffers after the pass, the
/// state dict's keys and shapes and the parameter count must match.</summary>
public class DecoderParityTests
{
    public static IEnumerable<object[]> Cases() => ReferenceFixtures.Cases("models", "decoder_");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decoder_matches_smp_in_forward_backward_buffers_and_state_dict(string name)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("models", name);
        var encoderChannels = JsonSerializer.Deserialize<long[]>(f.Meta["encoder_channels"])!;
        var decoderChannels = JsonSerializer.Deserialize<long[]>(f.Meta["decoder_channels"])!;
        var (center, batchNorm, train) = (f.Meta["center"] == "1", f.Meta["batchnorm"] == "1", f.Meta["train"] == "1");
        using Decoder decoder = f.Meta["kind"] == "unet"
            ? new UNetDecoder(encoderChannels, decoderChannels, batchNorm, center)
            : new UNetPlusPlusDecoder(encoderChannels, decoderChannels, batchNorm, center);

        ModelAssert.SameKeysAndShapes(f.Meta["keys"], decoder);
        Assert.Equal(long.Parse(f.Meta["param_count"], CultureInfo.InvariantCulture), decoder.ParameterCount());
        decoder.to(ScalarType.Float64);
        Checkpoint.LoadStateDict(decoder, f.WithPrefix("state"));
        decoder.train(train);

        var features = Enumerable.Range(0, encoderChannels.Length).Select(i => f[$"feature.{i}"].requires_grad_()).ToList();
        var output = decoder.call(features);
        ReferenceFixtures.AssertClose(f["output"], output, 1e-9, 1e-11, "output");
        output.backward([f["grad_output"]]);
        for (var i = 0; i < features.Count; i++)
        {
            if (f.Tensors.TryGetValue($"grad_feature.{i}", out var expected))
                ReferenceFixtures.AssertClose(expected, features[i].grad!, 1e-9, 1e-11, $"grad of feature {i}");
            else
                Assert.Null(features[i].grad);      // smp never reads the input itself (feature 0)
        }
        var grads = f.WithPrefix("grad");
        var parameters = decoder.named_parameters().ToList();
        Assert.Equal(grads.Count, parameters.Count);
        foreach (var (key, p) in parameters)
            ReferenceFixtures.AssertClose(grads[key], p.grad!, 1e-9, 1e-11, "grad of " + key);
        var own = decoder.state_dict();
        foreach (var (key, expected) in f.WithPrefix("after"))
            ReferenceFixtures.AssertClose(expected, own[key], 1e-9, 1e-11, "buffer after forward " + key);
    }

    [Fact]
    public void UNetPlusPlus_names_its_nodes_as_smp_and_offers_the_top_row_for_deep_supervision()
    {
        using var decoder = new UNetPlusPlusDecoder([3, 64, 64, 128, 256, 512]);
        Assert.Equal(["x_0_0", "x_0_1", "x_1_1", "x_0_2", "x_1_2", "x_2_2", "x_0_3", "x_1_3", "x_2_3", "x_3_3", "x_0_4"], decoder.NodeNames);
        // X^{0,1}, X^{0,2}, X^{0,3} of the UNet++ paper: half the input size, the 64 channels of ResNet's first stage
        Assert.Equal([new AuxiliaryNode("x_3_3", 64, 2), new AuxiliaryNode("x_2_3", 64, 2), new AuxiliaryNode("x_1_3", 64, 2)],
            decoder.AuxiliaryNodes);
    }

    [Fact]
    public void Decoder_rejects_a_channel_list_that_does_not_match_the_encoder_depth()
    {
        var e = Assert.Throws<ArgumentException>(() => new UNetDecoder([3, 64, 64, 128, 256, 512], [256, 128, 64, 32]));
        Assert.Contains("depth 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 blocks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_names_the_feature_map_with_the_wrong_channels()
    {
        using var scope = NewDisposeScope();
        using var decoder = new UNetDecoder([3, 8, 16], [8, 4]);
        var features = new List<Tensor> { zeros(1, 3, 8, 8), zeros(1, 8, 4, 4), zeros(1, 15, 2, 2) };
        var e = Assert.Throws<ArgumentException>(() => decoder.call(features));
        Assert.Contains("feature 2 should be (N, 16, H, W), got [1, 15, 2, 2]", e.Message, StringComparison.Ordinal);
    }
}
