using System.Globalization;
using System.Text.Json.Nodes;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;
using EarthEmbed.Viz.Charts;
using EarthEmbed.Viz.Reports;
using EarthEmbed.Viz.Frames;
using EarthEmbed.Viz.Tables;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The figures and tables of the StefaLand report, each usable alone (the notebook shows them one by one):
/// pretraining curves, hydrographs of a good, the median and a poor test site, CDFs of per-site NSE per model, a
/// map of per-site NSE by site coordinates, our medians beside the paper's, and a verdict sentence computed from the
/// numbers.</summary>
public static class StefaLandReport
{
    /// <summary>Masked NSE loss per pretraining epoch, one line per fold.</summary>
    public static Figure PretrainingCurves(StefaLandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Figure? figure = null;
        foreach (var (fold, loss) in result.PretrainLoss)
        {
            var line = Chart.Line(Enumerable.Range(1, loss.Count).Select(e => (double)e).ToArray(), loss, fold);
            figure = figure is null ? line : figure.Overlay(line);
        }
        return (figure ?? Chart.Line([], [])).WithTitle("Pretraining: masked NSE reconstruction loss").WithXAxis("Epoch").WithYAxis("Loss");
    }

    /// <summary>Empirical CDF of per-site streamflow NSE of each model on <paramref name="split"/> (NSE below -1 drawn at -1).</summary>
    public static Figure NseCdf(StefaLandResult result, string split)
    {
        ArgumentNullException.ThrowIfNull(result);
        Figure? figure = null;
        foreach (var model in StefaLandResult.Models)
        {
            var nse = result.Streamflow.Where(s => s.Model == model && s.Split == split).Select(s => s.Nse).Where(double.IsFinite)
                .Select(x => Math.Max(-1, x)).Order().ToArray();
            if (nse.Length == 0) continue;
            var line = Chart.Line(nse, nse.Select((_, i) => (i + 1.0) / nse.Length).ToArray(), model);
            figure = figure is null ? line : figure.Overlay(line);
        }
        return (figure ?? Chart.Line([], [])).WithTitle($"{split.ToUpperInvariant()}: CDF of per-site NSE").WithXAxis("NSE").WithYAxis("Fraction of test sites");
    }

