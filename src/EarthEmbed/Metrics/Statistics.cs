namespace EarthEmbed.Metrics;

/// <summary>How an <see cref="IntervalEstimate"/> was made, i.e. what its estimate is and what its ends mean
/// (metrics.json's <c>"kind"</c>; docs/statistics.md).</summary>
public enum IntervalKind
{
    /// <summary>The mean over repeats (seeds, folds); the ends are mean ∓ one sample standard deviation (an error
    /// bar of the spread, not a confidence interval): issue 13's "mean ± sd over seeds".</summary>
    MeanSd,

    /// <summary>The mean; the ends are its percentile-bootstrap confidence interval (<see cref="Bootstrap"/>).</summary>
    MeanBootstrap,

    /// <summary>The median (e.g. over test sites); the ends are its percentile-bootstrap confidence interval.</summary>
    MedianBootstrap,
}

/// <summary>A point estimate with an interval: <paramref name="Estimate"/> in [<paramref name="Lo"/>,
/// <paramref name="Hi"/>] as <paramref name="Kind"/> says, the sample standard deviation <paramref name="Sd"/> of the
/// <paramref name="N"/> finite values it was computed from, and the <paramref name="Level"/> of a bootstrap interval
/// (NaN for <see cref="IntervalKind.MeanSd"/>). With no finite value every number is NaN and N is 0.</summary>
public sealed record IntervalEstimate(double Estimate, double Lo, double Hi, double Sd, int N, IntervalKind Kind, double Level);

/// <summary>Summary statistics of repeated measurements (a metric over seeds, folds or test sites). They share the
/// metrics' NaN rule (<see cref="Pairs"/>): NaN and ±∞ are no-data and are dropped before anything is computed, so a
/// site without a score does not count. An empty list is a caller's mistake (<see cref="ArgumentException"/>); a list
/// whose values are all non-finite gives NaN, as the metrics do when too few pairs are valid.</summary>
public static class Statistics
{
    /// <summary>The finite values, in order; throws when the list itself is null or empty.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> has no element.</exception>
    public static double[] Finite(IReadOnlyList<double> values, string name = "values")
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0) throw new ArgumentException($"{name}: expected at least one value, got an empty list", name);
        return values.Where(double.IsFinite).ToArray();
    }

    /// <summary>Arithmetic mean Σx / n of the finite values; NaN when there are none.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        var x = Finite(values);
        return x.Length == 0 ? double.NaN : Pairs.Mean(x);
    }

    /// <summary>Sample standard deviation sqrt(Σ(x - x̄)² / (n - 1)) of the finite values (Bessel's correction, as
    /// numpy's <c>std(ddof=1)</c>); NaN for fewer than two.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values) => SampleSd(Finite(values));

    /// <summary>Median of the finite values (mean of the middle two for an even count); NaN when there are none.</summary>
    public static double Median(IReadOnlyList<double> values) => Pairs.Median(Finite(values));

    /// <summary>The <paramref name="q"/>-quantile of the finite values, interpolating linearly between order statistics
    /// at position q·(n - 1) (Hyndman and Fan 1996 type 7, numpy's default <c>percentile</c>); NaN when there are none.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> outside [0, 1].</exception>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var x = Finite(values);
        Array.Sort(x);
        return SortedQuantile(x, q);
    }

    /// <summary>Mean ± one sample standard deviation over repeats (<see cref="IntervalKind.MeanSd"/>): Lo = mean - sd,
    /// Hi = mean + sd; with one value sd is NaN, so are the ends.</summary>
    public static IntervalEstimate MeanSd(IReadOnlyList<double> values)
    {
        var x = Finite(values);
        if (x.Length == 0) return Empty(IntervalKind.MeanSd, double.NaN);
        var mean = Pairs.Mean(x);
        var sd = SampleSd(x);
        return new IntervalEstimate(mean, mean - sd, mean + sd, sd, x.Length, IntervalKind.MeanSd, double.NaN);
    }

    /// <summary>The summary of <paramref name="kind"/>: <see cref="MeanSd"/>, or a percentile-bootstrap interval of
    /// the mean or the median (<see cref="Bootstrap"/>, deterministic for <paramref name="seed"/>).</summary>
    public static IntervalEstimate Summarise(IReadOnlyList<double> values, IntervalKind kind, long seed,
        int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel) => kind switch
    {
        IntervalKind.MeanSd => MeanSd(values),
        IntervalKind.MeanBootstrap => Bootstrap.Mean(values, seed, resamples, level),
        IntervalKind.MedianBootstrap => Bootstrap.Median(values, seed, resamples, level),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "expected MeanSd, MeanBootstrap or MedianBootstrap"),
    };

    internal static IntervalEstimate Empty(IntervalKind kind, double level) =>
        new(double.NaN, double.NaN, double.NaN, double.NaN, 0, kind, level);

    internal static double SampleSd(double[] x)
    {
        if (x.Length < 2) return double.NaN;
        var mean = Pairs.Mean(x);
        var s = 0.0;
        foreach (var v in x) s += (v - mean) * (v - mean);
        return Math.Sqrt(s / (x.Length - 1));
    }

    /// <summary>Type-7 quantile of values already sorted ascending.</summary>
    internal static double SortedQuantile(double[] sorted, double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile is between 0 and 1");
        if (sorted.Length == 0) return double.NaN;
        var h = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Upper tail 1 - Φ(z) of the standard normal distribution, from <see cref="Erfc"/> (full double
    /// precision far into the tail, where 1 - Φ would cancel).</summary>
    internal static double NormalSf(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>Complementary error function to about 1e-15 relative: for |x| &lt; 2 as 1 - erf(x) with erf's series of
    /// positive terms erf(x) = 2/√π e^(-x²) Σ 2ⁿ x^(2n+1) / (1·3···(2n+1)) (Abramowitz and Stegun 7.1.6; no
    /// cancellation), for x ≥ 2 by its continued fraction (A&amp;S 7.1.14) evaluated with Lentz's method.</summary>
    internal static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        if (x < 2)
        {
            double term = x, sum = x;
            for (var n = 1; n < 200 && term > 1e-17 * sum; n++)
            {
                term *= 2 * x * x / (2 * n + 1);
                sum += term;
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
        }
        if (x > 27) return 0;  // below the smallest double
        // erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), Lentz's method.
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (var k = 1; k < 500; k++)
        {
            var a = k * 0.5;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
