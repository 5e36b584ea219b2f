namespace EarthEmbed.Metrics;

/// <summary>Which way a claim "a beats b" points for a metric: a's values <see cref="Greater"/> (R², NSE, F1) or
/// <see cref="Less"/> (RMSE, MAE) than b's.</summary>
public enum ClaimDirection
{
    /// <summary>The claim is a - b &gt; 0.</summary>
    Greater,

    /// <summary>The claim is a - b &lt; 0.</summary>
    Less,
}

/// <summary>What the data say about a claim at the budget it was run with (docs/statistics.md).</summary>
public enum Verdict
{
    /// <summary>The difference's interval excludes 0 on the claim's side and the test's p is below α.</summary>
    Supported,

    /// <summary>The interval excludes 0 on the other side with p below α, or it lies inside the equivalence margin.</summary>
    NotSupported,

    /// <summary>Neither: the interval crosses 0, the test and the interval disagree, or there are too few pairs.</summary>
    Undecided,
}

/// <summary>Which summary of the paired differences a comparison reports with its interval.</summary>
public enum DifferenceCenter
{
    /// <summary>The mean difference (few repeats: seeds, folds).</summary>
    Mean,

    /// <summary>The median difference (many test sites, skewed scores such as NSE).</summary>
    Median,
}

/// <summary>Which paired test decides significance.</summary>
public enum PairedTestKind
{
    /// <summary><see cref="PairedTests.Wilcoxon"/>: signed ranks.</summary>
    Wilcoxon,

    /// <summary><see cref="PairedTests.Sign"/>: signs only.</summary>
    Sign,
}

/// <summary>How to compare: the <paramref name="Center"/> and <paramref name="Test"/>, an equivalence
/// <paramref name="Margin"/> (≥ 0, in the metric's units; 0 means none), the significance level
/// <paramref name="Alpha"/>, the bootstrap's <paramref name="Seed"/>, <paramref name="Resamples"/> and
/// <paramref name="Level"/>, and what a pair's <paramref name="Unit"/> is ("seed", "fold", "site").</summary>
public sealed record CompareOptions(DifferenceCenter Center = DifferenceCenter.Median, PairedTestKind Test = PairedTestKind.Wilcoxon,
    double Margin = 0, double Alpha = 0.05, long Seed = 0, int Resamples = Bootstrap.DefaultResamples,
    double Level = Bootstrap.DefaultLevel, string Unit = "site");

/// <summary>One comparison a paper makes, decided on paired values: the <paramref name="Claim"/> in words, models
/// <paramref name="A"/> and <paramref name="B"/> on <paramref name="Split"/> by <paramref name="Metric"/>, its
/// <paramref name="Direction"/>; the <paramref name="N"/> valid pairs of <paramref name="Unit"/>s, the
/// <paramref name="Difference"/> a - b (mean or median as <paramref name="Center"/> says) in
/// [<paramref name="Lo"/>, <paramref name="Hi"/>] at <paramref name="Level"/>, the <paramref name="Test"/>'s
/// <paramref name="Statistic"/> and two-sided <paramref name="P"/>, the <paramref name="Margin"/> and
/// <paramref name="Alpha"/> used, and the <paramref name="Verdict"/>. metrics.json's "comparisons" entries.</summary>
public sealed record Comparison(string Claim, string A, string B, string Split, string Metric, ClaimDirection Direction,
    string Unit, int N, DifferenceCenter Center, double Difference, double Lo, double Hi, double Level,
    string Test, double Statistic, double P, double Margin, double Alpha, Verdict Verdict);

