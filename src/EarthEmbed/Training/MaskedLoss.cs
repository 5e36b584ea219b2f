using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Training;

/// <summary>Per-element losses averaged over valid targets only: Σ l(p, t)·m / Σ m, with m the validity mask
/// (no-data pixels, gaps in a series). Without a mask, the plain mean. Positions where the target is NaN must
/// already be zeroed in the target and 0 in the mask (NaN · 0 is still NaN).</summary>
public static class MaskedLoss
{
    /// <summary>The loss named by <paramref name="kind"/> ("mse", "l1", "huber").</summary>
    public static Tensor Compute(string kind, Tensor predicted, Tensor target, Tensor? mask, double huberDelta = 1.0)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        if (!predicted.shape.SequenceEqual(target.shape))
            throw new ArgumentException($"prediction has shape [{string.Join(", ", predicted.shape)}] but the target has [{string.Join(", ", target.shape)}]", nameof(target));
        using var scope = NewDisposeScope();
        var elementwise = kind switch
        {
            "mse" => F.mse_loss(predicted, target, nn.Reduction.None),
            "l1" => F.l1_loss(predicted, target, nn.Reduction.None),
            "huber" => F.smooth_l1_loss(predicted, target, nn.Reduction.None, huberDelta) * huberDelta,  // Huber = δ·SmoothL1(β=δ)
            _ => throw new ArgumentException($"loss must be mse, l1 or huber, got '{kind}'", nameof(kind)),
        };
        Tensor result;
        if (mask is null)
        {
            result = elementwise.mean();
        }
        else
        {
            var m = mask.to(elementwise.dtype);
            result = (elementwise * m).sum() / m.sum().clamp_min(1);
        }
        return result.MoveToOuterDisposeScope();
    }
}
