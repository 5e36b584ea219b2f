using EarthEmbed.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Models;

/// <summary>Shapes, input checks, padding and the registry of the composed models.</summary>
public class SegmentationModelTests
{
    [Theory]
    [InlineData("unet")]
    [InlineData("unetpp")]
    public void Paper_model_maps_a_64_band_128x128_patch_to_one_height_band_of_the_same_size(string name)
    {
        using var scope = NewDisposeScope();
        using var model = ModelRegistry.Create(name, new ModelOptions { InChannels = 64, Classes = 1 });
        model.eval();
        using var noGrad = no_grad();
        var x = randn(1, 64, 128, 128);
        var features = model.Encoder.call(x);
        Assert.Equal([[1L, 64, 128, 128], [1, 64, 64, 64], [1, 64, 32, 32], [1, 128, 16, 16], [1, 256, 8, 8], [1, 512, 4, 4]],
            features.Select(t => t.shape).ToArray());
        Assert.Equal([1L, 1, 128, 128], model.call(x).shape);
    }

    [Fact]
    public void Input_that_is_not_a_multiple_of_32_is_refused_with_the_padded_size()
    {
        using var scope = NewDisposeScope();
        using var model = ModelRegistry.Create("unet", new ModelOptions { Encoder = "resnet-tiny", InChannels = 3 });
        var e = Assert.Throws<ArgumentException>(() => model.call(zeros(1, 3, 100, 130)));
        Assert.StartsWith("input 100x130 is not a multiple of 32; pad to 128x160", e.Message, StringComparison.Ordinal);
        var bands = Assert.Throws<ArgumentException>(() => model.call(zeros(1, 4, 64, 64)));
        Assert.Contains("expects (N, 3, H, W) input, got [1, 4, 64, 64]", bands.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PadToMultiple_reflects_the_edges_and_its_crop_gives_back_the_original()
    {
        using var scope = NewDisposeScope();
        var x = arange(0.0, 2 * 3 * 5 * 7, dtype: ScalarType.Float64).reshape(2, 3, 5, 7);
        var (padded, crop) = InputPadding.PadToMultiple(x, 8);
        Assert.Equal([2L, 3, 8, 8], padded.shape);
        Assert.Equal(new Crop(1, 0, 5, 7), crop);            // 3 rows: 1 above, 2 below; 1 column: on the right
        Assert.True(crop.Apply(padded).allclose(x, 0, 0));
        // reflection without repeating the edge: rows -1, 5, 6 are rows 1, 3, 2; column 7 is column 5
        static long Reflect(long i, long n) => i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
        var expected = new double[2 * 3 * 8 * 8];
        for (var bc = 0; bc < 6; bc++)
            for (var r = 0; r < 8; r++)
                for (var c = 0; c < 8; c++)
                    expected[(bc * 8 + r) * 8 + c] = (bc * 5 + Reflect(r - 1, 5)) * 7 + Reflect(c, 7);
        Assert.Equal(expected, padded.data<double>().ToArray());
    }

    [Fact]
    public void PadToMultiple_repeats_edges_when_the_image_is_too_small_to_reflect()
    {
        using var scope = NewDisposeScope();
        var x = arange(0.0, 6, dtype: ScalarType.Float64).reshape(1, 1, 2, 3);
        var (padded, crop) = InputPadding.PadToMultiple(x, 32);
        Assert.Equal([1L, 1, 32, 32], padded.shape);
        Assert.True(crop.Apply(padded).allclose(x, 0, 0));
        var values = padded.data<double>().ToArray();
        Assert.Equal(0.0, values[0]);                      // top-left corner repeats x[0, 0]
        Assert.Equal(5.0, values[^1]);                     // bottom-right corner repeats x[1, 2]
    }

    [Fact]
    public void ForwardPadded_predicts_an_image_of_any_size_at_that_size()
    {
        using var scope = NewDisposeScope();
        using var model = ModelRegistry.Create("unetpp", new ModelOptions { Encoder = "resnet-tiny", InChannels = 5, Classes = 2 });
        model.eval();
        using var noGrad = no_grad();
        Assert.Equal([1L, 2, 45, 70], model.ForwardPadded(randn(1, 5, 45, 70)).shape);
    }

    [Fact]
    public void Deep_supervision_returns_the_main_output_and_three_auxiliary_outputs_at_full_size()
    {
        using var scope = NewDisposeScope();
        using var model = ModelRegistry.Create("unetpp", new ModelOptions { Encoder = "resnet-tiny", InChannels = 4, DeepSupervision = true });
        model.eval();
        using var noGrad = no_grad();
        var x = randn(2, 4, 64, 32);
        var outputs = model.ForwardAll(x);
        Assert.Equal(4, outputs.Count);
        Assert.All(outputs, o => Assert.Equal([2L, 1, 64, 32], o.shape));
        Assert.True(outputs[0].allclose(model.call(x), 0, 0));     // the main output is the plain forward's
        Assert.Contains(model.named_parameters(), p => p.name == "auxiliary_heads.x_1_3.0.weight");
    }

    [Fact]
    public void Registry_builds_shallow_models_and_explains_unknown_names_and_misuse()
    {
        using var scope = NewDisposeScope();
        using var shallow = ModelRegistry.Create("UNet++", new ModelOptions { Encoder = "resnet-tiny", InChannels = 2, EncoderDepth = 3 });
        Assert.Equal(8, shallow.OutputStride);
        Assert.Equal([64L, 32, 16], ModelRegistry.DefaultDecoderChannels("resnet-tiny", 3));
        shallow.eval();
        using (no_grad()) Assert.Equal([1L, 1, 24, 40], shallow.call(zeros(1, 2, 24, 40)).shape);

        var model = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("segformer"));
        Assert.Contains("unknown model 'segformer'; known models: unet, unetpp", model.Message, StringComparison.Ordinal);
        var encoder = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("unet", new ModelOptions { Encoder = "vgg16" }));
        Assert.Contains("unknown encoder 'vgg16'; known encoders: resnet18, resnet34, resnet-tiny", encoder.Message, StringComparison.Ordinal);
        var deep = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("unet", new ModelOptions { Encoder = "resnet-tiny", DeepSupervision = true }));
        Assert.Contains("deepSupervision needs the unetpp model", deep.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModelRegistry.Register("UNET", _ => throw new InvalidOperationException()));
    }
}
