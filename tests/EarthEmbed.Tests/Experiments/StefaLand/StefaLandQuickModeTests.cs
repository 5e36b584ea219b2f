#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Runs;
using EarthEmbed.Tests.Training;

namespace EarthEmbed.Tests.Experiments.StefaLand;

/// <summary>Issue 13's quick-mode targets, on the committed quick mode end to end (about 10 minutes on a busy 2-core
/// CPU: Long): the best model generalises to ungauged basins (PUB median NSE at least 0.3), every split's medians
/// carry intervals and both claims a verdict; and the world can be learnt (the supervised LSTM's gauged median NSE at
/// least 0.6), which quick mode does not reach yet (measured 0.50 at 480 steps, 0.69 at 1280: docs/stefaland.md).</summary>
[Collection(TrainerTests.Serial)]
public class StefaLandQuickModeTests
{
    private static MetricsReport RunQuick(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        ExperimentRunner.Run(new StefaLandExperiment(), new ExperimentOptions { Mode = "quick", OutDir = folder });
        return MetricsReport.Load(Path.Combine(folder, "metrics.json"));
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Quick_mode_best_model_reaches_pub_nse_0_3_with_intervals_and_verdicts()
    {
        var metrics = RunQuick("stefaland-quick");
        var best = metrics.Models.Values.Where(m => m.ContainsKey("pub")).Max(m => m["pub"]["nse"]);
        Assert.True(best >= 0.3, $"best PUB median NSE {best:F3} < 0.3");
        foreach (var split in new[] { StefaLandExperiment.GaugedSplit, "pub", "pur" })
            Assert.True(metrics.Intervals["lstm"][split]["nse"].N > 0, split);
        Assert.Equal(new[] { "pub", "pur" }, metrics.Comparisons.Select(c => c.Split));
    }

    [Fact(Skip = "issue 13 target not met yet: quick mode's LSTM reaches gauged median NSE 0.50 at 480 steps (0.69 at 1280 steps, " +
                 "over the 5-minute budget); docs/stefaland.md, 'Why the models underfit'")]
    [Trait("Category", "Long")]
    public void Quick_mode_lstm_learns_the_gauged_sites_to_nse_0_6()
    {
        var gauged = RunQuick("stefaland-quick-gauged").Models["lstm"][StefaLandExperiment.GaugedSplit]["nse"];
        Assert.True(gauged >= 0.6, $"lstm gauged median NSE {gauged:F3} < 0.6");
    }
}
