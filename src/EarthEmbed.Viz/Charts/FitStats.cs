namespace EarthEmbed.Viz.Charts;

/// <summary>The agreement figures an observed-vs-predicted chart prints in its title, over the pairs where both
/// values are finite (the shared NaN/no-data rule: a pair with a NaN on either side is left out).</summary>
/// <param name="Count">Number of pairs used.</param>
/// <param name="R2">Coefficient of determination, 1 - Σ(o - p)² / Σ(o - ō)² (as scikit-learn's r2_score); NaN when
/// the observations do not vary.</param>
/// <param name="Rmse">Root mean squared error, √(Σ(o - p)² / n).</param>
public readonly record struct FitStats(int Count, double R2, double Rmse)
{
    /// <summary>Computes the figures for <paramref name="observed"/> against <paramref name="predicted"/>.</summary>
    public static FitStats Compute(IReadOnlyList<double> observed, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        Json.CheckSameLength(observed.Count, predicted.Count, nameof(predicted));
        int n = 0;
        double sum = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            if (!double.IsFinite(observed[i]) || !double.IsFinite(predicted[i])) continue;
            n++;
            sum += observed[i];
        }
        if (n == 0) return new FitStats(0, double.NaN, double.NaN);
        var mean = sum / n;
        double ssRes = 0, ssTot = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            if (!double.IsFinite(observed[i]) || !double.IsFinite(predicted[i])) continue;
            ssRes += (observed[i] - predicted[i]) * (observed[i] - predicted[i]);
            ssTot += (observed[i] - mean) * (observed[i] - mean);
        }
        return new FitStats(n, ssTot > 0 ? 1 - (ssRes / ssTot) : double.NaN, Math.Sqrt(ssRes / n));
    }
}
