using EarthEmbed.Experiments.JointSeg;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>Output shapes of the three models at 10x, for convenient and inconvenient input sizes, and the
/// discriminator's.</summary>
public class JointSegModelTests
{
    [Theory]
    [InlineData(16, 16)]
    [InlineData(5, 7)]
    [InlineData(1, 3)]
    public void JointSeg_returns_logits_and_every_stage_image_at_the_right_size(int h, int w)
    {
        using var scope = NewDisposeScope();
        using var model = new JointSegModel(JointSegTiny.Config());
        var output = model.ForwardAll(randn(new long[] { 2, 4, h, w }));
        Assert.Equal(new long[] { 2, 4, h * 5, w * 5 }, output.SuperResolved[0].shape);
        Assert.Equal(new long[] { 2, 4, h * 10, w * 10 }, output.SuperResolved[1].shape);
        Assert.Equal(new long[] { 2, 1, h * 10, w * 10 }, output.Logits.shape);
    }

    [Theory]
    [InlineData(new[] { 2, 5 })]
    [InlineData(new[] { 2, 2, 2 })]
    [InlineData(new[] { 10 })]
    public void Other_stage_plans_multiply_up_to_their_product(int[] scales)
    {
        using var scope = NewDisposeScope();
        var config = JointSegTiny.Config();
        config.SrScales = [.. scales];
        config.StageChannels = scales.Select(_ => 4).ToList();
        config.StageBlocks = scales.Select(_ => 0).ToList();
        var product = scales.Aggregate(1, (a, b) => a * b);
        config.TileSize = product * 32;
        config.TileOverlap = product * 2;
        using var model = new JointSegModel(config);
        var factor = scales.Aggregate(1, (a, b) => a * b);
        Assert.Equal(new long[] { 1, 1, 3 * factor, 6 * factor }, model.call(randn(new long[] { 1, 4, 3, 6 })).shape);
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(5, 7)]
    public void The_baselines_return_fine_logits_for_any_size(int h, int w)
    {
        using var scope = NewDisposeScope();
        using var bilinear = new BilinearUNet(4, 10, "resnet-tiny");
        using var low = new LowResUNet(4, 10, "resnet-tiny");
        bilinear.eval();
        low.eval();
        using var noGrad = no_grad();
        var x = randn(new long[] { 1, 4, h, w });
        Assert.Equal(new long[] { 1, 1, h * 10, w * 10 }, bilinear.call(x).shape);
        Assert.Equal(new long[] { 1, 1, h * 10, w * 10 }, low.call(x).shape);
        Assert.Equal(new long[] { 1, 1, h, w }, low.ForwardLow(x).shape);
        // Nearest up-sampling: every 10 x 10 block of the low-resolution U-Net's output is constant.
        var fine = low.call(x).squeeze().contiguous().data<float>().ToArray();
        Assert.Equal(fine[0], fine[(9 * w * 10) + 9]);
    }

    [Fact]
    public void The_discriminator_judges_every_pixel_and_refuses_sizes_it_cannot_halve_three_times()
    {
        using var scope = NewDisposeScope();
        using var d = new UNetDiscriminator(4, 4);
        Assert.Equal(new long[] { 2, 1, 40, 24 }, d.call(randn(new long[] { 2, 4, 40, 24 })).shape);
        var e = Assert.Throws<ArgumentException>(() => d.call(randn(new long[] { 1, 4, 20, 24 })));
        Assert.Contains("multiples of 8", e.Message, StringComparison.Ordinal);
    }

    private static readonly string[] SomeModelKeys = ["conv_first.weight", "trunk.0.rdb3.conv5.bias", "trunk_conv.weight",
        "stages.0.blocks.0.conv1.weight", "stages.1.to_image.bias", "laterals.2.weight", "seg_conv1.weight", "seg_conv2.bias", "seg_out.weight"];

    private static readonly string[] PlainConvKeys = ["conv0.weight", "conv0.bias", "conv9.weight", "conv9.bias"];

    [Fact]
    public void State_dict_keys_keep_the_PyTorch_attribute_names()
    {
        using var model = new JointSegModel(JointSegTiny.Config());
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Equal(68, keys.Count);
        foreach (var key in SomeModelKeys) Assert.Contains(key, keys);
        using var d = new UNetDiscriminator(4, 4);
        var expected = PlainConvKeys.Concat(Enumerable.Range(1, 8).SelectMany(i => new[] { $"conv{i}.weight_orig", $"conv{i}.weight_u", $"conv{i}.weight_v" }));
        Assert.Equal(expected.Order(StringComparer.Ordinal), d.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_config_whose_stage_lists_do_not_match_the_scales_is_refused_naming_the_keys()
    {
        var config = JointSegTiny.Config();
        config.StageChannels = [8];
        var e = Assert.Throws<ArgumentException>(() => new JointSegModel(config));
        Assert.Contains("stage_channels", e.Message, StringComparison.Ordinal);
    }
}
