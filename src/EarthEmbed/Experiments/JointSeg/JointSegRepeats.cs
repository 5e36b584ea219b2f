using EarthEmbed.Metrics;
using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Paper 3 in standard mode (<c>seeds</c> listed): steps 1-3 once per seed through <see cref="SeedRepeats"/>,
/// every metric as mean ± sd over seeds (urban and rural F1 included: splits test_urban, test_rural), and the paper's
/// claim decided on per-test-scene F1 pairs pooled over seeds (the same scenes for every model of a seed; labels
/// "seed7/&lt;scene name&gt;").</summary>
public static class JointSegRepeats
{
    /// <summary>The split name of the per-scene scores in metrics.json's "repeats".</summary>
    public const string SceneSplit = "test_scenes";

    /// <summary>Runs <paramref name="config"/> once per seed (<see cref="JointSegExperiment.Replicate"/> in
    /// seed&lt;N&gt;/), merges the metrics and decides the claim (<see cref="AddClaims"/>); returns the first seed's run
    /// carrying the merged metrics and every seed's run.</summary>
    public static JointSegRun Replicate(JointSegConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        var runs = SeedRepeats.Run(config, folder, context, JointSegExperiment.Replicate, r => r.Metrics);
        var seeds = runs.Select(r => r.Seed).ToList();
        var data = runs[0].Result.Metrics.Data + $" Seeds {string.Join(", ", seeds)} (mean ± sd over seeds).";
        var merged = SeedRepeats.Merge(JointSegExperiment.ExperimentName, data, seeds,
            runs.Select(r => r.Result.Metrics).ToList(), runs.Select(r => SceneScores(r.Result)).ToList());
        AddClaims(merged);
        return runs[0].Result with { Metrics = merged, SeedRuns = runs.Select(r => r.Result).ToList() };
    }

    /// <summary>F1 of every model on every test scene at the run's threshold (a scene with no impervious pixel in the
    /// label nor the prediction has no F1: NaN, dropped from the pairs).</summary>
    public static IReadOnlyList<UnitScore> SceneScores(JointSegRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Predictions.SelectMany(kv => kv.Value.Select(p =>
            new UnitScore(kv.Key, SceneSplit, "f1", "scene", p.Sample.Name, p.Confusion(run.Config.Threshold).F1))).ToList();
    }

    /// <summary>The paper's claim "JointSeg beats bilinear+U-Net" on per-scene test F1 (higher is better), decided on
    /// the pooled pairs (mean difference, Wilcoxon; docs/statistics.md) and recorded in <paramref name="report"/>.</summary>
    public static void AddClaims(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        bool Has(string model) => report.RepeatValues.TryGetValue(model, out var s) && s.ContainsKey(SceneSplit);
        if (Has("jointseg") && Has("bilinear_unet"))
            report.Compare("JointSeg beats bilinear+U-Net (test F1 per scene)", "jointseg", "bilinear_unet", SceneSplit, "f1",
                ClaimDirection.Greater, SeedRepeats.PooledOptions("scene"));
    }
}
