using EarthEmbed.Benchmarks.EngineBench;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class ReferenceUNetTests
{
    private static readonly UNetConfig Tiny = new(InChannels: 3, OutChannels: 2, BaseChannels: 4, Depth: 2);

    public ReferenceUNetTests() => TorchEngine.EnsureLoaded();

    [Fact]
    public void The_output_has_the_input_size_and_the_head_channels()
    {
        using var scope = NewDisposeScope();
        using var model = new ReferenceUNet(Tiny);
        var y = model.forward(randn(2, 3, 16, 12));
        Assert.Equal([2L, 2, 16, 12], y.shape);
    }

    [Fact]
    public void An_input_with_the_wrong_band_count_names_the_expected_shape()
    {
        using var scope = NewDisposeScope();
        using var model = new ReferenceUNet(Tiny);
        var e = Assert.Throws<ArgumentException>(() => model.forward(randn(1, 5, 16, 16)));
        Assert.Contains("(N, 3, H, W)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_leaves_only_its_output_in_the_callers_scope()
    {
        using var model = new ReferenceUNet(Tiny);
        using var input = randn(1, 3, 8, 8);
        using var scope = NewDisposeScope();
        _ = model.forward(input);
        Assert.Equal(1, scope.DisposablesCount);
    }

    [Theory]
    [InlineData(3, 2, 4, 2)]
    [InlineData(6, 1, 16, 2)]  // the demo's model
    [InlineData(64, 1, 32, 4)] // the reference model
    public void The_pytorch_script_builds_a_model_with_the_same_parameters_names_and_state(int bands, int outputs, int width, int depth)
    {
        var config = new UNetConfig(bands, outputs, width, depth);
        var answer = PyTorchRunner.RunOnce(["--count-params", "--in-channels", $"{bands}", "--out-channels", $"{outputs}",
            "--base", $"{width}", "--depth", $"{depth}"]);
        using var model = new ReferenceUNet(config);
        Assert.Equal(answer["parameters"]!.GetValue<long>(), model.ParameterCount());
        Assert.Equal(answer["names"]!.AsArray().Select(n => n!.GetValue<string>()), model.named_parameters().Select(p => p.name));
        // The state dict (parameters and batch-norm buffers) has the same keys; TorchSharp lists them in another order.
        Assert.Equal(answer["state_dict"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal),
            model.state_dict().Keys.Order(StringComparer.Ordinal));
        var pythonShapes = answer["state_dict"]!.AsArray().Count;
        Assert.Equal(pythonShapes, model.state_dict().Count);
    }

    [Fact]
    public void The_reference_model_has_about_seven_point_eight_million_parameters()
    {
        using var model = new ReferenceUNet(UNetConfig.Reference);
        Assert.InRange(model.ParameterCount(), 7_770_000, 7_790_000);
    }

    [Fact]
    public void Channels_last_relayout_keeps_the_values_and_the_parameter_identities()
    {
        using var scope = NewDisposeScope();
        using var model = new ReferenceUNet(Tiny);
        var weight = model.named_parameters().First(p => p.name == "enc0.0.weight").parameter;
        var before = weight.clone();
        Assert.False(MemoryLayout.IsChannelsLast(weight));
        MemoryLayout.ToChannelsLast(model);
        var after = model.named_parameters().First(p => p.name == "enc0.0.weight").parameter;
        Assert.Equal(weight.Handle, after.Handle);
        Assert.True(MemoryLayout.IsChannelsLast(after));
        Assert.True(after.requires_grad);
        Assert.Equal(0, (after - before).abs().max().item<float>());
        Assert.All(model.parameters().Where(p => p.dim() == 4), p => Assert.True(MemoryLayout.IsChannelsLast(p)));
    }

    [Fact]
    public void A_channels_last_model_on_a_channels_last_input_computes_the_same_output_laid_out_channels_last()
    {
        using var scope = NewDisposeScope();
        using var model = new ReferenceUNet(Tiny);
        model.eval();
        var x = randn(2, 3, 16, 16);
        var plain = model.forward(x);
        MemoryLayout.ToChannelsLast(model);
        var nhwc = model.forward(MemoryLayout.ToChannelsLast(x));
        Assert.True(MemoryLayout.IsChannelsLast(nhwc), $"strides [{string.Join(", ", nhwc.stride())}]");
        Assert.False(MemoryLayout.IsChannelsLast(plain));
        Assert.True(nhwc.allclose(plain, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Channels_last_is_told_by_the_strides_ignoring_dimensions_of_size_one()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4, 5);
        var nhwc = MemoryLayout.ToChannelsLast(x);
        Assert.Equal([60L, 1, 15, 3], nhwc.stride());
        Assert.True(x.eq(nhwc).all().item<bool>());
        Assert.True(MemoryLayout.IsChannelsLast(nhwc));
        Assert.False(MemoryLayout.IsChannelsLast(x));
        Assert.True(MemoryLayout.IsChannelsLast(randn(2, 1, 1, 1))); // one element per sample: either layout
        Assert.False(MemoryLayout.IsChannelsLast(randn(3, 4)));
        Assert.Throws<ArgumentException>(() => MemoryLayout.ToChannelsLast(randn(3, 4)));
    }
}
