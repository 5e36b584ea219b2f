using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The training loops of the replication: masked-autoencoder pretraining and fine-tuning of a
/// <see cref="SiteSequenceModel"/> on a daily target. Both draw random windows from the training sites in the
/// training period (a seeded <see cref="Random"/>), use AdamW with gradient-norm clipping, and report the mean loss
/// of each epoch through <c>epochDone(epoch, loss)</c>.</summary>
public static class StefaLandTraining
{
    // AdamW's weight decay in both loops: PyTorch's default 0.01, passed explicitly (TorchSharp's default is 0).
    private const double WeightDecay = 0.01;

    /// <summary>Pretrains <paramref name="model"/> with StefaLand's masks and masked NSE loss; returns the loss per epoch.</summary>
    public static List<double> Pretrain(StefaLandPretrainModel model, NormalizedData data, IReadOnlyList<int> trainSites,
        StefaLandConfig config, int seed, Action<int, double>? epochDone = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var raw = data.Raw;
        int days = config.SequenceLength, v = raw.Forcings.Count, a = raw.Attributes.Count;
        var random = new Random(seed);
        var masks = new MaskGenerator(days, v, raw.AttributeGroups, config.MinMaskDays, config.MaxMaskDays,
            config.TimeMaskRatio, config.StaticMaskRatio, seed + 1);
        using var optimizer = torch.optim.AdamW(model.parameters(), lr: config.PretrainLearningRate, weight_decay: WeightDecay);
        var losses = new List<double>();
        model.train();
        var steps = Math.Max(1, (config.PretrainSamplesPerEpoch + config.BatchSize - 1) / config.BatchSize);
        for (var epoch = 1; epoch <= config.PretrainEpochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var sum = 0.0;
            for (var step = 0; step < steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var (sites, starts) = Windows.Sample(random, trainSites, 0, raw.TrainDays, days, config.BatchSize);
                var (dynamic, statics) = Windows.Inputs(data, sites, starts, days);
                var draw = masks.Sample(config.BatchSize);
                var dynamicMask = torch.tensor(draw.Dynamic, new long[] { config.BatchSize, days, v });
                var staticMask = torch.tensor(draw.Static, new long[] { config.BatchSize, a });
                var (pd, ps) = model.call(dynamic, statics, dynamicMask, staticMask);
                var loss = MaskedNseLoss.Total(pd, dynamic, dynamicMask, Windows.DynamicStd(data, sites), ps, statics, staticMask,
                    config.StaticLossWeight);
                optimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), config.ClipNorm);
                optimizer.step();
                sum += loss.ToDouble();
            }
            losses.Add(sum / steps);
            epochDone?.Invoke(epoch, sum / steps);
        }
        return losses;
    }

    /// <summary>Fine-tunes <paramref name="model"/>'s trainable parameters on <paramref name="target"/> with the NSE*
    /// loss (the first <c>warmup_days</c> of each window unscored); returns the loss per epoch.</summary>
    public static List<double> Finetune(SiteSequenceModel model, NormalizedData data, string target, IReadOnlyList<int> trainSites,
        StefaLandConfig config, int seed, Action<int, double>? epochDone = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        if (!data.Targets.TryGetValue(target, out var block))
            throw new KeyNotFoundException($"target '{target}' is not in the dataset (targets: {string.Join(", ", data.Targets.Keys)})");
        var raw = data.Raw;
        var days = config.SequenceLength;
        var random = new Random(seed);
        var parameters = model.TrainableParameters().ToList();
        using var optimizer = torch.optim.AdamW(parameters, lr: config.FinetuneLearningRate, weight_decay: WeightDecay);
        var losses = new List<double>();
        model.train();
        var steps = Math.Max(1, (config.FinetuneSamplesPerEpoch + config.BatchSize - 1) / config.BatchSize);
        for (var epoch = 1; epoch <= config.FinetuneEpochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var sum = 0.0;
            for (var step = 0; step < steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var (sites, starts) = Windows.Sample(random, trainSites, 0, raw.TrainDays, days, config.BatchSize);
                var (dynamic, statics) = Windows.Inputs(data, sites, starts, days);
                var (observed, siteStd) = Windows.Target(block, raw.Days, sites, starts, days);
                var loss = MaskedNseLoss.Target(model.call(dynamic, statics), observed, siteStd, config.WarmupDays);
                optimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, config.ClipNorm);
                optimizer.step();
                sum += loss.ToDouble();
            }
            losses.Add(sum / steps);
            epochDone?.Invoke(epoch, sum / steps);
        }
        return losses;
    }

    /// <summary>Daily predictions of <paramref name="target"/> in its own units (negative values clipped to 0) for
    /// each of <paramref name="sites"/> over days [<paramref name="from"/>, <paramref name="to"/>): windows step by
    /// T - warmup so that every scored day has at least <c>warmup_days</c> of context before it; the first window
    /// starts <c>warmup_days</c> before <paramref name="from"/> (forcings there are known; targets are not used).</summary>
    public static float[][] Predict(SiteSequenceModel model, NormalizedData data, string target, IReadOnlyList<int> sites,
        int from, int to, StefaLandConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(config);
        var block = data.Targets[target];
        int days = config.SequenceLength, warmup = config.WarmupDays, stride = days - warmup;
        if (from < warmup) throw new ArgumentOutOfRangeException(nameof(from), from, $"prediction needs {warmup} days of forcings before the first day");
        var windows = new List<(int Site, int Row, int Start)>();
        for (var i = 0; i < sites.Count; i++)
            for (var first = from; first < to; first += stride)
                windows.Add((sites[i], i, Math.Min(first, to - stride) - warmup));
        var result = sites.Select(_ => new float[to - from]).ToArray();
        model.eval();
        using var noGrad = torch.no_grad();
        for (var k = 0; k < windows.Count; k += config.BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = windows.Skip(k).Take(config.BatchSize).ToArray();
            var (dynamic, statics) = Windows.Inputs(data, chunk.Select(w => w.Site).ToArray(), chunk.Select(w => w.Start).ToArray(), days);
            var predicted = model.call(dynamic, statics).contiguous().data<float>().ToArray();
            for (var j = 0; j < chunk.Length; j++)
                for (var t = warmup; t < days; t++)
                {
                    var day = chunk[j].Start + t;
                    if (day < from || day >= to) continue;
                    var value = predicted[j * days + t] * block.Std + block.Mean;
                    result[chunk[j].Row][day - from] = (float)Math.Max(0, value);
                }
        }
        model.train();
        return result;
    }
}
