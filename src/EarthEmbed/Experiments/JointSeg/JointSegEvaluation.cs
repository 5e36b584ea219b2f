using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Metrics;
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

/// <summary>Whole-scene prediction and the replication's metrics.</summary>
public static class JointSegEvaluation
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
}
