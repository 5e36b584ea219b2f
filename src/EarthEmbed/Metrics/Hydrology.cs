namespace EarthEmbed.Metrics;

/// <summary>Hydrological skill scores over valid (observed o, simulated p) pairs of one site's time series
/// (neuralhydrology's evaluation/metrics.py uses the same definitions).</summary>
public static class Hydrology
{
    /// <summary>Nash-Sutcliffe efficiency 1 - Σ(o - p)² / Σ(o - ō)² (Nash and Sutcliffe 1970); 1 is perfect, 0 is no
    /// better than the observed mean.</summary>
    public static double Nse(ReadOnlySpan<double> observed, ReadOnlySpan<double> simulated, ReadOnlySpan<bool> mask = default) =>
        Regression.R2(observed, simulated, mask);

    /// <summary>Kling-Gupta efficiency 1 - sqrt((r - 1)² + (α - 1)² + (β - 1)²) with r Pearson's correlation,
    /// α = σp / σo and β = μp / μo (Gupta et al. 2009), population standard deviations.</summary>
    public static double Kge(ReadOnlySpan<double> observed, ReadOnlySpan<double> simulated, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, simulated, mask);
        if (o.Length < 2) return double.NaN;
        var r = Regression.PearsonOf(o, p);
        double mo = Pairs.Mean(o), mp = Pairs.Mean(p);
        var alpha = Std(p, mp) / Std(o, mo);
        var beta = mp / mo;
        return 1 - Math.Sqrt((r - 1) * (r - 1) + (alpha - 1) * (alpha - 1) + (beta - 1) * (beta - 1));
    }

    /// <summary>Unbiased RMSE sqrt(RMSE² - bias²) = the RMSE after removing the mean error (Entekhabi et al. 2010), the
    /// soil-moisture community's standard.</summary>
    public static double UbRmse(ReadOnlySpan<double> observed, ReadOnlySpan<double> simulated, ReadOnlySpan<bool> mask = default)
    {
        var rmse = Regression.Rmse(observed, simulated, mask);
        var bias = Regression.Bias(observed, simulated, mask);
        return Math.Sqrt(Math.Max(0, rmse * rmse - bias * bias));
    }

    /// <summary>Percent bias 100 · Σ(p - o) / Σo.</summary>
    public static double PBias(ReadOnlySpan<double> observed, ReadOnlySpan<double> simulated, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, simulated, mask);
        var so = o.Sum();
        return so == 0 ? double.NaN : 100 * (p.Sum() - so) / so;
    }

    /// <summary>Median over sites, ignoring sites whose score is NaN (how the papers summarise per-site scores).</summary>
    public static double MedianOverSites(IEnumerable<double> perSite)
    {
        ArgumentNullException.ThrowIfNull(perSite);
        return Pairs.Median(perSite.Where(double.IsFinite));
    }

    private static double Std(double[] x, double mean)
    {
        var s = 0.0;
        foreach (var v in x) s += (v - mean) * (v - mean);
        return Math.Sqrt(s / x.Length);
    }
}
