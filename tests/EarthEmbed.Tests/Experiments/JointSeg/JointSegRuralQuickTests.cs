using EarthEmbed.Experiments;
using EarthEmbed.Experiments.JointSeg;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>Issue 13's check for paper 3: in quick mode (the committed configs/jointseg.quick.yaml, its seed) JointSeg
/// finds some rural impervious surface, now that the rural scenes hold the roads, yards and buildings that leave a
/// trace in the 10 m signal (docs/jointseg.md). Several minutes of CPU, so Long.</summary>
public class JointSegRuralQuickTests
{
    [Fact]
    [Trait("Category", "Long")]
    public void Quick_mode_jointseg_finds_rural_impervious_surface()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-rural-quick");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var run = ExperimentRunner.Run(ExperimentCatalog.Find("jointseg"), new ExperimentOptions { Mode = "quick", OutDir = folder });
        var rural = run.Outcome.Metrics.Models["jointseg"]["test_rural"];
        Assert.True(rural["f1"] > 0, $"quick-mode jointseg rural F1 {rural["f1"]}, recall {rural["recall"]}");
        // The per-cover recalls are reported for the rural split (the table of what 10 m cannot place).
        Assert.Contains(run.Outcome.Metrics.Models["jointseg"].Keys, k => k.StartsWith("test_rural_cover_", StringComparison.Ordinal));
    }
}
