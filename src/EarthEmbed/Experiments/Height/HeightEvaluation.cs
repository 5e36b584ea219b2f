using EarthEmbed.Geo;
using EarthEmbed.Metrics;

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

/// <summary>Evaluation: each model predicts each split's region with streaming tiled prediction into a GeoTIFF
/// (what <c>earthembed predict</c> does), the file is read back and scored against the reference heights.</summary>
public static class HeightEvaluation
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
}
