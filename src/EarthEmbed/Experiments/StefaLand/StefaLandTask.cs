using EarthEmbed.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The training of the replication on the shared <see cref="Trainer"/>: masked-autoencoder pretraining
/// (<see cref="PretrainTask"/>) and fine-tuning of a <see cref="SiteSequenceModel"/> on a daily target
/// (<see cref="FinetuneTask"/>), each on its epoch-seeded batch source. Both draw random windows from the training
/// sites in the training period, use AdamW (weight decay 0.01) with gradient-norm clipping and a constant learning
/// rate, and report the mean loss of each epoch through <c>epochDone(epoch, loss)</c> (1-based epochs). Each epoch's
/// windows (and pretraining masks) come from generators seeded by (seed, epoch) alone, so a resumed run draws what an
/// uninterrupted one would. Decision: the earlier loops drew from one stream for the whole run; the draw order changed
/// with the port, so quick-mode numbers moved slightly; the losses are unchanged.</summary>
internal static class StefaLandTask
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
    /// as <see cref="Pretrain"/>. <paramref name="epochs"/>: the epochs to run, <see cref="StefaLandConfig.FinetuneEpochsOf"/>
    /// of the model being fine-tuned.</summary>
    public static List<double> Finetune(SiteSequenceModel model, NormalizedData data, string target, IReadOnlyList<int> trainSites,
        StefaLandConfig config, int seed, int epochs, Action<int, double>? epochDone = null, string? checkpointFolder = null, bool resume = false,
        Action<string>? notice = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        if (!data.Targets.TryGetValue(target, out var block))
            throw new KeyNotFoundException($"target '{target}' is not in the dataset (targets: {string.Join(", ", data.Targets.Keys)})");
        var steps = Math.Max(1, (config.FinetuneSamplesPerEpoch + config.BatchSize - 1) / config.BatchSize);
        var trainer = MakeTrainer(epochs, config.FinetuneLearningRate, config, seed, checkpointFolder, epochDone, notice);
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
}

/// <summary>One pretraining batch: normalised windows, statics, the masks drawn for them and the sites' σ.</summary>
internal sealed record PretrainBatch(Tensor Dynamic, Tensor Statics, Tensor DynamicMask, Tensor StaticMask, Tensor DynamicStd);

/// <summary>One fine-tuning batch: inputs, the observed target (NaN = not scored) and the sites' σ of it.</summary>
internal sealed record FinetuneBatch(Tensor Dynamic, Tensor Statics, Tensor Observed, Tensor SiteStd);

/// <summary>StefaLand's masked-autoencoder objective: masked NSE over the dynamic inputs plus the weighted masked NSE
/// over the statics (parts "dynamic" and "static").</summary>
internal sealed class PretrainTask(StefaLandPretrainModel model, StefaLandConfig config) : TrainingTask<PretrainBatch>
{
    public override nn.Module Model => model;

    public override StepLoss Loss(PretrainBatch batch)
    {
        var (pd, ps) = model.call(batch.Dynamic, batch.Statics, batch.DynamicMask, batch.StaticMask);
        var total = StefaLandLosses.Total(pd, batch.Dynamic, batch.DynamicMask, batch.DynamicStd, ps, batch.Statics, batch.StaticMask,
            config.StaticLossWeight);
        using var noGrad = no_grad();
        return new StepLoss(total, new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["dynamic"] = StefaLandLosses.TimeSeries(pd, batch.Dynamic, batch.DynamicMask, batch.DynamicStd),
            ["static"] = StefaLandLosses.Statics(ps, batch.Statics, batch.StaticMask),
        });
    }
}

/// <summary>Fine-tuning on a daily target with NSE* (warm-up days unscored); only the model's trainable parameters
/// are optimised (a frozen encoder stays as pretrained).</summary>
internal sealed class FinetuneTask(SiteSequenceModel model, StefaLandConfig config) : TrainingTask<FinetuneBatch>
{
    public override nn.Module Model => model;

    public override IEnumerable<Parameter> Parameters => model.TrainableParameters();

    public override StepLoss Loss(FinetuneBatch batch) =>
        new(StefaLandLosses.Target(model.call(batch.Dynamic, batch.Statics), batch.Observed, batch.SiteStd, config.WarmupDays));
}

/// <summary>Pretraining batches of one epoch: windows from <c>new Random(EpochSeed.Of(seed, epoch))</c>, masks from a
/// <see cref="MaskGenerator"/> seeded by (seed + 1, epoch).</summary>
internal sealed class PretrainBatches(NormalizedData data, IReadOnlyList<int> trainSites, StefaLandConfig config, int seed, int count)
    : IBatchSource<PretrainBatch>
{
    public int Count => count;

    public IEnumerable<PretrainBatch> Batches(int epoch)
    {
        var raw = data.Raw;
        int days = config.SequenceLength, v = raw.Forcings.Count, a = raw.Attributes.Count;
        var random = new Random(EpochSeed.Of(seed, epoch));
        var masks = new MaskGenerator(days, v, raw.AttributeGroups, config.MinMaskDays, config.MaxMaskDays,
            config.TimeMaskRatio, config.StaticMaskRatio, EpochSeed.Of(seed + 1, epoch));
        for (var k = 0; k < count; k++)
        {
            var (sites, starts) = Windows.Sample(random, trainSites, 0, raw.TrainDays, days, config.BatchSize);
            var (dynamic, statics) = Windows.Inputs(data, sites, starts, days);
            var draw = masks.Sample(config.BatchSize);
            yield return new PretrainBatch(dynamic, statics, torch.tensor(draw.Dynamic, new long[] { config.BatchSize, days, v }),
                torch.tensor(draw.Static, new long[] { config.BatchSize, a }), Windows.DynamicStd(data, sites));
        }
    }
}

/// <summary>Fine-tuning batches of one epoch: windows from <c>new Random(EpochSeed.Of(seed, epoch))</c>.</summary>
internal sealed class FinetuneBatches(NormalizedData data, TargetBlock block, IReadOnlyList<int> trainSites, StefaLandConfig config, int seed, int count)
    : IBatchSource<FinetuneBatch>
{
    public int Count => count;

    public IEnumerable<FinetuneBatch> Batches(int epoch)
    {
        var raw = data.Raw;
        var days = config.SequenceLength;
        var random = new Random(EpochSeed.Of(seed, epoch));
        for (var k = 0; k < count; k++)
        {
            var (sites, starts) = Windows.Sample(random, trainSites, 0, raw.TrainDays, days, config.BatchSize);
            var (dynamic, statics) = Windows.Inputs(data, sites, starts, days);
            var (observed, siteStd) = Windows.Target(block, raw.Days, sites, starts, days);
            yield return new FinetuneBatch(dynamic, statics, observed, siteStd);
        }
    }
}
