namespace EarthEmbed.Metrics;

/// <summary>Regression metrics over valid (observed o, predicted p) pairs (see <see cref="Pairs"/>); n is the number
/// of valid pairs, d = p - o. Each returns NaN when there are too few valid pairs to define it.</summary>
public static class Regression
{
    /// <summary>Coefficient of determination R² = 1 - Σ(o - p)² / Σ(o - ō)² (the same formula as NSE; Nash and
    /// Sutcliffe 1970). Can be negative; NaN when the observations are constant.</summary>
    public static double R2(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        if (o.Length < 2) return double.NaN;
        var mean = Pairs.Mean(o);
        double res = 0, tot = 0;
        for (var i = 0; i < o.Length; i++)
        {
            res += (o[i] - p[i]) * (o[i] - p[i]);
            tot += (o[i] - mean) * (o[i] - mean);
        }
        return tot == 0 ? double.NaN : 1 - res / tot;
    }

    /// <summary>Root-mean-square error sqrt(Σd² / n).</summary>
    public static double Rmse(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        if (o.Length == 0) return double.NaN;
        var s = 0.0;
        for (var i = 0; i < o.Length; i++) s += (p[i] - o[i]) * (p[i] - o[i]);
        return Math.Sqrt(s / o.Length);
    }

    /// <summary>Mean absolute error Σ|d| / n.</summary>
    public static double Mae(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        if (o.Length == 0) return double.NaN;
        var s = 0.0;
        for (var i = 0; i < o.Length; i++) s += Math.Abs(p[i] - o[i]);
        return s / o.Length;
    }

    /// <summary>Mean error (bias) Σd / n: positive when predictions are too high.</summary>
    public static double Bias(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        if (o.Length == 0) return double.NaN;
        var s = 0.0;
        for (var i = 0; i < o.Length; i++) s += p[i] - o[i];
        return s / o.Length;
    }

    /// <summary>Median of d = p - o (the height paper's "median difference"); mean of the middle two for even n.</summary>
    public static double MedianDiff(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        return Pairs.Median(o.Select((v, i) => p[i] - v));
    }

    /// <summary>Normalised median absolute deviation of d: 1.4826 · median(|d - median(d)|) (Höhle and Höhle 2009),
    /// a robust spread of elevation errors that equals σ for normal errors.</summary>
    public static double Nmad(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        var d = o.Select((v, i) => p[i] - v).ToArray();
        var m = Pairs.Median(d);
        return 1.4826 * Pairs.Median(d.Select(x => Math.Abs(x - m)));
    }

    /// <summary>Pearson's r = Σ(o - ō)(p - p̄) / sqrt(Σ(o - ō)² Σ(p - p̄)²); NaN when either side is constant.</summary>
    public static double Pearson(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        return PearsonOf(o, p);
    }

    /// <summary>Spearman's ρ: Pearson's r of the average ranks (ties share their mean rank).</summary>
    public static double Spearman(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> mask = default)
    {
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        return PearsonOf(Pairs.AverageRanks(o), Pairs.AverageRanks(p));
    }

    internal static double PearsonOf(double[] o, double[] p)
    {
        if (o.Length < 2) return double.NaN;
        double mo = Pairs.Mean(o), mp = Pairs.Mean(p), sop = 0, soo = 0, spp = 0;
        for (var i = 0; i < o.Length; i++)
        {
            sop += (o[i] - mo) * (p[i] - mp);
            soo += (o[i] - mo) * (o[i] - mo);
            spp += (p[i] - mp) * (p[i] - mp);
        }
        return soo == 0 || spp == 0 ? double.NaN : sop / Math.Sqrt(soo * spp);
    }

    /// <summary>Mean error d per bin of the observed value: bins [edges[k], edges[k+1]); returns (count, bias) per bin,
    /// to show over-estimation low and under-estimation high as the height paper reports.</summary>
    public static (long Count, double Bias)[] BiasByBin(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted,
        ReadOnlySpan<double> edges, ReadOnlySpan<bool> mask = default)
    {
        if (edges.Length < 2) throw new ArgumentException("need at least two bin edges", nameof(edges));
        var (o, p) = Pairs.Valid(observed, predicted, mask);
        var counts = new long[edges.Length - 1];
        var sums = new double[edges.Length - 1];
        for (var i = 0; i < o.Length; i++)
            for (var k = 0; k < counts.Length; k++)
                if (o[i] >= edges[k] && o[i] < edges[k + 1])
                {
                    counts[k]++;
                    sums[k] += p[i] - o[i];
                    break;
                }
        return counts.Select((c, k) => (c, c == 0 ? double.NaN : sums[k] / c)).ToArray();
    }
}
