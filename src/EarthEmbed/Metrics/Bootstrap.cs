namespace EarthEmbed.Metrics;

/// <summary>Percentile-bootstrap confidence intervals (Efron and Tibshirani 1993, ch. 13), deterministic for a seed.
/// Method: from the n finite values (the NaN rule of <see cref="Statistics"/>), draw <c>resamples</c> (B, 2000 by
/// default) samples of n values with replacement, compute the statistic on each, and take the (1 - level)/2 and
/// (1 + level)/2 quantiles of those B statistics (type 7, numpy's default, as scipy.stats.bootstrap's
/// <c>method='percentile'</c> does) as the interval's ends. The draws come from SplitMix64 (Steele, Lea and Flood
/// 2014) seeded with the seed: the same seed gives the same interval on every machine and .NET version (System.Random
/// promises no such thing); an index is ⌊u·n⌋ with u a 53-bit uniform. With one value the interval is that value;
/// with none every number is NaN.</summary>
/// <remarks>The percentile interval is simple and transformation-respecting but, for few values (three seeds), too
/// narrow: it cannot reach beyond the observed range. Verdicts therefore also require a rank test
/// (<see cref="Claims"/>).</remarks>
public static class Bootstrap
{
    /// <summary>Resamples drawn when none is given.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Confidence level when none is given (a 95 % interval).</summary>
    public const double DefaultLevel = 0.95;

    /// <summary>The median with its percentile-bootstrap interval (<see cref="IntervalKind.MedianBootstrap"/>); Sd is
    /// the values' sample standard deviation.</summary>
    public static IntervalEstimate Median(IReadOnlyList<double> values, long seed, int resamples = DefaultResamples, double level = DefaultLevel) =>
        Estimate(values, IntervalKind.MedianBootstrap, MedianOf, seed, resamples, level);

    /// <summary>The mean with its percentile-bootstrap interval (<see cref="IntervalKind.MeanBootstrap"/>).</summary>
    public static IntervalEstimate Mean(IReadOnlyList<double> values, long seed, int resamples = DefaultResamples, double level = DefaultLevel) =>
        Estimate(values, IntervalKind.MeanBootstrap, x => Pairs.Mean(x), seed, resamples, level);

    /// <summary>The percentile-bootstrap interval of any <paramref name="statistic"/> of the finite values (given a
    /// fresh array it may reorder). NaN ends when no value is finite.</summary>
    /// <exception cref="ArgumentException">An empty list.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 resample, or a level outside (0, 1).</exception>
    public static (double Lo, double Hi) PercentileInterval(IReadOnlyList<double> values, Func<double[], double> statistic,
        long seed, int resamples = DefaultResamples, double level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        Check(resamples, level);
        var x = Statistics.Finite(values);
        return x.Length == 0 ? (double.NaN, double.NaN) : Ends(Distribution(x, statistic, seed, resamples), level);
    }

    /// <summary>The B bootstrap statistics, in draw order (resample b uses the b-th n indices of the stream).</summary>
    internal static double[] Distribution(double[] x, Func<double[], double> statistic, long seed, int resamples)
    {
        var rng = new SplitMix64(seed);
        var sample = new double[x.Length];
        var stats = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < sample.Length; i++) sample[i] = x[rng.NextIndex(x.Length)];
            stats[b] = statistic(sample);
        }
        return stats;
    }

    private static IntervalEstimate Estimate(IReadOnlyList<double> values, IntervalKind kind, Func<double[], double> statistic,
        long seed, int resamples, double level)
    {
        Check(resamples, level);
        var x = Statistics.Finite(values);
        if (x.Length == 0) return Statistics.Empty(kind, level);
        var estimate = statistic((double[])x.Clone());
        var (lo, hi) = Ends(Distribution(x, statistic, seed, resamples), level);
        return new IntervalEstimate(estimate, lo, hi, Statistics.SampleSd(x), x.Length, kind, level);
    }

    private static (double Lo, double Hi) Ends(double[] stats, double level)
    {
        Array.Sort(stats);
        return (Statistics.SortedQuantile(stats, (1 - level) / 2), Statistics.SortedQuantile(stats, (1 + level) / 2));
    }

    /// <summary>Median that sorts its (scratch) argument in place.</summary>
    private static double MedianOf(double[] x)
    {
        Array.Sort(x);
        var mid = x.Length / 2;
        return x.Length % 2 == 1 ? x[mid] : 0.5 * (x[mid - 1] + x[mid]);
    }

    private static void Check(int resamples, double level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "a confidence level is between 0 and 1, e.g. 0.95");
    }

    /// <summary>SplitMix64: a 64-bit state advanced by the golden-ratio increment and mixed (Steele et al. 2014).</summary>
    internal struct SplitMix64(long seed)
    {
        private ulong _state = unchecked((ulong)seed);

        internal ulong Next()
        {
            unchecked
            {
                var z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        /// <summary>An index in [0, n): ⌊u·n⌋ for u = (Next() &gt;&gt; 11)·2⁻⁵³ (bias below n·2⁻⁵³).</summary>
        internal int NextIndex(int n) => (int)((Next() >> 11) * (1.0 / (1UL << 53)) * n);
    }
}
