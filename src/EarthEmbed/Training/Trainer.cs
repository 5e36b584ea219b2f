using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace EarthEmbed.Training;

/// <summary>The one training loop of the three papers. A <see cref="TrainingTask{TBatch}"/> supplies the model, the
/// loss (with named parts), optional extra steps and modules (JointSeg's discriminator) and validation; the trainer
/// owns AdamW and the learning-rate schedule, gradient clipping, early stopping, the NaN stop, a checkpoint after every
/// epoch, exact resume and the progress lines. Every step runs in its own dispose scope, so memory stays flat.
/// Determinism: libtorch's generator is re-seeded at every epoch start from <see cref="TrainerOptions.Seed"/>, and
/// batch sources draw per (seed, epoch) (<see cref="IBatchSource{TBatch}"/>), so the same config gives the same
/// numbers, resumed or not.</summary>
/// <remarks>
/// Checkpoints (<see cref="TrainerCheckpoints"/>): last.safetensors after every epoch (the one before it kept as
/// previous.safetensors), best.safetensors at each improvement; each holds the model, the optimiser, the task's extras
/// and the history. TorchSharp's learning-rate schedules have no state dict, so a resumed run rebuilds its schedule by
/// replaying the steps and the monitored losses of the epochs already done (kept in the history), then loads the
/// optimiser's state, which carries the learning rate itself.
/// </remarks>
public sealed class Trainer
{
    private readonly nn.Module<Tensor, Tensor>? model;
    private readonly TrainerOptions options;
    private readonly TargetNormalizer normalizer;
    private readonly TrainerCheckpoints? checkpoints;

