using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>How a loss reduces per-element values (at::Reduction codes).</summary>
public enum Reduction
{
    /// <summary>Keep per-element values.</summary>
    None = 0,
    /// <summary>Average (for weighted classification losses: divided by the summed weights of the counted targets).</summary>
    Mean = 1,
    /// <summary>Sum.</summary>
    Sum = 2,
}

// Losses, as in torch.nn.functional.
public static partial class Functional
{
    private static readonly Op MseOp = new("aten::mse_loss"), L1Op = new("aten::l1_loss");
    private static readonly Op SmoothL1Op = new("aten::smooth_l1_loss"), HuberOp = new("aten::huber_loss");
    private static readonly Op BceLogitsOp = new("aten::binary_cross_entropy_with_logits"), BceOp = new("aten::binary_cross_entropy");
    private static readonly Op CrossEntropyOp = new("aten::cross_entropy_loss"), NllOp = new("aten::nll_loss_nd");
    private static readonly Op KlDivOp = new("aten::kl_div");

    /// <summary>Mean squared error (input - target)².</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        MseOp.Tensor(input, target, (long)reduction);

    /// <summary>Mean absolute error |input - target|.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        L1Op.Tensor(input, target, (long)reduction);

    /// <summary>0.5 d² / beta where |d| &lt; beta, |d| - 0.5 beta elsewhere (d = input - target); beta 0 is L1.</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
    {
        if (!(beta >= 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be non-negative");
        return SmoothL1Op.Tensor(input, target, (long)reduction, beta);
    }

    /// <summary>Huber loss: 0.5 d² where |d| &lt; delta, delta (|d| - 0.5 delta) elsewhere; equals
    /// delta * SmoothL1Loss with beta = delta.</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be positive");
        return HuberOp.Tensor(input, target, (long)reduction, delta);
    }

    /// <summary>Binary cross-entropy on logits, -w [p y log σ(x) + (1 - y) log(1 - σ(x))], computed stably;
    /// <paramref name="weight"/> rescales each element (broadcast), <paramref name="posWeight"/> (one per class, the
    /// last dimension) weighs positives to trade recall against precision.</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null,
        Tensor? posWeight = null, Reduction reduction = Reduction.Mean) =>
        BceLogitsOp.Tensor(input, target, weight, posWeight, (long)reduction);

    /// <summary>Binary cross-entropy on probabilities in [0, 1] (logs clamped at -100, as in PyTorch); prefer
    /// <see cref="BinaryCrossEntropyWithLogits"/> for stability.</summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
        BceOp.Tensor(input, target, weight, (long)reduction);

    /// <summary>Cross-entropy of (N, C, ...) logits against int64 class indices (N, ...) or class probabilities
    /// shaped like the input. <paramref name="weight"/> (C) weighs classes (the mean divides by the summed weights
    /// of the counted targets); targets equal to <paramref name="ignoreIndex"/> count for nothing;
    /// <paramref name="labelSmoothing"/> mixes the target with the uniform distribution.</summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label smoothing must be between 0 and 1");
        return CrossEntropyOp.Tensor(input, target, weight, (long)reduction, ignoreIndex, labelSmoothing);
    }

    /// <summary>Negative log-likelihood of (N, C, ...) log-probabilities against int64 class indices, with class
    /// weights and an ignored label as in <see cref="CrossEntropy"/> (which is LogSoftmax followed by this).</summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean) =>
        NllOp.Tensor(input, target, weight, (long)reduction, ignoreIndex);

    /// <summary>Kullback-Leibler divergence target (log target - input) with <paramref name="input"/> given as
    /// log-probabilities (and the target too when <paramref name="logTarget"/>). <see cref="Reduction.Mean"/> averages
    /// over every element like PyTorch's "mean"; divide a <see cref="Reduction.Sum"/> by the batch size for
    /// PyTorch's "batchmean".</summary>
    public static Tensor KlDiv(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false) =>
        KlDivOp.Tensor(input, target, (long)reduction, logTarget);
}
