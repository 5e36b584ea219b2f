using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>How a loss reduces per-element values (at::Reduction codes).</summary>
public enum Reduction
{
    /// <summary>Keep per-element values.</summary>
    None = 0,
    /// <summary>Average.</summary>
    Mean = 1,
    /// <summary>Sum.</summary>
    Sum = 2,
}

// Losses, as in torch.nn.functional.
public static partial class Functional
{
    private static readonly Op MseOp = new("aten::mse_loss"), L1Op = new("aten::l1_loss");
    private static readonly Op SmoothL1Op = new("aten::smooth_l1_loss"), BceLogitsOp = new("aten::binary_cross_entropy_with_logits");
    private static readonly Op CrossEntropyOp = new("aten::cross_entropy_loss");

    /// <summary>Mean squared error.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        MseOp.Tensor(input, target, (long)reduction);

    /// <summary>Mean absolute error.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        L1Op.Tensor(input, target, (long)reduction);

    /// <summary>Huber-like loss: 0.5 d^2 / beta where |d| &lt; beta, |d| - 0.5 beta elsewhere.</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0) =>
        SmoothL1Op.Tensor(input, target, (long)reduction, beta);

    /// <summary>Binary cross-entropy on logits (sigmoid folded in, numerically stable).</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null,
        Tensor? posWeight = null, Reduction reduction = Reduction.Mean) =>
        BceLogitsOp.Tensor(input, target, weight, posWeight, (long)reduction);

    /// <summary>Cross-entropy of (N, C, ...) logits against int64 class indices, with optional class weights, an
    /// ignored label and label smoothing.</summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0) =>
        CrossEntropyOp.Tensor(input, target, weight, (long)reduction, ignoreIndex, labelSmoothing);
}