    /// <summary>Creates a trainer for the regression <paramref name="model"/> (<see cref="RegressionTask"/>): use
    /// <see cref="Fit(IBatchSource, IBatchSource?, bool, CancellationToken)"/>. With a
    /// <paramref name="checkpointFolder"/>, checkpoints are written there and a fit resumes from the last one when asked to.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainerOptions options, TargetNormalizer? normalizer = null, string? checkpointFolder = null)
        : this(options, checkpointFolder)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        this.normalizer = normalizer ?? TargetNormalizer.Identity;
        foreach (var (key, value) in this.normalizer.ToMetadata()) Metadata[key] = value;
    }

    /// <summary>Creates a trainer for tasks (<see cref="Fit{TBatch}"/>), checkpointing into
    /// <paramref name="checkpointFolder"/> when given.</summary>
    public Trainer(TrainerOptions options, string? checkpointFolder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchEngine.EnsureLoaded();
        this.options = options;
        normalizer = TargetNormalizer.Identity;
        checkpoints = checkpointFolder is null ? null : new TrainerCheckpoints(checkpointFolder);
    }

    /// <summary>Receives a line per epoch (and resume notices); null for silence.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Called with each finished epoch's record, after its checkpoint is written (not for the epochs a
    /// resumed run loaded).</summary>
    public Action<EpochRecord>? EpochEnded { get; set; }

    /// <summary>Extra entries written into every checkpoint's metadata (read back from
    /// <see cref="CheckpointInfo.Metadata"/>), e.g. what is needed to rebuild the model from the file alone.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Path of the checkpoint written after every epoch.</summary>
    public string? LastCheckpoint => checkpoints?.Last;

    /// <summary>Path of the checkpoint of the best epoch so far.</summary>
    public string? BestCheckpoint => checkpoints?.Best;

    /// <summary>Trains the regression model on <paramref name="train"/>, monitoring <paramref name="validation"/>
    /// when given. With <paramref name="resume"/> and a last checkpoint, continues where it stopped.</summary>
    public TrainingHistory Fit(IBatchSource train, IBatchSource? validation = null, bool resume = false, CancellationToken cancel = default)
    {
        if (model is null) throw new InvalidOperationException("this trainer was created for tasks; call Fit(task, batches)");
        return Fit(new RegressionTask(model, options, normalizer, validation), train, resume, cancel);
    }

    /// <summary>Mean masked loss of the regression model over a split (see <see cref="RegressionTask.Evaluate"/>).</summary>
    public double Evaluate(IBatchSource split, int epoch = 0)
    {
        if (model is null) throw new InvalidOperationException("this trainer was created for tasks; it has no regression model");
        return new RegressionTask(model, options, normalizer, null).Evaluate(split, epoch);
    }

    /// <summary>Trains <paramref name="task"/> on <paramref name="train"/>. With <paramref name="resume"/> and a
    /// readable last (or previous) checkpoint, continues after its epoch; the end is the same as a run never
    /// interrupted. A finished run (stop reason set) resumes to its end at once.</summary>
    public TrainingHistory Fit<TBatch>(TrainingTask<TBatch> task, IBatchSource<TBatch> train, bool resume = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("the training split has no batches", nameof(train));
        var parameters = task.Parameters.ToList();
        using var optimizer = optim.AdamW(parameters, options.LearningRate, options.Beta1, options.Beta2, weight_decay: options.WeightDecay);
        var scheduler = MakeScheduler(optimizer, train.Count);
        var history = new TrainingHistory();
        var start = 0;
        if (resume && checkpoints?.Resume(task.Model, optimizer, task.Extras, Log,
                saved => ReplaySchedule(scheduler, saved, train.Count)) is { } resumed)
        {
            history = resumed;
            start = history.Epochs.Count;
            if (history.StopReason.Length > 0)
            {
                RestoreBest(task.Model);
                return history;
            }
        }
        else
        {
            checkpoints?.Clear();
        }
        var step = (long)start * train.Count;
        for (var epoch = start; epoch < options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            torch.manual_seed(options.Seed + 7919L * epoch);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var lr = LearningRate(optimizer);
            task.Model.train();
            var (trainLoss, parts, stepLosses) = RunEpoch(task, parameters, train, epoch, optimizer,
                options.Schedule is "onecycle" or "cosine_step" ? scheduler : null, ref step, cancel);
            double? valLoss = null;
            if (task.HasValidation)
            {
                task.Model.eval();
                using var noGrad = no_grad();
                valLoss = task.Validate(epoch);
            }
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
            history.Epochs.Add(new EpochRecord(epoch, trainLoss, valLoss, lr, clock.Elapsed.TotalSeconds, improved)
            {
                Parts = parts, StepLosses = stepLosses,
            });
            var stop = options.Patience > 0 && history.EpochsWithoutImprovement >= options.Patience;
            if (stop) history.StopReason = "early stopping";
            else if (epoch == options.Epochs - 1) history.StopReason = "epochs";
            checkpoints?.Save(task.Model, optimizer, task.Extras, epoch, step, history, improved, Metadata);
            EpochEnded?.Invoke(history.Epochs[^1]);
            Log?.Invoke($"epoch {epoch + 1}/{options.Epochs}  train {trainLoss:F5}" +
                        (parts is null ? "" : " (" + string.Join(", ", parts.Select(p => $"{p.Key} {p.Value:F4}")) + ")") +
                        (valLoss is { } v ? $"  val {v:F5}" : "") + $"  lr {lr:G3}  {clock.Elapsed.TotalSeconds:F1} s" +
                        (improved ? "  *" : "") + (stop ? $"  (early stop: {options.Patience} epochs without improvement)" : ""));
            if (stop) break;
        }
        RestoreBest(task.Model);
        return history;
    }

    private void RestoreBest(nn.Module module)
    {
        if (options.RestoreBest && BestCheckpoint is { } best && File.Exists(best)) Checkpoint.Load(best, module);
    }

    private (double Mean, Dictionary<string, double>? Parts, List<double>? Steps) RunEpoch<TBatch>(TrainingTask<TBatch> task,
        List<TorchSharp.Modules.Parameter> parameters, IBatchSource<TBatch> train, int epoch, optim.Optimizer optimizer,
        LRScheduler? perStep, ref long step, CancellationToken cancel)
    {
        double sum = 0;
        var count = 0;
        Dictionary<string, double>? parts = null;
        var steps = options.KeepStepLosses ? new List<double>(train.Count) : null;
        using var batches = train.Batches(epoch).GetEnumerator();
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            var b = batches.Current;
            optimizer.zero_grad();
            var loss = task.Loss(b);
            var value = loss.Total.ToDouble();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException($"the training loss became {value} at epoch {epoch + 1}, step {count + 1}; " +
                    $"lower learning_rate (now {LearningRate(optimizer):G3}), set clip_grad_norm, or check the inputs for NaN. " +
                    (LastCheckpoint is { } p && File.Exists(p) ? $"The last good checkpoint is {p}." : "No checkpoint was written yet."));
            loss.Total.backward();
            if (options.ClipGradNorm > 0) nn.utils.clip_grad_norm_(parameters, options.ClipGradNorm);
            optimizer.step();
            perStep?.step();
            task.ExtraStep(b, step);
            if (loss.Parts is not null)
            {
                parts ??= new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (name, part) in loss.Parts) parts[name] = parts.GetValueOrDefault(name) + part.ToDouble();
            }
            steps?.Add(value);
            sum += value;
            count++;
            step++;
        }
        if (parts is not null) foreach (var name in parts.Keys.ToList()) parts[name] /= Math.Max(count, 1);
        return (sum / Math.Max(count, 1), parts, steps);
    }

    private LRScheduler? MakeScheduler(optim.Optimizer optimizer, int stepsPerEpoch) => options.Schedule switch
    {
        "cosine" => CosineAnnealingLR(optimizer, options.Epochs, options.MinLearningRate),
        "cosine_step" => CosineAnnealingLR(optimizer, options.Epochs * stepsPerEpoch, options.MinLearningRate),
        "onecycle" => OneCycleLR(optimizer, options.LearningRate, total_steps: options.Epochs * stepsPerEpoch),
        "plateau" => ReduceLROnPlateau(optimizer, factor: 0.5, patience: Math.Max(1, options.Patience / 2)),
        _ => null,
    };

    /// <summary>The end-of-epoch schedule step: the plateau schedule reads the monitored loss, cosine steps once,
    /// the per-step schedules step per batch instead (in <see cref="RunEpoch"/>).</summary>
    private void StepPerEpoch(LRScheduler? scheduler, double monitored)
    {
        switch (options.Schedule)
        {
            case "plateau": scheduler!.step(monitored); break;
            case "cosine": scheduler!.step(); break;
        }
    }

    /// <summary>Brings a fresh schedule to where the saved run's was: the same steps (per-step schedules: one per
    /// batch done; cosine: one per epoch; plateau: the monitored loss of each epoch), in order. The optimiser's
    /// learning rate is then overwritten by the checkpoint's optimiser state, which holds the same value.</summary>
    private void ReplaySchedule(LRScheduler? scheduler, TrainingHistory saved, int stepsPerEpoch)
    {
        if (scheduler is null) return;
        if (options.Schedule is "onecycle" or "cosine_step")
        {
            for (long i = 0; i < (long)saved.Epochs.Count * stepsPerEpoch; i++) scheduler.step();
            return;
        }
        foreach (var e in saved.Epochs) StepPerEpoch(scheduler, e.ValidationLoss ?? e.TrainLoss);
    }

    /// <summary>The learning rate of the optimiser's first parameter group (the trainer uses one group).</summary>
    private static double LearningRate(optim.Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;
}
