using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Geo;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>One model's prediction of one whole scene at the fine resolution: ISA probability per pixel and, for
/// models that make one, the super-resolved image in reflectance (band-sequential).</summary>
public sealed record ScenePrediction(SuperResolutionSample Sample, float[] Probability, float[]? SuperResolved)
{
    /// <summary>The binary map at <paramref name="threshold"/>.</summary>
    public bool[] Mask(double threshold) => Probability.Select(p => p > threshold).ToArray();

    /// <summary>The confusion matrix against the sample's label (label 255 = no data is skipped).</summary>
    public Confusion Confusion(double threshold)
    {
        var label = Sample.Label ?? throw new InvalidOperationException($"scene '{Sample.Name}' has no label");
        var valid = label.Select(v => v != 255).ToArray();
        return Metrics.Confusion.Count(label.Select(v => v == 1).ToArray(), Mask(threshold), valid);
    }
}

/// <summary>Whole-scene prediction and the replication's metrics; the streamed 1 m GeoTIFF. In standard mode
/// (<c>seeds</c> listed, <see cref="JointSegExperiment.ReplicateSeeds"/>), the paper's claim is decided on per-test-scene
/// F1 pairs pooled over seeds (the same scenes for every model of a seed; labels "seed7/&lt;scene name&gt;").</summary>
internal static class JointSegEvaluation
{
    /// <summary>Predicts <paramref name="scene"/> with <paramref name="model"/> (evaluation mode, no gradients).
    /// JointSeg also returns its final super-resolved image; bilinear_unet the bilinear image it segments.</summary>
    public static ScenePrediction Predict(nn.Module<Tensor, Tensor> model, SceneTensors scene, BandStats stats)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(stats);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor logits;
        Tensor? image = null;
        switch (model)
        {
            case JointSegModel joint:
                var output = joint.ForwardAll(scene.Low);
                logits = output.Logits;
                image = output.SuperResolved[^1];
                break;
            case BilinearUNet bilinear:
                logits = bilinear.call(scene.Low);
                image = bilinear.Upsample(scene.Low);
                break;
            default:
                logits = model.call(scene.Low);
                break;
        }
        var probability = logits.sigmoid().contiguous().data<float>().ToArray();
        var sr = image is null ? null : stats.Denormalize(image).contiguous().data<float>().ToArray();
        return new ScenePrediction(scene.Sample, probability, sr);
    }

    /// <summary>The test splits: all test scenes, and each scene type on its own.</summary>
    public static IEnumerable<(string Split, Func<SuperResolutionSample, bool> Filter)> Splits() =>
    [
        ("test", _ => true),
        ("test_urban", s => s.Type == SceneType.Urban),
        ("test_rural", s => s.Type == SceneType.Rural),
    ];

    /// <summary>Adds F1, precision, recall, IoU, OA and kappa (pooled confusion over the split's scenes) and PSNR
    /// (pooled squared error, peak 1 = reflectance) of <paramref name="predictions"/> to <paramref name="report"/>,
    /// and the recall of the ISA pixels grouped by the ISA cover of their 10 m pixel (<see cref="IsaCover"/>) under
    /// the splits "SPLIT_cover_00_25" ... "SPLIT_cover_75_100" (only bins that hold ISA); returns the pooled confusion
    /// of each split.</summary>
    public static Dictionary<string, Confusion> Score(Runs.MetricsReport report, string model,
        IReadOnlyList<ScenePrediction> predictions, double threshold)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(predictions);
        var result = new Dictionary<string, Confusion>();
        foreach (var (split, filter) in Splits())
        {
            var chosen = predictions.Where(p => filter(p.Sample)).ToList();
            if (chosen.Count == 0) continue;
            var c = chosen.Select(p => p.Confusion(threshold)).Aggregate((a, b) => a + b);
            result[split] = c;
            AddRecallByCover(report, model, split, chosen, threshold);
            report.Add(model, split, "f1", c.F1);
            report.Add(model, split, "precision", c.Precision);
            report.Add(model, split, "recall", c.Recall);
            report.Add(model, split, "iou", c.IoU);
            report.Add(model, split, "oa", c.OverallAccuracy);
            report.Add(model, split, "kappa", c.Kappa);
            if (chosen.All(p => p.SuperResolved is not null && p.Sample.HighRes is not null))
            {
                double sum = 0;
                long n = 0;
                foreach (var p in chosen)
                {
                    var mse = ImageQuality.Mse(p.Sample.HighRes, p.SuperResolved);
                    sum += mse * p.Sample.HighRes!.Length;
                    n += p.Sample.HighRes.Length;
                }
                report.Add(model, split, "psnr", 10 * Math.Log10(1.0 / (sum / n)));
            }
        }
        return result;
    }

    /// <summary>The name of the split that holds <paramref name="split"/>'s recall in cover bin <paramref name="bin"/>.</summary>
    public static string CoverSplit(string split, int bin) => $"{split}_{IsaCover.BinNames[bin]}";

    private static void AddRecallByCover(Runs.MetricsReport report, string model, string split, IReadOnlyList<ScenePrediction> chosen, double threshold)
    {
        var bins = IsaCover.BinNames.Count;
        long[] found = new long[bins], total = new long[bins];
        foreach (var p in chosen)
        {
            var s = p.Sample;
            if (s.Label is not { } label) continue;
            var cover = IsaCover.Fraction(label, s.LowHeight, s.LowWidth, s.Factor);
            for (var i = 0; i < label.Length; i++)
            {
                if (label[i] != 1) continue;
                int row = i / s.HighWidth, col = i % s.HighWidth;
                var bin = IsaCover.Bin(cover[((row / s.Factor) * s.LowWidth) + (col / s.Factor)]);
                total[bin]++;
                if (p.Probability[i] > threshold) found[bin]++;
            }
        }
        for (var k = 0; k < bins; k++)
            if (total[k] > 0) report.Add(model, CoverSplit(split, k), "recall", found[k] / (double)total[k]);
    }

    /// <summary>Streams <paramref name="model"/> over the 10 m GeoTIFF <paramref name="lowResPath"/> seen on its 1 m
    /// grid, writing the ISA probability GeoTIFF <paramref name="output"/> tile by tile.</summary>
    public static TilingReport PredictGeoTiff(nn.Module<Tensor, Tensor> model, BandStats stats, JointSegConfig config, string lowResPath, string output)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var raster = RasterDataset.Open(lowResPath);
        var view = new FineGridView(raster, config.Factor);
        var predictor = new FineGridPredictor(model, stats, config.Factor, raster.BandCount);
        return TiledPrediction.Run(view, predictor, output, new TiledPredictionOptions
        {
            TileSize = config.TileSize, Overlap = config.TileOverlap, BatchSize = 1, Padding = EdgePadding.Edge,
            Output = new GeoTiffOptions { NoData = double.NaN, BandDescriptions = ["isa_probability"] },
        });
    }

    /// <summary>The split name of the per-scene scores in metrics.json's "repeats".</summary>
    public const string SceneSplit = "test_scenes";

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
