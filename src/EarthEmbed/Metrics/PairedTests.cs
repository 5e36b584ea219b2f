namespace EarthEmbed.Metrics;

/// <summary>The result of a two-sided paired test: which <paramref name="Test"/> ("wilcoxon_exact",
/// "wilcoxon_normal" or "sign"), its <paramref name="Statistic"/> (Wilcoxon: T = min(R+, R-); sign: the number of
/// positive differences), the two-sided <paramref name="P"/> value, the <paramref name="N"/> non-zero differences it
/// used and the <paramref name="Zeros"/> zero differences it dropped. With no non-zero difference, Statistic and P are
/// NaN.</summary>
public sealed record TestResult(string Test, double Statistic, double P, int N, int Zeros);

/// <summary>The paired differences a - b summarised: <paramref name="N"/> valid pairs, the mean and the median
/// difference, each with its percentile-bootstrap interval (<see cref="Bootstrap"/>).</summary>
public sealed record PairedDifference(int N, IntervalEstimate Mean, IntervalEstimate Median);

/// <summary>Paired comparisons of two models scored on the same units (seeds, folds, test sites): a[i] and b[i]
/// belong to unit i. Pairs follow the metrics' one NaN rule (<see cref="Pairs.Valid(ReadOnlySpan{double},
/// ReadOnlySpan{double}, ReadOnlySpan{bool})"/>): a pair with a NaN or ±∞ on either side is dropped. Zero differences
/// are dropped before ranking, as scipy's default <c>zero_method='wilcox'</c> does (Wilcoxon 1945), and by the sign
/// test. Both tests are two-sided.</summary>
public static class PairedTests
{
    /// <summary>Largest n for which the Wilcoxon test uses its exact distribution (scipy's threshold too).</summary>
    public const int ExactWilcoxonLimit = 50;

