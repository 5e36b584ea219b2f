using System.Globalization;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.Height;

/// <summary>Mean bias of one model in one reference-height bin over seeds (the bins of each seed's own scene, matched
/// by index; their edges averaged).</summary>
/// <param name="Model">The model.</param>
/// <param name="Bin">The bin's index.</param>
/// <param name="Lower">The mean lower edge over seeds (m).</param>
/// <param name="Upper">The mean upper edge over seeds (m).</param>
/// <param name="Bias">Mean, lo and hi (mean ∓ sd) of the bin's bias over seeds.</param>
public sealed record HeightBinInterval(string Model, int Bin, double Lower, double Upper, IntervalEstimate Bias);

/// <summary>Paper 1 in standard mode (<c>seeds</c> listed): the four steps once per seed through
/// <see cref="SeedRepeats"/>, the metrics as mean ± sd over seeds, and the paper's two claims decided on per-tile
/// pairs pooled over seeds: the test block is cut into a fixed <see cref="TileGrid"/> × <see cref="TileGrid"/> grid of
/// tiles, each model scored on each tile (the same tiles for every model of a seed), labels "seed7/tile3".</summary>
public static class HeightRepeats
{
    /// <summary>Tiles per side of the test block for the paired comparisons (16 tiles a seed: 48 pairs with 3 seeds).</summary>
    public const int TileGrid = 4;

    /// <summary>The split name of the per-tile scores in metrics.json's "repeats".</summary>
    public const string TileSplit = "test_tiles";

    /// <summary>Runs <paramref name="config"/> once per seed (<see cref="HeightExperiment.Replicate"/> in seed&lt;N&gt;/),
    /// merges the metrics and decides the claims (<see cref="AddClaims"/>); returns the first seed's result carrying
    /// the merged metrics and every seed's result.</summary>
    public static HeightResult Replicate(HeightConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        var runs = SeedRepeats.Run(config, folder, context, HeightExperiment.Replicate, r => r.Metrics);
        var seeds = runs.Select(r => r.Seed).ToList();
        var data = runs[0].Result.Scene.Description + $"; seeds {string.Join(", ", seeds)} (mean ± sd over seeds)";
        var merged = SeedRepeats.Merge(HeightExperiment.ExperimentName, data, seeds,
            runs.Select(r => r.Result.Metrics).ToList(), runs.Select(r => TileScores(r.Result)).ToList());
        AddClaims(merged);
        return runs[0].Result with { Metrics = merged, SeedResults = runs.Select(r => r.Result).ToList() };
    }

    /// <summary>R² and RMSE of every model on every tile of the test block (<see cref="TileGrid"/>²; a tile with fewer
    /// than two valid pixels scores NaN, dropped from the pairs).</summary>
    public static IReadOnlyList<UnitScore> TileScores(HeightResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scores = new List<UnitScore>();
        foreach (var p in result.Predictions.Where(p => p.Split == "test"))
        {
            var (w, h) = (p.Region.Width, p.Region.Height);
            for (var ty = 0; ty < TileGrid; ty++)
                for (var tx = 0; tx < TileGrid; tx++)
                {
                    int x0 = tx * w / TileGrid, x1 = (tx + 1) * w / TileGrid, y0 = ty * h / TileGrid, y1 = (ty + 1) * h / TileGrid;
                    var observed = new List<float>();
                    var predicted = new List<float>();
                    for (var y = y0; y < y1; y++)
                        for (var x = x0; x < x1; x++)
                        {
                            observed.Add(p.Observed[y * w + x]);
                            predicted.Add(p.Predicted[y * w + x]);
                        }
                    var m = HeightMetrics.Compute(observed.ToArray(), predicted.ToArray());
                    var label = "tile" + (ty * TileGrid + tx).ToString(CultureInfo.InvariantCulture);
                    var few = m.Count < 2;
                    scores.Add(new UnitScore(p.Model, TileSplit, "r2", "tile", label, few ? double.NaN : m.R2));
                    scores.Add(new UnitScore(p.Model, TileSplit, "rmse", "tile", label, few ? double.NaN : m.Rmse));
                }
        }
        return scores;
    }

    /// <summary>The paper's claims, each decided on the pooled per-tile pairs (mean difference, Wilcoxon; the verdict
    /// rule of docs/statistics.md) and recorded in <paramref name="report"/>'s comparisons: "U-Net++ beats U-Net" on
    /// test R² (higher is better) and RMSE (lower is better), "U-Net beats ridge" on test R². A claim whose models did
    /// not both run is left out.</summary>
    public static void AddClaims(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        bool Has(string model) => report.RepeatValues.TryGetValue(model, out var s) && s.ContainsKey(TileSplit);
        var options = SeedRepeats.PooledOptions("tile");
        if (Has("unetpp") && Has("unet"))
        {
            report.Compare("U-Net++ beats U-Net (test R² per tile)", "unetpp", "unet", TileSplit, "r2", ClaimDirection.Greater, options);
            report.Compare("U-Net++ beats U-Net (test RMSE per tile)", "unetpp", "unet", TileSplit, "rmse", ClaimDirection.Less, options);
        }
        if (Has("unet") && Has("ridge"))
            report.Compare("U-Net beats ridge (test R² per tile)", "unet", "ridge", TileSplit, "r2", ClaimDirection.Greater, options);
    }

    /// <summary>Bias per reference-height bin on <paramref name="split"/> as mean ± sd over the seeds of a repeated
    /// run (bins matched by index); empty for a single run.</summary>
    public static IReadOnlyList<HeightBinInterval> BinBiasOverSeeds(HeightResult result, string split)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.SeedResults.Count == 0) return [];
        var rows = result.SeedResults.Select(r => r.BinBias.Where(b => b.Split == split).ToList()).ToList();
        var list = new List<HeightBinInterval>();
        foreach (var model in result.ModelNames)
        {
            var perSeed = rows.Select(r => r.Where(b => b.Model == model).OrderBy(b => b.Lower).ToList()).ToList();
            var bins = perSeed.Min(r => r.Count);
            for (var k = 0; k < bins; k++)
                list.Add(new HeightBinInterval(model, k, perSeed.Average(r => r[k].Lower), perSeed.Average(r => r[k].Upper),
                    Statistics.Summarise(perSeed.Select(r => r[k].Bias).ToArray(), IntervalKind.MeanSd, 0)));
        }
        return list;
    }
}
