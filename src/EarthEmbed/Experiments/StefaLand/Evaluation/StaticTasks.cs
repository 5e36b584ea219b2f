using EarthEmbed.Engine.Ops;
using EarthEmbed.Metrics;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The non-temporal tasks on a frozen pretrained encoder: soil texture (sand and clay fractions per site,
/// scored by R² over test sites) and landslides (does a window contain a landslide event, scored by F1 and ROC-AUC
/// over the test sites' windows; the F1 threshold is the one that maximises F1 on the training windows, since
/// events are rare and the paper does not give its threshold). Each sample's feature is the encoder's mean daily
/// output concatenated with its static-token output (2d values), z-scored with the training samples' moments.
/// "stefaland" fits the paper's MLP head Linear(2d→d) ReLU Dropout Linear(d→out); "linear_probe" fits one Linear
/// layer. Full-batch AdamW.</summary>
internal static class StaticTasks
{
    /// <summary>Encoder features [N, 2d] of the windows at (<paramref name="sites"/>, <paramref name="starts"/>).</summary>
    public static float[] Features(StefaLandEncoder encoder, NormalizedData data, IReadOnlyList<int> sites, IReadOnlyList<int> starts,
        StefaLandConfig config)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(config);
        var days = config.SequenceLength;
        var features = new List<float>();
        for (var k = 0; k < sites.Count; k += config.BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            var n = Math.Min(config.BatchSize, sites.Count - k);
            var (dynamic, statics) = Windows.Inputs(data, sites.Skip(k).Take(n).ToArray(), starts.Skip(k).Take(n).ToArray(), days);
            var encoded = Frozen.Encode(encoder, true, dynamic, statics);
            var pooled = torch.cat([encoded.narrow(1, 0, days).mean([1]), encoded.select(1, days)], 1);
            features.AddRange(pooled.contiguous().data<float>().ToArray());
        }
        return features.ToArray();
    }

    /// <summary>Fits a head (MLP or linear) on [N, F] features to [N, O] targets (z-scored regression with MSE, or one
    /// logit with class-balanced BCE) and returns the predictions for <paramref name="testFeatures"/> [M, O]
    /// (probabilities for classification).</summary>
    public static float[] FitPredict(float[] trainFeatures, float[] trainTargets, float[] testFeatures, int featureCount, int outputs,
        bool mlp, bool classification, StefaLandConfig config, int seed, int steps = 300)
    {
        ArgumentNullException.ThrowIfNull(trainFeatures);
        ArgumentNullException.ThrowIfNull(trainTargets);
        ArgumentNullException.ThrowIfNull(testFeatures);
        ArgumentNullException.ThrowIfNull(config);
        torch.manual_seed(seed);
        var n = trainFeatures.Length / featureCount;
        var d = config.DModel;
        (trainFeatures, testFeatures) = Standardise(trainFeatures, testFeatures, featureCount);
        using var head = mlp
            ? nn.Sequential(nn.Linear(featureCount, d), nn.ReLU(), nn.Dropout(config.Dropout), nn.Linear(d, outputs))
            : nn.Sequential(nn.Linear(featureCount, outputs));
        using var optimizer = torch.optim.AdamW(head.parameters(), lr: 3e-3, weight_decay: 1e-2);
        using (var scope = torch.NewDisposeScope())
        {
            var x = torch.tensor(trainFeatures, new long[] { n, featureCount });
            var y = torch.tensor(trainTargets, new long[] { n, outputs });
            var valid = y.isnan().logical_not();
            var yFilled = y.FillMasked(valid.logical_not(), 0.0);
            var positives = trainTargets.Count(v => v > 0.5);
            var posWeight = classification
                ? torch.full(new long[] { outputs }, Math.Max(1.0, (n - positives) / Math.Max(1.0, positives)), ScalarType.Float32)
                : null;
            head.train();
            for (var step = 0; step < steps; step++)
            {
                using var inner = torch.NewDisposeScope();
                var output = head.call(x);
                var loss = classification
                    ? F.binary_cross_entropy_with_logits(output, yFilled, pos_weights: posWeight)
                    : ((output - yFilled).square().FillMasked(valid.logical_not(), 0.0).sum() / valid.to(ScalarType.Float32).sum().clamp_min(1.0));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        head.eval();
        using var noGrad = torch.no_grad();
        using var s = torch.NewDisposeScope();
        var m = testFeatures.Length / featureCount;
        var predicted = head.call(torch.tensor(testFeatures, new long[] { m, featureCount }));
        return (classification ? predicted.sigmoid() : predicted).contiguous().data<float>().ToArray();
    }

    /// <summary>Z-scores both feature sets [N, F] with the per-feature mean and standard deviation of the training
    /// set (<see cref="StefaLandData.Moments"/>: a constant feature keeps scale 1).</summary>
    internal static (float[] Train, float[] Test) Standardise(float[] train, float[] test, int featureCount)
    {
        var n = train.Length / featureCount;
        var moments = Enumerable.Range(0, featureCount)
            .Select(k => StefaLandData.Moments(Enumerable.Range(0, n).Select(i => train[i * featureCount + k]))).ToArray();
        float[] Apply(float[] x) => x.Select((v, j) => (float)((v - moments[j % featureCount].Mean) / moments[j % featureCount].Std)).ToArray();
        return (Apply(train), Apply(test));
    }

    /// <summary>The probability threshold that maximises F1 of <paramref name="probabilities"/> against
    /// <paramref name="labels"/> (0.5 when there are no positives).</summary>
    internal static double BestF1Threshold(IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels)
    {
        if (!labels.Any(l => l)) return 0.5;
        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ToArray();
        int positives = labels.Count(l => l), tp = 0, fp = 0;
        double best = -1, threshold = 0.5;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k + 1 < order.Length && probabilities[order[k + 1]] == probabilities[order[k]]) continue;
            var f1 = 2.0 * tp / (2.0 * tp + fp + (positives - tp));
            if (f1 > best)
            {
                best = f1;
                threshold = k + 1 < order.Length ? 0.5 * (probabilities[order[k]] + probabilities[order[k + 1]]) : probabilities[order[k]];
            }
        }
        return threshold;
    }

    /// <summary>Soil texture: R² of sand and clay over <paramref name="testSites"/> for "stefaland" (MLP) and
    /// "linear_probe" (linear), features averaged over one window per training-period year.</summary>
    public static IEnumerable<TaskScore> Texture(StefaLandEncoder encoder, NormalizedData data, IReadOnlyList<int> trainSites,
        IReadOnlyList<int> testSites, StefaLandConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var raw = data.Raw;
        var starts = Enumerable.Range(0, Math.Max(1, (raw.TrainDays - config.SequenceLength) / 365 + 1)).Select(y => y * 365).ToArray();
        float[] SiteFeatures(IReadOnlyList<int> sites)
        {
            var all = Features(encoder, data, sites.SelectMany(s => starts.Select(_ => s)).ToArray(),
                sites.SelectMany(_ => starts).ToArray(), config);
            var f = 2 * config.DModel;
            var mean = new float[sites.Count * f];
            for (var i = 0; i < sites.Count; i++)
                for (var j = 0; j < starts.Length; j++)
                    for (var k = 0; k < f; k++) mean[i * f + k] += all[(i * starts.Length + j) * f + k] / starts.Length;
            return mean;
        }
        var train = SiteFeatures(trainSites);
        var test = SiteFeatures(testSites);
        // z-score the texture targets with the training sites' statistics.
        var moments = Enumerable.Range(0, 2).Select(k => StefaLandData.Moments(trainSites.Select(s => raw.Texture[s * 2 + k]))).ToArray();
        var y = trainSites.SelectMany(s => Enumerable.Range(0, 2).Select(k => (float)((raw.Texture[s * 2 + k] - moments[k].Mean) / moments[k].Std))).ToArray();
        foreach (var (model, mlp) in new[] { ("stefaland", true), ("linear_probe", false) })
        {
            var predicted = FitPredict(train, y, test, 2 * config.DModel, 2, mlp, false, config, seed);
            for (var k = 0; k < 2; k++)
            {
                var o = testSites.Select(s => (double)raw.Texture[s * 2 + k]).ToArray();
                var p = testSites.Select((_, i) => predicted[i * 2 + k] * moments[k].Std + moments[k].Mean).ToArray();
                yield return new TaskScore(model, k == 0 ? "pub_sand" : "pub_clay", "r2", Regression.R2(o, p));
            }
        }
    }

    /// <summary>Landslides: every non-overlapping window of every site is a sample labelled 1 when an event falls in
    /// it; train on <paramref name="trainSites"/>' windows, score F1 and ROC-AUC on <paramref name="testSites"/>'.</summary>
    public static IEnumerable<TaskScore> Landslides(StefaLandEncoder encoder, NormalizedData data, IReadOnlyList<int> trainSites,
        IReadOnlyList<int> testSites, StefaLandConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var raw = data.Raw;
        var days = config.SequenceLength;
        (int[] Sites, int[] Starts, float[] Labels) Samples(IReadOnlyList<int> sites)
        {
            var list = sites.SelectMany(s => Enumerable.Range(0, raw.Days / days).Select(w => (s, w * days))).ToArray();
            var labels = list.Select(p => Enumerable.Range(p.Item2, days).Any(t => raw.Landslides[p.s * raw.Days + t]) ? 1f : 0f).ToArray();
            return (list.Select(p => p.s).ToArray(), list.Select(p => p.Item2).ToArray(), labels);
        }
        var train = Samples(trainSites);
        var test = Samples(testSites);
        var trainFeatures = Features(encoder, data, train.Sites, train.Starts, config);
        var testFeatures = Features(encoder, data, test.Sites, test.Starts, config);
        var label = test.Labels.Select(l => l > 0.5f).ToArray();
        var trainLabel = train.Labels.Select(l => l > 0.5f).ToArray();
        foreach (var (model, mlp) in new[] { ("stefaland", true), ("linear_probe", false) })
        {
            var both = FitPredict(trainFeatures, train.Labels, [.. trainFeatures, .. testFeatures], 2 * config.DModel, 1, mlp, true, config, seed);
            var threshold = BestF1Threshold(both[..trainLabel.Length], trainLabel);
            var p = both[trainLabel.Length..];
            var confusion = Confusion.Count(label, p.Select(x => x >= threshold).ToArray());
            yield return new TaskScore(model, "pub_landslides", "f1", confusion.F1);
            yield return new TaskScore(model, "pub_landslides", "auc", Classification.RocAuc(label, p.Select(x => (double)x).ToArray()));
        }
    }
}
