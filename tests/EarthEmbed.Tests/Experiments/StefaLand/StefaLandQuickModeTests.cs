#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Runs;
using EarthEmbed.Tests.Training;

namespace EarthEmbed.Tests.Experiments.StefaLand;

/// <summary>Issue 13's quick-mode targets, on the committed quick mode end to end (minutes: Long): the world and
/// pipeline can be learnt (the supervised LSTM's gauged median NSE at least 0.6) and the best model generalises to
/// ungauged basins (PUB median NSE at least 0.3); every split's medians carry intervals and both claims a verdict.</summary>
[Collection(TrainerTests.Serial)]
public class StefaLandQuickModeTests
{
    [Fact]
    [Trait("Category", "Long")]
    public void Quick_mode_learns_the_gauged_sites_and_the_best_model_reaches_pub_nse_0_3()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "stefaland-quick");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        ExperimentRunner.Run(new StefaLandExperiment(), new ExperimentOptions { Mode = "quick", OutDir = folder });
        var metrics = MetricsReport.Load(Path.Combine(folder, "metrics.json"));
        var gauged = metrics.Models["lstm"][StefaLandExperiment.GaugedSplit]["nse"];
        Assert.True(gauged >= 0.6, $"lstm gauged median NSE {gauged:F3} < 0.6");
        var best = StefaLandResult.Models.Max(m => metrics.Models[m]["pub"]["nse"]);
        Assert.True(best >= 0.3, $"best PUB median NSE {best:F3} < 0.3");
        foreach (var split in new[] { StefaLandExperiment.GaugedSplit, "pub", "pur" })
            Assert.True(metrics.Intervals["lstm"][split]["nse"].N > 0, split);
        Assert.Equal(new[] { "pub", "pur" }, metrics.Comparisons.Select(c => c.Split));
    }
}
