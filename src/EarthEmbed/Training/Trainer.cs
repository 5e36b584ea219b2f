using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace EarthEmbed.Training;

/// <summary>The reusable training loop of the three experiments: AdamW on a masked loss over normalised targets,
/// a learning-rate schedule, early stopping on the validation loss, a checkpoint after every epoch (last.safetensors,
/// and best.safetensors when the monitored loss improved), resume after an interruption, and a clear stop when the
/// loss becomes NaN. Every step runs in its own dispose scope (<c>torch.NewDisposeScope()</c>), so memory stays flat.
/// Determinism: libtorch's generator is re-seeded at every epoch start from <see cref="TrainerOptions.Seed"/>, and
/// sources order their batches by epoch, so the same config gives the same numbers, resumed or not. TorchSharp's
/// learning-rate schedules have no state dict, so a resumed run rebuilds its schedule by replaying the steps and the
/// monitored losses of the epochs already done (kept in the checkpoint's history), then loads the optimiser's state,
/// which carries the learning rate itself.</summary>
public sealed class Trainer
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly TrainerOptions options;
    private readonly TargetNormalizer normalizer;
    private readonly string? checkpointFolder;

    /// <summary>Creates a trainer for <paramref name="model"/>. With a <paramref name="checkpointFolder"/>,
    /// checkpoints are written there and <see cref="Fit"/> resumes from the last one when asked to.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainerOptions options, TargetNormalizer? normalizer = null, string? checkpointFolder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchEngine.EnsureLoaded();
        this.model = model;
        this.options = options;
        this.normalizer = normalizer ?? TargetNormalizer.Identity;
        this.checkpointFolder = checkpointFolder;
    }

    /// <summary>Receives a line per epoch (and resume notices); null for silence.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Extra entries written into every checkpoint's metadata (read back from
    /// <see cref="CheckpointInfo.Metadata"/>), e.g. what is needed to rebuild the model from the file alone.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Path of the checkpoint written after every epoch.</summary>
    public string? LastCheckpoint => checkpointFolder is null ? null : Path.Combine(checkpointFolder, "last.safetensors");

    /// <summary>Path of the checkpoint of the best epoch so far.</summary>
    public string? BestCheckpoint => checkpointFolder is null ? null : Path.Combine(checkpointFolder, "best.safetensors");

    /// <summary>Trains on <paramref name="train"/>, monitoring <paramref name="validation"/> when given. With
    /// <paramref name="resume"/> and an existing last checkpoint, continues where it stopped.</summary>
    public TrainingHistory Fit(IBatchSource train, IBatchSource? validation = null, bool resume = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("the training split has no batches", nameof(train));
        using var optimizer = optim.AdamW(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var scheduler = MakeScheduler(optimizer, train.Count);
        var history = new TrainingHistory();
        var start = 0;
        if (resume && LastCheckpoint is { } last && File.Exists(last))
        {
            var saved = TrainingHistory.FromJson(Checkpoint.ReadMetadata(last)["history"]);
            ReplaySchedule(scheduler, saved, train.Count);
            var info = Checkpoint.Load(last, model, optimizer);
            history = TrainingHistory.FromJson(info.Metadata["history"]);
            start = (int)info.Epoch + 1;
            Log?.Invoke($"resumed from {last} after epoch {info.Epoch + 1} (best {history.BestLoss:G5} at epoch {history.BestEpoch + 1})");
            if (history.StopReason.Length > 0) return history;
        }
        var step = (long)start * train.Count;
        for (var epoch = start; epoch < options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            torch.manual_seed(options.Seed + 7919L * epoch);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var lr = LearningRate(optimizer);
            model.train();
            var trainLoss = RunEpoch(train, epoch, optimizer, options.Schedule == "onecycle" ? scheduler : null, ref step, cancel);
            double? valLoss = validation is null ? null : Evaluate(validation, epoch);
            var monitored = valLoss ?? trainLoss;
            var improved = monitored < history.BestLoss - options.MinDelta;
            if (improved)
            {
                history.BestLoss = monitored;
                history.BestEpoch = epoch;
                history.EpochsWithoutImprovement = 0;
            }
            else
            {
                history.EpochsWithoutImprovement++;
            }
            StepPerEpoch(scheduler, monitored);
            history.Epochs.Add(new EpochRecord(epoch, trainLoss, valLoss, lr, clock.Elapsed.TotalSeconds, improved));
            var stop = options.Patience > 0 && history.EpochsWithoutImprovement >= options.Patience;
            if (stop) history.StopReason = "early stopping";
            else if (epoch == options.Epochs - 1) history.StopReason = "epochs";
            Save(optimizer, epoch, step, history, improved);
            Log?.Invoke($"epoch {epoch + 1}/{options.Epochs}  train {trainLoss:F5}" +
                        (valLoss is { } v ? $"  val {v:F5}" : "") + $"  lr {lr:G3}  {clock.Elapsed.TotalSeconds:F1} s" +
                        (improved ? "  *" : "") + (stop ? $"  (early stop: {options.Patience} epochs without improvement)" : ""));
            if (stop) break;
        }
        if (options.RestoreBest && BestCheckpoint is { } best && File.Exists(best)) Checkpoint.Load(best, model);
        return history;
    }

    /// <summary>Mean masked loss over a split in evaluation mode without gradients, weighted by valid elements.</summary>
    public double Evaluate(IBatchSource split, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(split);
        model.eval();
        using var noGrad = no_grad();
        double total = 0, weight = 0;
        using var batches = split.Batches(epoch).GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            var b = batches.Current;
            var loss = MaskedLoss.Compute(options.Loss, model.call(b.Input), normalizer.Normalize(b.Target), b.Mask, options.HuberDelta);
            var w = b.Mask is null ? b.Target.numel() : b.Mask.sum().ToDouble();
            total += loss.ToDouble() * w;
            weight += w;
        }
        return weight > 0 ? total / weight : double.NaN;
    }

    private double RunEpoch(IBatchSource train, int epoch, optim.Optimizer optimizer, LRScheduler? perStep, ref long step, CancellationToken cancel)
    {
        double sum = 0;
        var count = 0;
        using var batches = train.Batches(epoch).GetEnumerator();
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            var b = batches.Current;
            optimizer.zero_grad();
            var loss = MaskedLoss.Compute(options.Loss, model.call(b.Input), normalizer.Normalize(b.Target), b.Mask, options.HuberDelta);
            var value = loss.ToDouble();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException($"the training loss became {value} at epoch {epoch + 1}, step {count + 1}; " +
                    $"lower learning_rate (now {LearningRate(optimizer):G3}), set clip_grad_norm, or check the inputs for NaN. " +
                    (LastCheckpoint is { } p && File.Exists(p) ? $"The last good checkpoint is {p}." : "No checkpoint was written yet."));
            loss.backward();
            if (options.ClipGradNorm > 0) nn.utils.clip_grad_norm_(model.parameters(), options.ClipGradNorm);
            optimizer.step();
            perStep?.step();
            sum += value;
            count++;
            step++;
        }
        return sum / Math.Max(count, 1);
    }

    private LRScheduler? MakeScheduler(optim.Optimizer optimizer, int stepsPerEpoch) => options.Schedule switch
    {
        "cosine" => CosineAnnealingLR(optimizer, options.Epochs),
        "onecycle" => OneCycleLR(optimizer, options.LearningRate, total_steps: options.Epochs * stepsPerEpoch),
        "plateau" => ReduceLROnPlateau(optimizer, factor: 0.5, patience: Math.Max(1, options.Patience / 2)),
        _ => null,
    };

    /// <summary>The end-of-epoch schedule step: the plateau schedule reads the monitored loss, cosine steps once,
    /// one-cycle steps per batch instead (in <see cref="RunEpoch"/>).</summary>
    private void StepPerEpoch(LRScheduler? scheduler, double monitored)
    {
        switch (options.Schedule)
        {
            case "plateau": scheduler!.step(monitored); break;
            case "cosine": scheduler!.step(); break;
        }
    }

    /// <summary>Brings a fresh schedule to where the saved run's was: the same steps (one-cycle: one per batch done;
    /// cosine: one per epoch; plateau: the monitored loss of each epoch), in order. The optimiser's learning rate is
    /// then overwritten by the checkpoint's optimiser state, which holds the same value.</summary>
    private void ReplaySchedule(LRScheduler? scheduler, TrainingHistory saved, int stepsPerEpoch)
    {
        if (scheduler is null) return;
        if (options.Schedule == "onecycle")
        {
            for (long i = 0; i < (long)saved.Epochs.Count * stepsPerEpoch; i++) scheduler.step();
            return;
        }
        foreach (var e in saved.Epochs) StepPerEpoch(scheduler, e.ValidationLoss ?? e.TrainLoss);
    }

    /// <summary>The learning rate of the optimiser's first parameter group (the trainer uses one group).</summary>
    private static double LearningRate(optim.Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;

    private void Save(optim.Optimizer optimizer, int epoch, long step, TrainingHistory history, bool improved)
    {
        if (LastCheckpoint is not { } last) return;
        var meta = normalizer.ToMetadata();
        foreach (var (key, value) in Metadata) meta[key] = value;
        meta["history"] = history.ToJson();
        Checkpoint.Save(last, model, optimizer, epoch, step, meta);
        if (improved) Checkpoint.Save(BestCheckpoint!, model, optimizer, epoch, step, meta);
    }
}
