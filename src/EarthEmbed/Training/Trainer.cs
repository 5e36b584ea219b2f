using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using EarthEmbed.Torch.Optim;
using EarthEmbed.Torch.Serialization;

namespace EarthEmbed.Training;

/// <summary>The reusable training loop of the three experiments: AdamW on a masked loss over normalised targets,
/// a learning-rate schedule, early stopping on the validation loss, a checkpoint after every epoch (last.safetensors,
/// and best.safetensors when the monitored loss improved), resume after an interruption, and a clear stop when the
/// loss becomes NaN. Every step runs in its own <see cref="DisposeScope"/>, so memory stays flat.
/// Determinism: libtorch's generator is re-seeded at every epoch start from <see cref="TrainerOptions.Seed"/>, and
/// sources order their batches by epoch, so the same config gives the same numbers, resumed or not.</summary>
public sealed class Trainer
{
    private readonly Module<Tensor, Tensor> model;
    private readonly TrainerOptions options;
    private readonly TargetNormalizer normalizer;
    private readonly string? checkpointFolder;

    /// <summary>Creates a trainer for <paramref name="model"/>. With a <paramref name="checkpointFolder"/>,
    /// checkpoints are written there and <see cref="Fit"/> resumes from the last one when asked to.</summary>
    public Trainer(Module<Tensor, Tensor> model, TrainerOptions options, TargetNormalizer? normalizer = null, string? checkpointFolder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
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
        using var optimizer = new AdamW(model.Parameters(), options.LearningRate, weightDecay: options.WeightDecay);
        var scheduler = MakeScheduler(optimizer, train.Count);
        var history = new TrainingHistory();
        var start = 0;
        if (resume && LastCheckpoint is { } last && File.Exists(last))
        {
            var info = Checkpoint.Load(last, model, optimizer, scheduler);
            history = TrainingHistory.FromJson(info.Metadata["history"]);
            start = (int)info.Epoch + 1;
            Log?.Invoke($"resumed from {last} after epoch {info.Epoch + 1} (best {history.BestLoss:G5} at epoch {history.BestEpoch + 1})");
            if (history.StopReason.Length > 0) return history;
        }
        var step = (long)start * train.Count;
        for (var epoch = start; epoch < options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            Engine.ManualSeed(options.Seed + 7919L * epoch);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var lr = optimizer.LearningRate;
            model.Train();
            var trainLoss = RunEpoch(train, epoch, optimizer, scheduler as OneCycleLR, ref step, cancel);
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
            switch (scheduler)
            {
                case ReduceLROnPlateau plateau: plateau.Step(monitored); break;
                case EpochLrScheduler perEpoch and not OneCycleLR: perEpoch.Step(); break;
            }
            history.Epochs.Add(new EpochRecord(epoch, trainLoss, valLoss, lr, clock.Elapsed.TotalSeconds, improved));
            var stop = options.Patience > 0 && history.EpochsWithoutImprovement >= options.Patience;
            if (stop) history.StopReason = "early stopping";
            else if (epoch == options.Epochs - 1) history.StopReason = "epochs";
            Save(optimizer, scheduler, epoch, step, history, improved);
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
        model.Eval();
        using var noGrad = GradMode.Disable();
        double total = 0, weight = 0;
        using var batches = split.Batches(epoch).GetEnumerator();
        while (true)
        {
            using var scope = DisposeScope.Enter();
            if (!batches.MoveNext()) break;
            var b = batches.Current;
            var loss = MaskedLoss.Compute(options.Loss, model.Forward(b.Input), normalizer.Normalize(b.Target), b.Mask, options.HuberDelta);
            var w = b.Mask is null ? b.Target.NumEl : b.Mask.Sum().ToDouble();
            total += loss.ToDouble() * w;
            weight += w;
        }
        return weight > 0 ? total / weight : double.NaN;
    }

    private double RunEpoch(IBatchSource train, int epoch, Optimizer optimizer, OneCycleLR? perStep, ref long step, CancellationToken cancel)
    {
        double sum = 0;
        var count = 0;
        using var batches = train.Batches(epoch).GetEnumerator();
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = DisposeScope.Enter();
            if (!batches.MoveNext()) break;
            var b = batches.Current;
            optimizer.ZeroGrad();
            var loss = MaskedLoss.Compute(options.Loss, model.Forward(b.Input), normalizer.Normalize(b.Target), b.Mask, options.HuberDelta);
            var value = loss.ToDouble();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException($"the training loss became {value} at epoch {epoch + 1}, step {count + 1}; " +
                    $"lower learning_rate (now {optimizer.LearningRate:G3}), set clip_grad_norm, or check the inputs for NaN. " +
                    (LastCheckpoint is { } p && File.Exists(p) ? $"The last good checkpoint is {p}." : "No checkpoint was written yet."));
            loss.Backward();
            if (options.ClipGradNorm > 0) ClipGrad.Norm(model.Parameters(), options.ClipGradNorm);
            optimizer.Step();
            perStep?.Step();
            sum += value;
            count++;
            step++;
        }
        return sum / Math.Max(count, 1);
    }

    private LrScheduler? MakeScheduler(Optimizer optimizer, int stepsPerEpoch) => options.Schedule switch
    {
        "cosine" => new CosineAnnealingLR(optimizer, options.Epochs),
        "onecycle" => new OneCycleLR(optimizer, options.LearningRate, options.Epochs * stepsPerEpoch),
        "plateau" => new ReduceLROnPlateau(optimizer, factor: 0.5, patience: Math.Max(1, options.Patience / 2)),
        _ => null,
    };

    private void Save(Optimizer optimizer, LrScheduler? scheduler, int epoch, long step, TrainingHistory history, bool improved)
    {
        if (LastCheckpoint is not { } last) return;
        var meta = normalizer.ToMetadata();
        foreach (var (key, value) in Metadata) meta[key] = value;
        meta["history"] = history.ToJson();
        Checkpoint.Save(last, model, optimizer, scheduler, epoch, step, meta);
        if (improved) Checkpoint.Save(BestCheckpoint!, model, optimizer, scheduler, epoch, step, meta);
    }
}