/// <summary>Decides the claims a paper makes from paired scores, with one documented rule (<see cref="Decide"/>).</summary>
public static class Claims
{
    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/>, paired by position (pairs with a NaN
    /// dropped): the difference a - b with its bootstrap interval, the paired test, and the verdict.</summary>
    /// <exception cref="ArgumentException">Empty lists, lengths that differ, or a negative margin.</exception>
    public static Comparison Compare(string claim, string aName, string bName, string split, string metric,
        ClaimDirection direction, IReadOnlyList<double> a, IReadOnlyList<double> b, CompareOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        options ??= new CompareOptions();
        if (!(options.Margin >= 0)) throw new ArgumentException($"options.Margin: expected a margin >= 0 in the metric's units, got {options.Margin}", nameof(options));
        var d = PairedTests.Differences(a, b);
        var estimate = d.Length == 0
            ? Statistics.Empty(IntervalKind.MedianBootstrap, options.Level)
            : options.Center == DifferenceCenter.Mean
                ? Bootstrap.Mean(d, options.Seed, options.Resamples, options.Level)
                : Bootstrap.Median(d, options.Seed, options.Resamples, options.Level);
        var test = d.Length == 0
            ? new TestResult(options.Test == PairedTestKind.Sign ? "sign" : "wilcoxon_normal", double.NaN, double.NaN, 0, 0)
            : options.Test == PairedTestKind.Sign ? PairedTests.SignOf(d) : PairedTests.WilcoxonOf(d);
        var verdict = Decide(estimate.Lo, estimate.Hi, test.P, direction, options.Margin, options.Alpha);
        return new Comparison(claim, aName, bName, split, metric, direction, options.Unit, d.Length, options.Center,
            estimate.Estimate, estimate.Lo, estimate.Hi, options.Level, test.Test, test.Statistic, test.P, options.Margin,
            options.Alpha, verdict);
    }

    /// <summary>The verdict rule, for an interval [lo, hi] of a - b, a two-sided p and a claim direction; with s = +1
    /// for <see cref="ClaimDirection.Greater"/> and -1 for <see cref="ClaimDirection.Less"/>:
    /// <list type="bullet">
    /// <item><see cref="Verdict.Supported"/> when the interval lies wholly on the claim's side of 0 (s·lo &gt; 0 and
    /// s·hi &gt; 0) and p &lt; α;</item>
    /// <item><see cref="Verdict.NotSupported"/> when it lies wholly on the other side with p &lt; α (the data favour
    /// b), or when a margin m &gt; 0 is given and -m ≤ lo ≤ hi ≤ m (any difference is too small to matter);</item>
    /// <item><see cref="Verdict.Undecided"/> otherwise: the interval crosses 0, p ≥ α, or a value is NaN (no pairs).</item>
    /// </list>
    /// Requiring both the interval and the test keeps one weak side (the percentile interval of three seeds is too
    /// narrow; a rank test on three pairs cannot reach p &lt; 0.05, whose smallest two-sided p is 0.25) from deciding
    /// alone: with fewer than six pairs no claim can be decided, and the report says "undecided at this budget".</summary>
    public static Verdict Decide(double lo, double hi, double p, ClaimDirection direction, double margin = 0, double alpha = 0.05)
    {
        if (double.IsNaN(lo) || double.IsNaN(hi)) return Verdict.Undecided;
        if (margin > 0 && lo >= -margin && hi <= margin) return Verdict.NotSupported;
        if (double.IsNaN(p) || !(p < alpha)) return Verdict.Undecided;
        var s = direction == ClaimDirection.Greater ? 1.0 : -1.0;
        if (s * lo > 0 && s * hi > 0) return Verdict.Supported;
        if (s * lo < 0 && s * hi < 0) return Verdict.NotSupported;
        return Verdict.Undecided;
    }

    /// <summary>The verdict as metrics.json writes it: "supported", "not_supported", "undecided".</summary>
    public static string ToJsonName(this Verdict verdict) => verdict switch
    {
        Verdict.Supported => "supported",
        Verdict.NotSupported => "not_supported",
        _ => "undecided",
    };

    /// <summary>Parses <see cref="ToJsonName(Verdict)"/>'s names back.</summary>
    /// <exception cref="FormatException">Another name.</exception>
    public static Verdict ParseVerdict(string name) => name switch
    {
        "supported" => Verdict.Supported,
        "not_supported" => Verdict.NotSupported,
        "undecided" => Verdict.Undecided,
        _ => throw new FormatException($"verdict \"{name}\": expected supported, not_supported or undecided"),
    };
}
