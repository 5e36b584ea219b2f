using EarthEmbed.Engine.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Training;

/// <summary>The loss of one training step: the total that is back-propagated and, optionally, its named parts (for
/// the history's per-epoch means, e.g. JointSeg's "sr", "seg" and "adv"). Tensors live in the step's dispose
/// scope.</summary>
/// <param name="Total">The scalar loss the trainer differentiates.</param>
/// <param name="Parts">Named scalar parts (detached or not; only their values are read).</param>
public sealed record StepLoss(Tensor Total, IReadOnlyDictionary<string, Tensor>? Parts = null);

/// <summary>What one paper trains, as <see cref="Trainer"/> sees it: the model and the parameters the trainer's
/// optimiser updates, the loss of a batch, optional extra steps after each optimiser step (JointSeg's discriminator)
/// with the modules and optimisers they own (saved in every checkpoint so a resume is exact), and an optional
/// validation loss. The trainer owns everything else: optimiser and schedule, clipping, early stopping, NaN stop,
/// checkpoints, resume and progress lines. Decision: an abstract class rather than an interface, so tasks override
/// only what they use.</summary>
/// <typeparam name="TBatch">The batch type of the task's <see cref="IBatchSource{TBatch}"/>.</typeparam>
public abstract class TrainingTask<TBatch>
{
    /// <summary>The model saved as the checkpoint's "model." part (and restored from best.safetensors).</summary>
    public abstract nn.Module Model { get; }

    /// <summary>The parameters the trainer's AdamW updates and clips; by default all of <see cref="Model"/>'s
    /// (StefaLand's fine-tuning: the trainable ones only).</summary>
    public virtual IEnumerable<Parameter> Parameters => Model.parameters();

    /// <summary>The loss of <paramref name="batch"/> in training mode, with gradients.</summary>
    public abstract StepLoss Loss(TBatch batch);

    /// <summary>Called after the model's optimiser step (and the per-step schedule) of every step, inside the step's
    /// dispose scope, so it may use what <see cref="Loss"/> kept (JointSeg: the super-resolved image) to train
    /// <see cref="Extras"/>. Default: nothing.</summary>
    /// <param name="batch">The step's batch.</param>
    /// <param name="step">The global step (0-based).</param>
    public virtual void ExtraStep(TBatch batch, long step)
    {
    }

    /// <summary>Modules and optimisers besides the model that training changes; saved in and restored from every
    /// checkpoint (one file, written atomically). Default: none.</summary>
    public virtual IReadOnlyList<CheckpointPart> Extras => [];

    /// <summary>Whether <see cref="Validate"/> gives a loss; without one the trainer monitors the training loss.</summary>
    public virtual bool HasValidation => false;

    /// <summary>The validation loss after epoch <paramref name="epoch"/>; the trainer calls it with the model in
    /// evaluation mode and gradients off.</summary>
    public virtual double Validate(int epoch) => double.NaN;
}

/// <summary>The task of the height paper (and of the trainer's original API): a single-input network on a masked
/// loss over normalised targets (<see cref="MaskedLoss"/>), validated on a batch source.</summary>
public sealed class RegressionTask : TrainingTask<Batch>
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly TrainerOptions options;
    private readonly TargetNormalizer normalizer;
    private readonly IBatchSource? validation;

    /// <summary>A regression task for <paramref name="model"/>, scored with <paramref name="options"/>' loss on
    /// targets normalised by <paramref name="normalizer"/>, validated on <paramref name="validation"/> when given.</summary>
    public RegressionTask(nn.Module<Tensor, Tensor> model, TrainerOptions options, TargetNormalizer normalizer, IBatchSource? validation)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(normalizer);
        this.model = model;
        this.options = options;
        this.normalizer = normalizer;
        this.validation = validation;
    }

    /// <inheritdoc/>
    public override nn.Module Model => model;

    /// <inheritdoc/>
    public override StepLoss Loss(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new StepLoss(MaskedLoss.Compute(options.Loss, model.call(batch.Input), normalizer.Normalize(batch.Target), batch.Mask, options.HuberDelta));
    }

    /// <inheritdoc/>
    public override bool HasValidation => validation is not null;

    /// <inheritdoc/>
    public override double Validate(int epoch) => validation is null ? double.NaN : Evaluate(validation, epoch);

    /// <summary>Mean masked loss over a split in evaluation mode without gradients, weighted by valid elements.</summary>
    public double Evaluate(IBatchSource split, int epoch)
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
}
