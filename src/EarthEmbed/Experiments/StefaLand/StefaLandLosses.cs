using EarthEmbed.Engine.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>StefaLand's masked NSE reconstruction loss, and the NSE* training loss of the daily targets
/// (Kratzert et al. 2019): squared errors divided by (σ + ε)², σ the site's standard deviation of that variable,
/// so that every site weighs alike whatever its variance, averaged over the scored positions.
/// Time series: mean over masked, observed (non-NaN) [b, t, v] of (p - o)² / (σ[b, v] + ε)².
/// Statics (z-scored across sites, so σ = 1 by construction): mean over masked, observed [b, a] of (p - o)².
/// Total = 1 · time + <c>static_weight</c> · static; a part with nothing to score counts 0.</summary>
internal static class StefaLandLosses
{
    /// <summary>ε added to σ (neuralhydrology's 0.1).</summary>
    public const double Epsilon = 0.1;

    /// <summary>The time-series part: <paramref name="predicted"/>, <paramref name="observed"/> and
    /// <paramref name="mask"/> (bool, true = scored) are [B, T, V]; <paramref name="siteStd"/> is [B, V].</summary>
    public static Tensor TimeSeries(Tensor predicted, Tensor observed, Tensor mask, Tensor siteStd)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(siteStd);
        using var scope = torch.NewDisposeScope();
        var weight = (siteStd + Epsilon).square().reciprocal().unsqueeze(1);   // [B, 1, V]
        return Mean(predicted, observed, mask, weight).MoveToOuterDisposeScope();
    }

    /// <summary>The static part: all three [B, A].</summary>
    public static Tensor Statics(Tensor predicted, Tensor observed, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(mask);
        return Mean(predicted, observed, mask, null);
    }

    /// <summary>time + staticWeight · static.</summary>
    public static Tensor Total(Tensor dynamicPredicted, Tensor dynamicObserved, Tensor dynamicMask, Tensor siteStd,
        Tensor staticPredicted, Tensor staticObserved, Tensor staticMask, double staticWeight)
    {
        using var scope = torch.NewDisposeScope();
        var loss = TimeSeries(dynamicPredicted, dynamicObserved, dynamicMask, siteStd)
                   + Statics(staticPredicted, staticObserved, staticMask) * staticWeight;
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>NSE* of a daily target: [B, T] predictions and observations (NaN = not scored), [B] site σ, and the
    /// first <paramref name="warmup"/> days of each window left out.</summary>
    public static Tensor Target(Tensor predicted, Tensor observed, Tensor siteStd, int warmup)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(siteStd);
        using var scope = torch.NewDisposeScope();
        var days = predicted.shape[1];
        var p = predicted.narrow(1, warmup, days - warmup);
        var o = observed.narrow(1, warmup, days - warmup);
        var weight = (siteStd + Epsilon).square().reciprocal().unsqueeze(1);
        return Mean(p, o, torch.ones_like(o, ScalarType.Bool), weight).MoveToOuterDisposeScope();
    }

    private static Tensor Mean(Tensor predicted, Tensor observed, Tensor mask, Tensor? weight)
    {
        using var scope = torch.NewDisposeScope();
        var scored = mask.logical_and(observed.isnan().logical_not());
        var error = (predicted - observed.FillMasked(scored.logical_not(), 0.0)).square();
        if (weight is not null) error = error * weight;
        error = error.FillMasked(scored.logical_not(), 0.0);
        var count = scored.to(ScalarType.Float32).sum().clamp_min(1.0);
        return (error.sum() / count).MoveToOuterDisposeScope();
    }
}