    /// <summary>The differences a[i] - b[i] of the valid pairs, in order.</summary>
    /// <exception cref="ArgumentException">Either list is empty, or their lengths differ.</exception>
    public static double[] Differences(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0) throw new ArgumentException("a: expected at least one paired value, got an empty list", nameof(a));
        if (a.Count != b.Count) throw new ArgumentException($"b: expected {a.Count} values (one per value of a, paired by position), got {b.Count}", nameof(b));
        var (va, vb) = Pairs.Valid(a.ToArray(), b.ToArray());
        return va.Select((v, i) => v - vb[i]).ToArray();
    }

    /// <summary>Mean and median of a - b with their bootstrap intervals (deterministic for <paramref name="seed"/>).</summary>
    public static PairedDifference Difference(IReadOnlyList<double> a, IReadOnlyList<double> b, long seed,
        int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel)
    {
        var d = Differences(a, b);
        if (d.Length == 0)
            return new PairedDifference(0, Statistics.Empty(IntervalKind.MeanBootstrap, level), Statistics.Empty(IntervalKind.MedianBootstrap, level));
        return new PairedDifference(d.Length, Bootstrap.Mean(d, seed, resamples, level), Bootstrap.Median(d, seed, resamples, level));
    }

    /// <summary>Wilcoxon's signed-rank test of a - b (two-sided), zeros dropped. The n non-zero |d| are ranked (ties
    /// share their average rank); T = min(R+, R-). Exact when n ≤ <see cref="ExactWilcoxonLimit"/> and there are no
    /// ties and no zeros: p = min(1, 2·min(P(R+ ≤ r), P(R+ ≥ r))) from the exact null distribution of R+ (all 2ⁿ sign
    /// assignments, counted by dynamic programming). Otherwise the normal approximation with the tie correction and a
    /// continuity correction: z = (T - μ - ½·sign(T - μ)) / σ with μ = n(n+1)/4 and
    /// σ² = (n(n+1)(2n+1) - ½Σt(t²-1)) / 24 over tie groups of size t, p = 2·(1 - Φ(|z|)). This matches
    /// scipy.stats.wilcoxon 1.10 with <c>mode='exact'</c> (no ties) or <c>mode='approx', correction=True</c>
    /// (scipy itself falls back to the normal approximation when there are zeros).</summary>
    public static TestResult Wilcoxon(IReadOnlyList<double> a, IReadOnlyList<double> b) => WilcoxonOf(Differences(a, b));

    /// <summary><see cref="Wilcoxon(IReadOnlyList{double}, IReadOnlyList{double})"/> of differences already taken
    /// (non-finite ones dropped).</summary>
    public static TestResult WilcoxonOf(IReadOnlyList<double> differences)
    {
        var all = Statistics.Finite(differences, nameof(differences));
        var d = all.Where(v => v != 0).ToArray();
        var zeros = all.Length - d.Length;
        var n = d.Length;
        if (n == 0) return new TestResult("wilcoxon_normal", double.NaN, double.NaN, 0, zeros);
        var ranks = Pairs.AverageRanks(d.Select(Math.Abs).ToArray());
        double rPlus = 0, rMinus = 0;
        for (var i = 0; i < n; i++)
            if (d[i] > 0) rPlus += ranks[i];
            else rMinus += ranks[i];
        var t = Math.Min(rPlus, rMinus);
        var tieGroups = ranks.GroupBy(r => r).Select(g => (double)g.Count()).Where(c => c > 1).ToArray();
        if (n <= ExactWilcoxonLimit && zeros == 0 && tieGroups.Length == 0)
            return new TestResult("wilcoxon_exact", t, ExactWilcoxonP(n, (int)Math.Round(rPlus)), n, zeros);
        var mean = n * (n + 1) / 4.0;
        var variance = n * (n + 1.0) * (2 * n + 1) - 0.5 * tieGroups.Sum(c => c * (c * c - 1));
        var sd = Math.Sqrt(variance / 24);
        var z = (t - mean - 0.5 * Math.Sign(t - mean)) / sd;
        return new TestResult("wilcoxon_normal", t, Math.Min(1, 2 * Statistics.NormalSf(Math.Abs(z))), n, zeros);
    }

    /// <summary>The exact two-sided sign test of a - b: zeros dropped, k positive differences among n, p =
    /// min(1, 2·min(P(X ≤ k), P(X ≥ k))) for X ~ Binomial(n, ½) (the same as scipy.stats.binomtest(k, n, 0.5)'s
    /// two-sided p, which for p = ½ is symmetric). Makes no assumption about the differences' distribution, so it
    /// suits few, skewed pairs.</summary>
    public static TestResult Sign(IReadOnlyList<double> a, IReadOnlyList<double> b) => SignOf(Differences(a, b));

    /// <summary><see cref="Sign(IReadOnlyList{double}, IReadOnlyList{double})"/> of differences already taken.</summary>
    public static TestResult SignOf(IReadOnlyList<double> differences)
    {
        var all = Statistics.Finite(differences, nameof(differences));
        var n = all.Count(v => v != 0);
        var k = all.Count(v => v > 0);
        if (n == 0) return new TestResult("sign", double.NaN, double.NaN, 0, all.Length);
        // log C(n, i) - n log 2, summed from the smaller tail.
        var tail = Math.Min(k, n - k);
        var p = 0.0;
        for (var i = 0; i <= tail; i++) p += Math.Exp(LogChoose(n, i) - n * Math.Log(2));
        return new TestResult("sign", k, Math.Min(1, 2 * p), n, all.Length - n);
    }

    /// <summary>Two-sided exact p of R+ = r among n untied ranks: 2·min(P(R+ ≤ r), P(R+ ≥ r)), capped at 1.</summary>
    internal static double ExactWilcoxonP(int n, int r)
    {
        var max = n * (n + 1) / 2;
        // counts[s] = number of subsets of {1..n} with rank sum s; 2ⁿ subsets in all (doubles: exact to n = 50's 2⁵⁰).
        var counts = new double[max + 1];
        counts[0] = 1;
        for (var rank = 1; rank <= n; rank++)
            for (var s = max; s >= rank; s--) counts[s] += counts[s - rank];
        var total = Math.Pow(2, n);
        double below = 0, above = 0;
        for (var s = 0; s <= r; s++) below += counts[s];
        for (var s = r; s <= max; s++) above += counts[s];
        return Math.Min(1, 2 * Math.Min(below, above) / total);
    }

    private static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(int n)
    {
        var s = 0.0;
        for (var i = 2; i <= n; i++) s += Math.Log(i);
        return s;
    }
}
