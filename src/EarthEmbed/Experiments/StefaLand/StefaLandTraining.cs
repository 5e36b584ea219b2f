using EarthEmbed.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The training of the replication on the shared <see cref="Trainer"/>: masked-autoencoder pretraining and
/// fine-tuning of a <see cref="SiteSequenceModel"/> on a daily target. Both draw random windows from the training
/// sites in the training period, use AdamW (weight decay 0.01) with gradient-norm clipping and a constant learning
/// rate, and report the mean loss of each epoch through <c>epochDone(epoch, loss)</c> (1-based epochs). Each epoch's
/// windows (and pretraining masks) come from generators seeded by (seed, epoch) alone, so a resumed run draws what an
/// uninterrupted one would. Decision: the earlier loops drew from one stream for the whole run; the draw order changed
/// with the port, so quick-mode numbers moved slightly; the losses are unchanged.</summary>
public static class StefaLandTraining
{
    // AdamW's weight decay in both loops: PyTorch's default 0.01, passed explicitly (TorchSharp's default is 0).
    private const double WeightDecay = 0.01;

    /// <summary>Pretrains <paramref name="model"/> with StefaLand's masks and masked NSE loss; returns the loss per
    /// epoch (none when <c>pretrain_epochs</c> is 0). With <paramref name="checkpointFolder"/>, checkpoints every epoch there; <paramref name="resume"/>
    /// continues from the last good one.</summary>
    public static List<double> Pretrain(StefaLandPretrainModel model, NormalizedData data, IReadOnlyList<int> trainSites,
        StefaLandConfig config, int seed, Action<int, double>? epochDone = null, string? checkpointFolder = null, bool resume = false,
        Action<string>? notice = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        // pretrain_epochs: 0 leaves the encoder at its random start (a diagnosis of the supervised models alone).
        if (config.PretrainEpochs == 0) return [];
        var steps = Math.Max(1, (config.PretrainSamplesPerEpoch + config.BatchSize - 1) / config.BatchSize);
        var trainer = MakeTrainer(config.PretrainEpochs, config.PretrainLearningRate, config, seed, checkpointFolder, epochDone, notice);
        var history = trainer.Fit(new PretrainTask(model, config), new PretrainBatches(data, trainSites, config, seed, steps), resume, cancellation);
        return history.Epochs.Select(e => e.TrainLoss).ToList();
    }

    /// <summary>Fine-tunes <paramref name="model"/>'s trainable parameters on <paramref name="target"/> with the NSE*
    /// loss (the first <c>warmup_days</c> of each window unscored); returns the loss per epoch. Checkpoints and resume
    /// as <see cref="Pretrain"/>. <paramref name="epochs"/>: the epochs to run (default <c>finetune_epochs</c>; the caller
    /// passes <see cref="StefaLandConfig.FinetuneEpochsOf"/> for a named model).</summary>
    public static List<double> Finetune(SiteSequenceModel model, NormalizedData data, string target, IReadOnlyList<int> trainSites,
        StefaLandConfig config, int seed, Action<int, double>? epochDone = null, string? checkpointFolder = null, bool resume = false,
        Action<string>? notice = null, int? epochs = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        if (!data.Targets.TryGetValue(target, out var block))
            throw new KeyNotFoundException($"target '{target}' is not in the dataset (targets: {string.Join(", ", data.Targets.Keys)})");
        var steps = Math.Max(1, (config.FinetuneSamplesPerEpoch + config.BatchSize - 1) / config.BatchSize);
        var trainer = MakeTrainer(epochs ?? config.FinetuneEpochs, config.FinetuneLearningRate, config, seed, checkpointFolder, epochDone, notice);
        var history = trainer.Fit(new FinetuneTask(model, config), new FinetuneBatches(data, block, trainSites, config, seed, steps), resume, cancellation);
        return history.Epochs.Select(e => e.TrainLoss).ToList();
    }

    // The epoch lines go through epochDone (the paper's own wording); the trainer's other lines (resume notices) through notice.
    private static Trainer MakeTrainer(int epochs, double learningRate, StefaLandConfig config, int seed, string? folder,
        Action<int, double>? epochDone, Action<string>? notice) =>
        new(new TrainerOptions
        {
            Epochs = epochs, LearningRate = learningRate, WeightDecay = WeightDecay, Schedule = "none", Patience = 0,
            RestoreBest = false, ClipGradNorm = config.ClipNorm, Seed = seed,
        }, folder)
        {
            EpochEnded = epochDone is null ? null : e => epochDone(e.Epoch + 1, e.TrainLoss),
            Log = notice is null ? null : line => { if (!line.StartsWith("epoch ", StringComparison.Ordinal)) notice(line); },
        };

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
