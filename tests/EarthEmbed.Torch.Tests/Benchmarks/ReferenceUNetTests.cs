using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Torch.Tests.Benchmarks;

public class ReferenceUNetTests
{
    private static readonly UNetConfig Tiny = new(InChannels: 3, OutChannels: 2, BaseChannels: 4, Depth: 2);

    [Fact]
    public void The_output_has_the_input_size_and_the_head_channels()
    {
        using var scope = DisposeScope.Enter();
        using var model = new ReferenceUNet(Tiny);
        var y = model.Forward(Tensor.Randn([2, 3, 16, 12]));
        Assert.Equal([2L, 2, 16, 12], y.Shape);
    }

    [Fact]
    public void An_input_with_the_wrong_band_count_names_the_expected_shape()
    {
        using var scope = DisposeScope.Enter();
        using var model = new ReferenceUNet(Tiny);
        var e = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Randn([1, 5, 16, 16])));
        Assert.Contains("(N, 3, H, W)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 2, 4, 2)]
    [InlineData(64, 1, 32, 4)]
    public void The_pytorch_script_builds_a_model_with_the_same_parameters_in_the_same_order(int bands, int outputs, int width, int depth)
    {
        var config = new UNetConfig(bands, outputs, width, depth);
        var answer = PyTorchRunner.RunOnce(["--count-params", "--in-channels", $"{bands}", "--out-channels", $"{outputs}",
            "--base", $"{width}", "--depth", $"{depth}"]);
        using var model = new ReferenceUNet(config);
        Assert.Equal(answer["parameters"]!.GetValue<long>(), model.ParameterCount());
        Assert.Equal(answer["names"]!.AsArray().Select(n => n!.GetValue<string>()), model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Channels_last_relayout_keeps_the_values_and_the_parameter_identities()
    {
        using var scope = DisposeScope.Enter();
        using var model = new ReferenceUNet(Tiny);
        var weight = model.NamedParameters().First(p => p.Name == "enc0.0.weight").Parameter;
        var before = weight.Clone();
        MemoryLayout.ToChannelsLast(model);
        var after = model.NamedParameters().First(p => p.Name == "enc0.0.weight").Parameter;
        Assert.True(after.IsSameAs(weight));
        Assert.True(after.IsChannelsLast);
        Assert.Equal(0, (after - before).Abs().Max().ToDouble());
    }
}
