using System.Globalization;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;
using EarthEmbed.Viz.Charts;
using EarthEmbed.Viz.Frames;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Experiments;

/// <summary>The report section of a repeated run (<see cref="SeedRepeats"/>), shared by the papers: metrics as bars
/// with mean ± sd error bars over seeds, the claims table with its verdicts, one plain sentence per claim, and the
/// differences' forest plot. The papers pass their model labels and metrics; the words of each claim come from
/// metrics.json's comparisons.</summary>
public static class RepeatsReport
{
    /// <summary>Bars of <paramref name="metric"/> for <paramref name="models"/>, one series per split, with the mean ±
    /// sd interval of each as error bars (NaN where a model has no interval on a split).</summary>
    public static Figure IntervalBars(MetricsReport metrics, IReadOnlyList<string> models, IReadOnlyList<string> splits, string metric,
        Func<string, string> label)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(label);
        IntervalEstimate? Of(string model, string split) =>
            metrics.Intervals.TryGetValue(model, out var s) && s.TryGetValue(split, out var m) && m.TryGetValue(metric, out var e) ? e : null;
        var series = splits.Select(split => new IntervalSeries(split,
            models.Select(m => Of(m, split)?.Estimate ?? double.NaN).ToArray(),
            models.Select(m => Of(m, split)?.Lo ?? double.NaN).ToArray(),
            models.Select(m => Of(m, split)?.Hi ?? double.NaN).ToArray())).ToList();
        return Chart.BarsWithIntervals(models.Select(label).ToList(), series)
            .WithYAxis(metric == "r2" ? "R²" : metric.ToUpperInvariant()).WithSize(720, 380);
    }

    /// <summary>One plain sentence for <paramref name="comparison"/>: its verdict, the mean (or median) difference with
    /// its interval, the number of pairs and the test's p.</summary>
    public static string Sentence(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var c = comparison;
        var evidence = string.Create(CultureInfo.InvariantCulture,
            $"{(c.Center == DifferenceCenter.Mean ? "mean" : "median")} difference {c.A} - {c.B} in {c.Metric} {c.Difference:+0.0000;-0.0000} " +
            $"[{c.Lo:0.0000}, {c.Hi:0.0000}] ({c.Level:P0} interval) over {c.N} paired {c.Unit}s (pooled over seeds), {c.Test} p = {c.P:G3}");
        return c.Verdict switch
        {
            Verdict.Supported => $"**Supported**: {c.Claim}: {evidence}.",
            Verdict.NotSupported => $"**Not supported**: {c.Claim}: {evidence}; the data favour {c.B}, or the difference is within the margin.",
            _ => $"**Undecided at this budget**: {c.Claim}: {evidence}; the interval crosses 0 or p ≥ {c.Alpha.ToString(CultureInfo.InvariantCulture)}, so more seeds or test units could decide it.",
        };
    }

    /// <summary>Adds the claims (table, sentences, forest plot of the differences) of <paramref name="metrics"/> to
    /// <paramref name="report"/> under a heading of <paramref name="headingLevel"/>; nothing when there are none.</summary>
    public static void AddClaims(HtmlReport report, MetricsReport metrics, int headingLevel)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Comparisons.Count == 0) return;
        report.AddHeading("The paper's claims, decided over seeds", headingLevel);
        report.Add(metrics.ToComparisonFrame().ToClaimsTable());
        report.AddMarkdown(string.Join("\n\n", metrics.Comparisons.Select(Sentence)) +
            "\n\nRule (docs/statistics.md): supported when the difference's 95 % bootstrap interval lies on the claim's side and the Wilcoxon " +
            "signed-rank p < 0.05; not supported when both point the other way; otherwise undecided at this budget.");
        report.Add(Chart.Differences(metrics.Comparisons.Select(c => c.Claim).ToList(), metrics.Comparisons.Select(c => c.Difference).ToList(),
            metrics.Comparisons.Select(c => c.Lo).ToList(), metrics.Comparisons.Select(c => c.Hi).ToList()).WithTitle("Paired differences (a - b) with 95 % intervals"));
    }
}