    /// <summary>Test sites at their coordinates coloured by <paramref name="model"/>'s NSE on <paramref name="split"/>.</summary>
    public static Figure NseMap(StefaLandResult result, string split, string model = "stefaland")
    {
        ArgumentNullException.ThrowIfNull(result);
        var sites = result.Streamflow.Where(s => s.Model == model && s.Split == split).ToArray();
        var figure = Chart.Scatter(sites.Select(s => s.Longitude).ToArray(), sites.Select(s => s.Latitude).ToArray(), model);
        var trace = figure.Data[0]!.AsObject();
        trace["marker"] = new JsonObject
        {
            ["size"] = 9,
            ["color"] = new JsonArray(sites.Select(s => (JsonNode?)JsonValue.Create(double.IsFinite(s.Nse) ? Math.Max(-1, s.Nse) : -1)).ToArray()),
            ["colorscale"] = "RdYlBu", ["cmin"] = -1, ["cmax"] = 1,
            ["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "NSE" } },
        };
        trace["text"] = new JsonArray(sites.Select(s => (JsonNode?)JsonValue.Create(
            string.Create(CultureInfo.InvariantCulture, $"{s.SiteId} ({s.Region}): NSE {s.Nse:F2}"))).ToArray());
        return figure.WithTitle($"{split.ToUpperInvariant()}: per-site NSE of {model}").WithXAxis("Longitude", "°").WithYAxis("Latitude", "°");
    }

    /// <summary>Observed and predicted streamflow at the test sites where <paramref name="model"/> scored best, median
    /// and worst NSE on <paramref name="split"/>, all models overlaid.</summary>
    public static Figure Hydrographs(StefaLandResult result, string split, string model = "stefaland")
    {
        ArgumentNullException.ThrowIfNull(result);
        var ranked = result.Streamflow.Where(s => s.Model == model && s.Split == split && double.IsFinite(s.Nse)).OrderByDescending(s => s.Nse).ToArray();
        if (ranked.Length == 0) return Chart.Line([], []).WithTitle("no test sites");
        var picks = new[] { ("good", ranked[0]), ("median", ranked[ranked.Length / 2]), ("poor", ranked[^1]) };
        var panels = picks.Select(p =>
        {
            var series = result.Series.First(s => s.Target == "streamflow" && s.Split == split && s.SiteId == p.Item2.SiteId);
            var dates = Enumerable.Range(0, series.Observed.Length).Select(d => series.Start.AddDays(d).ToDateTime(TimeOnly.MinValue)).ToArray();
            var lines = new List<(string, IReadOnlyList<double>)> { ("observed", series.Observed.Select(x => (double)x).ToArray()) };
            lines.AddRange(StefaLandResult.Models.Where(series.Predicted.ContainsKey).Select(m => (m, (IReadOnlyList<double>)series.Predicted[m].Select(x => (double)x).ToArray())));
            return Chart.Lines(dates, lines.ToArray()).WithTitle(string.Create(CultureInfo.InvariantCulture,
                $"{p.Item1}: {series.SiteId} ({p.Item2.Region}), {model} NSE {p.Item2.Nse:F2}")).WithYAxis("Streamflow", "mm/day");
        }).ToArray();
        return Figure.Grid(1, panels).WithSize(900, 900);
    }

    /// <summary>Our numbers beside the paper's: one row per (split, model, metric) present in either.</summary>
    public static ResultTable Table(MetricsReport metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var table = new ResultTable("split", "model", "metric", "ours", "paper");
        var keys = metrics.Models.SelectMany(m => m.Value.SelectMany(s => s.Value.Keys.Select(k => (Split: s.Key, Model: m.Key, Metric: k))))
            .Concat(metrics.Paper.SelectMany(m => m.Value.SelectMany(s => s.Value.Keys.Select(k => (Split: s.Key, Model: m.Key, Metric: k)))))
            .Distinct().OrderBy(k => k.Split, StringComparer.Ordinal).ThenBy(k => Order(k.Model)).ThenBy(k => k.Metric, StringComparer.Ordinal);
        foreach (var (split, model, metric) in keys)
            table.AddRow(split, model, metric, Lookup(metrics.Models, model, split, metric), Lookup(metrics.Paper, model, split, metric));
        return table.Format("ours", "0.000").Format("paper", "0.000");
    }

    /// <summary>One honest sentence per split: stefaland's and the LSTM's median NSE here, and the verdict of the paired
    /// per-site comparison in <paramref name="metrics"/> (supported, not supported, undecided at this budget) when it
    /// has one.</summary>
    public static string Verdict(StefaLandResult result, MetricsReport? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string>();
        foreach (var split in new[] { "pub", "pur" })
        {
            double s = result.Median("stefaland", split, "nse"), l = result.Median("lstm", split, "nse");
            if (!double.IsFinite(s) || !double.IsFinite(l)) continue;
            var verb = s > l ? "is above" : "is not above";
            var claim = metrics?.Comparisons.FirstOrDefault(c => c.Split == split && c.A == "stefaland" && c.B == "lstm");
            var decided = claim is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $" Paired over {claim.N} sites, the median difference is {claim.Difference:F3} [{claim.Lo:F3}, {claim.Hi:F3}], Wilcoxon p = {claim.P:G3}: the claim is {claim.Verdict.ToJsonName().Replace('_', ' ')}{(claim.Verdict == EarthEmbed.Metrics.Verdict.Undecided ? " at this budget" : "")}.");
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"On {split.ToUpperInvariant()} here, pretraining + adapters (median NSE {s:F3}) {verb} the supervised LSTM ({l:F3}); the paper reports {(split == "pub" ? "0.717 vs 0.636" : "0.635 vs 0.554")}.{decided}"));
        }
        return lines.Count == 0 ? "No PUB or PUR scores to compare." : string.Join(" ", lines);
    }

    /// <summary>Median per-site NSE of each model on the gauged, PUB and PUR splits with its bootstrap 95 % interval
    /// (metrics.json's "intervals"); splits or models without an interval are left out.</summary>
    public static Figure MedianIntervals(MetricsReport metrics, string metric = "nse")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var splits = new[] { StefaLandExperiment.GaugedSplit, "pub", "pur" }
            .Where(sp => metrics.Intervals.Values.Any(m => m.TryGetValue(sp, out var x) && x.ContainsKey(metric))).ToArray();
        var series = StefaLandResult.Models.Where(metrics.Intervals.ContainsKey).Select(model =>
        {
            var byMetric = splits.Select(sp => metrics.Intervals[model].TryGetValue(sp, out var m) && m.TryGetValue(metric, out var e) ? e : null).ToArray();
            return new IntervalSeries(model, byMetric.Select(e => e?.Estimate ?? double.NaN).ToArray(),
                byMetric.Select(e => e?.Lo ?? double.NaN).ToArray(), byMetric.Select(e => e?.Hi ?? double.NaN).ToArray());
        }).ToArray();
        if (series.Length == 0 || splits.Length == 0) return Chart.Line([], []).WithTitle("no intervals");
        return Chart.BarsWithIntervals(splits, series).WithTitle($"Median per-site {metric.ToUpperInvariant()} with bootstrap 95 % intervals")
            .WithYAxis($"median {metric.ToUpperInvariant()}");
    }

    /// <summary>The paired differences stefaland - lstm of each claim with their intervals (a forest plot: an interval
    /// crossing the dashed zero line is undecided).</summary>
    public static Figure ClaimDifferences(MetricsReport metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var c = metrics.Comparisons;
        return Chart.Differences(c.Select(x => $"{x.Split.ToUpperInvariant()}: {x.A} - {x.B} ({x.Metric.ToUpperInvariant()})").ToArray(),
            c.Select(x => x.Difference).ToArray(), c.Select(x => x.Lo).ToArray(), c.Select(x => x.Hi).ToArray())
            .WithTitle("Paired per-site differences, median with bootstrap 95 % interval");
    }

    /// <summary>The whole section: what was run, the verdict, the table and every figure.</summary>
    public static HtmlReport Build(StefaLandResult result, MetricsReport metrics)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = result.Config;
        var report = new HtmlReport("StefaLand") { ShowTitleHeading = false };
        report.AddMarkdown(string.Create(CultureInfo.InvariantCulture,
            $"Data: {result.Data}. Encoder d_model {c.DModel}, {c.Heads} heads, {c.Layers} post-norm layers, {c.SequenceLength}-day windows; " +
            $"{c.PretrainEpochs} pretraining and {c.FinetuneEpochs} fine-tuning epochs ({c.FinetuneEpochsOf("lstm")} for the LSTM, which starts from nothing); {result.Folds.Count(f => f.Split == "pub")} PUB fold(s) of {c.PubFolds}, " +
            $"PUR regions: {string.Join(", ", result.Folds.Where(f => f.Split == "pur").Select(f => f.Fold[4..]))}. Test sites never enter pretraining."));
        report.AddMarkdown("**Verdict.** " + Verdict(result, metrics));
        if (metrics.Comparisons.Count > 0)
        {
            report.AddHeading("The paper's claims, decided on paired per-site scores", 3);
            report.Add(metrics.ToComparisonFrame().ToClaimsTable());
            report.Add(ClaimDifferences(metrics));
        }
        report.AddHeading("Medians over test sites, beside the paper", 3);
        report.AddMarkdown("The gauged split is the first PUB fold's training sites scored over the test period: the check that the " +
            "world and pipeline can be learnt at all (LSTMs reach median NSE about 0.7 on real CAMELS basins).");
        if (metrics.Intervals.Count > 0) report.Add(MedianIntervals(metrics));
        report.Add(Table(metrics));
        report.AddHeading("Pretraining", 3);
        report.Add(PretrainingCurves(result));
        foreach (var split in new[] { StefaLandExperiment.GaugedSplit, "pub", "pur" })
        {
            if (!result.Streamflow.Any(s => s.Split == split)) continue;
            report.AddHeading($"{split.ToUpperInvariant()} streamflow", 3);
            report.Add(NseCdf(result, split));
            report.Add(NseMap(result, split));
            report.Add(Hydrographs(result, split));
        }
        report.AddMarkdown(result.Config.IsRealData()
            ? $"The paper's numbers come from CAMELS-US, ISMN and real landslide inventories; ours from {result.Data}, with this run's " +
              "model sizes and epochs (config.yaml), so read the values with those in mind."
            : "The paper's numbers come from CAMELS-US, ISMN and real landslide inventories; ours from a synthetic world " +
              "scaled down to CPU minutes in quick mode, so compare the ranking of models, not the values.");
        return report;
    }

    private static int Order(string model)
    {
        var i = StefaLandResult.Models.ToList().IndexOf(model);
        return i < 0 ? 99 : i;
    }

    private static double? Lookup(SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, double>>> table,
        string model, string split, string metric) =>
        table.TryGetValue(model, out var s) && s.TryGetValue(split, out var m) && m.TryGetValue(metric, out var v) ? v : null;
}
