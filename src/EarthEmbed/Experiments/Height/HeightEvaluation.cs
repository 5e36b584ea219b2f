using System.Globalization;
using EarthEmbed.Geo;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.Height;

/// <summary>The metrics of one model on one split (valid pixels only).</summary>
public sealed record HeightMetrics(long Count, double R2, double Rmse, double Mae, double Bias, double MedianDiff, double Nmad,
    double Pearson, double Spearman)
{
    /// <summary>The metrics of predicted against observed heights (the shared NaN masking rule applies).</summary>
    public static HeightMetrics Compute(ReadOnlySpan<float> observed, ReadOnlySpan<float> predicted)
    {
        var (o, p) = Pairs.Valid(observed, predicted);
        return new HeightMetrics(o.Length, Regression.R2(o, p), Regression.Rmse(o, p), Regression.Mae(o, p), Regression.Bias(o, p),
            Regression.MedianDiff(o, p), Regression.Nmad(o, p), Regression.Pearson(o, p), Regression.Spearman(o, p));
    }

    /// <summary>Metric name (metrics.json) and value pairs.</summary>
    public IEnumerable<(string Name, double Value)> Named() =>
    [
        ("r2", R2), ("rmse", Rmse), ("mae", Mae), ("bias", Bias), ("median_diff", MedianDiff), ("nmad", Nmad),
        ("pearson", Pearson), ("spearman", Spearman),
    ];
}

/// <summary>Mean error (predicted - reference) of one model on one split for reference heights in [Lower, Upper).</summary>
public sealed record HeightBinBias(string Model, string Split, double Lower, double Upper, long Count, double Bias);

/// <summary>One model's predictions of one split: the GeoTIFF written by streaming tiled prediction, and its values.</summary>
public sealed record SplitPrediction(string Model, string Split, PixelWindow Region, string Path, float[] Predicted, float[] Observed, HeightMetrics Metrics);

/// <summary>Mean bias of one model in one reference-height bin over seeds (the bins of each seed's own scene, matched
/// by index; their edges averaged).</summary>
/// <param name="Model">The model.</param>
/// <param name="Bin">The bin's index.</param>
/// <param name="Lower">The mean lower edge over seeds (m).</param>
/// <param name="Upper">The mean upper edge over seeds (m).</param>
/// <param name="Bias">Mean, lo and hi (mean ∓ sd) of the bin's bias over seeds.</param>
internal sealed record HeightBinInterval(string Model, int Bin, double Lower, double Upper, IntervalEstimate Bias);

/// <summary>Evaluation: each model predicts each split's region with streaming tiled prediction into a GeoTIFF
/// (what <c>earthembed predict</c> does), the file is read back and scored against the reference heights. In standard
/// mode (<c>seeds</c> listed, <see cref="SeedRepeats.Replicate"/>), the metrics are mean ± sd over seeds and the
/// paper's two claims are decided on per-tile pairs pooled over seeds: the test block is cut into a fixed
/// <see cref="TileGrid"/> × <see cref="TileGrid"/> grid of tiles, each model scored on each tile (the same tiles for
/// every model of a seed), labels "seed7/tile3" (<see cref="TileScores"/>, <see cref="AddClaims"/>).</summary>
internal static class HeightEvaluation
{
    /// <summary>Predicts <paramref name="split"/> ("train" or "test") of <paramref name="scene"/> with
    /// <paramref name="predictor"/> into <paramref name="path"/> and scores it.</summary>
    public static SplitPrediction Predict(string model, string split, HeightScene scene, ITilePredictor predictor, string path,
        HeightConfig config, IProgress<TilingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(config);
        var region = scene.Region(split);
        var options = new TiledPredictionOptions { TileSize = config.TileSize, Overlap = config.TileOverlap, BatchSize = 4, Progress = progress };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        TiledPrediction.Run(scene.InputSource(region), predictor, path, options);
        using var written = RasterDataset.Open(path);
        var window = written.ReadAll();
        var predicted = window.Values;
        for (var i = 0; i < predicted.Length; i++) if (!window.Valid[i]) predicted[i] = float.NaN;
        var observed = scene.TargetOf(region);
        return new SplitPrediction(model, split, region, path, predicted, observed, HeightMetrics.Compute(observed, predicted));
    }

    /// <summary>Equal-width bin edges over the valid reference heights of the whole scene.</summary>
    public static double[] BinEdges(HeightScene scene, int bins)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var p = 0; p < scene.Target.Length; p++)
        {
            if (!scene.Valid[p]) continue;
            lo = Math.Min(lo, scene.Target[p]);
            hi = Math.Max(hi, scene.Target[p]);
        }
        if (!(hi > lo)) hi = lo + 1;
        lo = Math.Floor(lo);
        hi = Math.Ceiling(hi) + 1e-6;  // the maximum falls inside the last bin
        return Enumerable.Range(0, bins + 1).Select(k => lo + (hi - lo) * k / bins).ToArray();
    }

    /// <summary>Bias per reference-height bin of one prediction.</summary>
    public static IEnumerable<HeightBinBias> BiasByBin(SplitPrediction prediction, double[] edges)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(edges);
        var (o, p) = Pairs.Valid(prediction.Observed, prediction.Predicted);
        var bins = Regression.BiasByBin(o, p, edges);
        for (var k = 0; k < bins.Length; k++)
            yield return new HeightBinBias(prediction.Model, prediction.Split, edges[k], edges[k + 1], bins[k].Count, bins[k].Bias);
    }

    /// <summary>Tiles per side of the test block for the paired comparisons (16 tiles a seed: 48 pairs with 3 seeds).</summary>
    public const int TileGrid = 4;

    /// <summary>The split name of the per-tile scores in metrics.json's "repeats".</summary>
    public const string TileSplit = "test_tiles";

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
