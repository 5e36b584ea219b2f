using EarthEmbed.Torch;
using F = EarthEmbed.Torch.Functional;

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
        if (!predicted.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException($"prediction has shape [{string.Join(", ", predicted.Shape)}] but the target has [{string.Join(", ", target.Shape)}]", nameof(target));
        using var scope = DisposeScope.Enter();
        var elementwise = kind switch
        {
            "mse" => F.MseLoss(predicted, target, Reduction.None),
            "l1" => F.L1Loss(predicted, target, Reduction.None),
            "huber" => F.SmoothL1Loss(predicted, target, Reduction.None, huberDelta) * huberDelta,  // Huber = δ·SmoothL1(β=δ)
            _ => throw new ArgumentException($"loss must be mse, l1 or huber, got '{kind}'", nameof(kind)),
        };
        Tensor result;
        if (mask is null)
        {
            result = elementwise.Mean();
        }
        else
        {
            var m = mask.To(elementwise.DType);
            result = (elementwise * m).Sum() / m.Sum().Clamp(min: 1);
        }
        return scope.Keep(result);
    }
}
