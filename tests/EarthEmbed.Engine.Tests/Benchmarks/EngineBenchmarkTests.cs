using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class EngineBenchmarkTests
{
    [Fact]
    public void A_tiny_run_measures_the_peak_then_interleaves_the_requested_rounds_of_both_engines_and_reports_them()
    {
        // Checks the harness and the protocol with the PyTorch process; asserts nothing about speed.
        TorchEngine.EnsureLoaded();
        var settings = new EngineSettings
        {
            Model = new UNetConfig(InChannels: 4, OutChannels: 1, BaseChannels: 4, Depth: 2),
            Batch = 2, Size = 16, Steps = 2, Rounds = 3, Warmup = 1, Threads = TorchEngine.Threads,
            PeakGemmSize = 64, PeakRepetitions = 2,
        };
        var lines = new List<string>();
        var result = EngineBenchmark.Run(settings, EngineVariant.Selection(channelsLast: true), new Collect(lines));

        Assert.Equal(["fp32", "fp32 channels-last"], result.Variants.Select(v => v.Variant.Name));
        foreach (var v in result.Variants)
        {
            Assert.Equal(3, v.EarthEmbedRounds.Count);
            Assert.Equal(3, v.PyTorchRounds.Count);
            Assert.All(v.EarthEmbedRounds.Concat(v.PyTorchRounds), r => Assert.True(double.IsFinite(r) && r > 0, $"rate {r}"));
        }
        Assert.Equal(3, lines.Count(l => l.StartsWith("[fp32] round", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.StartsWith("[fp32 channels-last] round", StringComparison.Ordinal)));
        Assert.Equal(FlopCounter.TrainingFlopsPerSample(settings.Model, 16, 16) / 1e9, result.Variants[0].GflopPerSample);
        Assert.Equal((64, 2), (result.Peak.Size, result.Peak.Repetitions));
        Assert.True(double.IsFinite(result.Peak.GflopPerS) && result.Peak.GflopPerS > 0, $"peak {result.Peak.GflopPerS}");
        Assert.StartsWith("2.10", result.Machine["libtorch"], StringComparison.Ordinal);
        Assert.StartsWith("0.107", result.Machine["torchsharp"], StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+", result.Machine["torch"]);
        Assert.Equal(CpuIsa.Current().Name, result.Machine["isa"]);
        Assert.Contains(lines, l => l.StartsWith("CPU: ", StringComparison.Ordinal) && l.Contains(result.Machine["isa"], StringComparison.Ordinal));
        var json = result.ToJson();
        Assert.Equal(result.Peak.GflopPerS, json["fp32_peak_gflop_per_s"]!.GetValue<double>());
        Assert.Contains("fp32 channels-last", EngineBenchmark.Table(result), StringComparison.Ordinal);
    }

    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
