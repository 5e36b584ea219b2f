using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Torch.Tests.Benchmarks;

public class EngineBenchmarkTests
{
    [Fact]
    public void A_tiny_run_interleaves_the_requested_rounds_of_both_engines_and_reports_them()
    {
        // Checks the harness and the protocol with the PyTorch process; asserts nothing about speed.
        var settings = new EngineSettings
        {
            Model = new UNetConfig(InChannels: 4, OutChannels: 1, BaseChannels: 4, Depth: 2),
            Batch = 2, Size = 16, Steps = 2, Rounds = 3, Warmup = 1, Threads = Engine.NumThreads,
        };
        var lines = new List<string>();
        var result = EngineBenchmark.Run(settings, [EngineVariant.Fp32, new EngineVariant(Bf16: true)],
            new Collect(lines));

        Assert.Equal(["fp32", "bf16"], result.Variants.Select(v => v.Variant.Name));
        foreach (var v in result.Variants)
        {
            Assert.Equal(3, v.EarthEmbedRounds.Count);
            Assert.Equal(3, v.PyTorchRounds.Count);
            Assert.All(v.EarthEmbedRounds.Concat(v.PyTorchRounds), r => Assert.True(double.IsFinite(r) && r > 0, $"rate {r}"));
        }
        Assert.Equal(3, lines.Count(l => l.StartsWith("[fp32] round", StringComparison.Ordinal)));
        Assert.Equal(FlopCounter.TrainingFlopsPerSample(settings.Model, 16, 16) / 1e9, result.Variants[0].GflopPerSample);
        Assert.StartsWith("1.13", result.Machine["torch"], StringComparison.Ordinal);
        Assert.Contains("bf16", EngineBenchmark.Table(result), StringComparison.Ordinal);
    }

    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
