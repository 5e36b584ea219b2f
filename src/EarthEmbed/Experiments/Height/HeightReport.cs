using System.Globalization;
using EarthEmbed.Viz.Charts;
using EarthEmbed.Viz;
using EarthEmbed.Viz.Colors;
using EarthEmbed.Viz.Maps;
using EarthEmbed.Viz.Reports;
using EarthEmbed.Viz.Tables;

namespace EarthEmbed.Experiments.Height;

/// <summary>The pieces of the height replication's report, each usable on its own (the notebook shows them one by
/// one): observed-vs-predicted densities, bias by height bin, maps of reference / prediction / error on the test
/// block, training curves, our numbers beside the paper's, and a plain conclusion.</summary>
public static class HeightReport
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["unet"] = "U-Net", ["unetpp"] = "U-Net++", ["ridge"] = "Ridge",
    };

    /// <summary>A model's display name.</summary>
    public static string Label(string model) => Labels.TryGetValue(model, out var l) ? l : model;

    /// <summary>Observed against predicted height on <paramref name="split"/>, one density panel per model.</summary>
    public static Figure Densities(HeightResult result, string split)
    {
        ArgumentNullException.ThrowIfNull(result);
        var panels = result.ModelNames.Select(m =>
        {
            var p = result.Prediction(m, split);
            return Chart.ObservedVsPredicted(Doubles(p.Observed), Doubles(p.Predicted), "m", 50, $"{Label(m)}, {split}");
        }).ToArray();
        return Figure.Grid(panels.Length, panels).WithTitle($"Observed vs predicted height, {split} block").WithSize(400 * panels.Length, 440);
    }

    /// <summary>Mean error (predicted - reference) per reference-height bin on <paramref name="split"/>, one bar per model;
    /// in a repeated run the mean over seeds with ± sd error bars (<see cref="HeightEvaluation.BinBiasOverSeeds"/>).</summary>
    public static Figure BiasByBin(HeightResult result, string split)
    {
        ArgumentNullException.ThrowIfNull(result);
        var title = $"Bias by reference height, {split} block (positive: over-estimation)";
        var overSeeds = HeightEvaluation.BinBiasOverSeeds(result, split);
        if (overSeeds.Count > 0)
        {
            var bins = overSeeds.Select(b => b.Bin).Distinct().Order().ToList();
            var labels = bins.Select(k => overSeeds.First(b => b.Bin == k))
                .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Lower:0}-{b.Upper:0} m")).ToList();
            var series = result.ModelNames.Select(m =>
            {
                var rows = bins.Select(k => overSeeds.First(b => b.Model == m && b.Bin == k).Bias).ToList();
                return new IntervalSeries(Label(m), rows.Select(r => r.Estimate).ToList(), rows.Select(r => r.Lo).ToList(), rows.Select(r => r.Hi).ToList());
            }).ToList();
            return Chart.BarsWithIntervals(labels, series).WithTitle(title + $", mean ± sd over {result.SeedResults.Count} seeds")
                .WithXAxis("Reference height (bin edges averaged over seeds)").WithYAxis("Mean error", "m").WithSize(760, 400);
        }
        var single = result.BinBias.Where(b => b.Split == split).ToList();
        var edges = single.Select(b => (b.Lower, b.Upper)).Distinct().OrderBy(b => b.Lower).ToList();
        var categories = edges.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Lower:0}-{b.Upper:0} m")).ToList();
        var bars = result.ModelNames.Select(m => (Label(m), (IReadOnlyList<double>)edges
            .Select(b => single.First(r => r.Model == m && r.Lower == b.Lower).Bias).ToList())).ToArray();
        return Chart.Bars(categories, bars).WithTitle(title)
            .WithXAxis("Reference height").WithYAxis("Mean error", "m").WithSize(760, 400);
    }

    /// <summary>Training and validation loss per epoch of each network (standardised height, MSE).</summary>
    public static Figure TrainingCurves(HeightResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Figure? figure = null;
        foreach (var (name, history) in result.Histories)
        {
            var epochs = history.Epochs.Select(e => (double)(e.Epoch + 1)).ToArray();
            var train = Chart.Line(epochs, history.Epochs.Select(e => e.TrainLoss).ToArray(), $"{Label(name)} train");
            var val = Chart.Line(epochs, history.Epochs.Select(e => e.ValidationLoss ?? double.NaN).ToArray(), $"{Label(name)} validation");
            figure = figure is null ? train.Overlay(val) : figure.Overlay(train).Overlay(val);
        }
        figure ??= Chart.Line([], [], "no networks trained");
        figure.Layout["showlegend"] = true;
        return figure.WithTitle("Training curves (loss on standardised height)").WithXAxis("Epoch").WithYAxis("Loss").WithSize(720, 380);
    }

    /// <summary>Maps of the test block: reference, each model's prediction (same colour scale), and each model's error.</summary>
    public static IReadOnlyList<RasterMap> Maps(HeightResult result, string split = "test")
    {
        ArgumentNullException.ThrowIfNull(result);
        var first = result.Prediction(result.ModelNames[0], split);
        int h = first.Region.Height, w = first.Region.Width;
        var finite = first.Observed.Where(float.IsFinite).ToArray();
        double lo = finite.Length > 0 ? finite.Min() : 0, hi = finite.Length > 0 ? finite.Max() : 1;
        var maps = new List<RasterMap> { RasterMap.Continuous(Grids.FromRowMajor(first.Observed, h, w), Colormap.Terrain, lo, hi, $"Reference height, {split} block", "m") };
        foreach (var m in result.ModelNames)
        {
            var p = result.Prediction(m, split);
            maps.Add(RasterMap.Continuous(Grids.FromRowMajor(p.Predicted, h, w), Colormap.Terrain, lo, hi, $"{Label(m)} prediction", "m"));
        }
        foreach (var m in result.ModelNames)
        {
            var p = result.Prediction(m, split);
            var error = new float[p.Observed.Length];
            for (var i = 0; i < error.Length; i++) error[i] = p.Predicted[i] - p.Observed[i];
            var limit = Percentile(error.Where(float.IsFinite).Select(v => Math.Abs((double)v)), 0.98);
            maps.Add(RasterMap.Continuous(Grids.FromRowMajor(error, h, w), Colormap.RdBu, -limit, limit, $"{Label(m)} error (predicted - reference)", "m"));
        }
        return maps;
    }

    /// <summary>Our numbers beside the paper's, per model and split (a repeated run's: the means over seeds).</summary>
    public static ResultTable Comparison(HeightResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new ResultTable("model", "split", "R²", "RMSE (m)", "MAE (m)", "median diff (m)", "NMAD (m)", "Pearson", "Spearman",
            "paper R²", "paper RMSE (m)", "paper median diff (m)");
        foreach (var c in new[] { "R²", "Pearson", "Spearman", "paper R²" }) table.Format(c, "0.000");
        foreach (var c in new[] { "RMSE (m)", "MAE (m)", "median diff (m)", "NMAD (m)", "paper RMSE (m)", "paper median diff (m)" }) table.Format(c, "0.00");
        foreach (var m in result.ModelNames)
            foreach (var split in new[] { "train", "test" })
            {
                double X(string metric) => Ours(result, m, split, metric);
                table.AddRow(Label(m), split, X("r2"), X("rmse"), X("mae"), X("median_diff"), X("nmad"), X("pearson"), X("spearman"),
                    Paper(result, m, split, "r2"), Paper(result, m, split, "rmse"), Paper(result, m, split, "median_diff"));
            }
        return table;
    }

    /// <summary>The honest summary: does U-Net++ generalise better than U-Net here, and do both beat ridge?</summary>
    public static string Conclusion(HeightResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        double R2(string m) => Ours(result, m, "test", "r2");
        var names = result.ModelNames;
        var parts = new List<string>();
        var c = CultureInfo.InvariantCulture;
        if (names.Contains("unet") && names.Contains("unetpp"))
        {
            double a = R2("unetpp"), b = R2("unet");
            parts.Add(Math.Abs(a - b) < 0.01
                ? string.Create(c, $"U-Net++ and U-Net generalise about equally here (test R² {a:0.000} vs {b:0.000}); the paper found U-Net++ better (0.84 vs 0.78).")
                : a > b
                    ? string.Create(c, $"U-Net++ generalises better than U-Net here (test R² {a:0.000} vs {b:0.000}), as the paper found (0.84 vs 0.78).")
                    : string.Create(c, $"Unlike the paper (0.84 vs 0.78), U-Net++ does not generalise better than U-Net here (test R² {a:0.000} vs {b:0.000})."));
        }
        if (names.Contains("ridge"))
        {
            var ridge = R2("ridge");
            var nets = names.Where(n => n != "ridge").ToList();
            if (nets.Count > 0)
            {
                var beat = nets.All(n => R2(n) > ridge);
                var who = nets.Count > 1 ? "Both networks beat" : "The network beats";
                parts.Add(beat
                    ? string.Create(c, $"{who} the per-pixel ridge baseline on the test block (ridge R² {ridge:0.000}; the paper: 0.38).")
                    : string.Create(c, $"Not every network beats the per-pixel ridge baseline on the test block (ridge R² {ridge:0.000}; the paper: 0.38)."));
            }
        }
        if (result.SeedResults.Count > 0)
            parts.Add(string.Create(c, $"(Means over {result.SeedResults.Count} seeds; the claims section decides each comparison with its interval.)"));
        return string.Join(" ", parts);
    }

    /// <summary>The whole section (headings at level 2 and below).</summary>
    public static HtmlReport Build(HeightResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var cfg = result.Config;
        var report = new HtmlReport("Paper 1: surface height from AlphaEarth embeddings");
        report.AddMarkdown(
            $"**Our data:** {result.Scene.Description}.  \n**The paper's data:** {HeightPaperNumbers.Data}.  \n" +
            string.Create(c, $"Models: U-Net and U-Net++ with a {cfg.Encoder} encoder (depth {cfg.EncoderDepth}), {cfg.PatchSize}-px patches, ") +
            string.Create(c, $"{cfg.Training.Loss.ToUpperInvariant()} loss, AdamW lr {cfg.Training.LearningRate:G3}, up to {cfg.Training.Epochs} epochs with early stopping ") +
            string.Create(c, $"(patience {cfg.Training.Patience}) on a validation strip; ridge regression (λ = {cfg.RidgeLambda:G3}) on the per-pixel bands. ") +
            "Train = everything west of the test block (validation strip included); test = the contiguous eastern block.");
        report.AddHeading("Our numbers beside the paper's", 2);
        report.Add(Comparison(result));
        report.AddMarkdown("**Conclusion.** " + Conclusion(result) +
            " The paper's numbers come from real AlphaEarth embeddings over France; ours from the data named above, so only the pattern is comparable, not the values.");
        if (result.SeedResults.Count > 0)
        {
            report.AddHeading(string.Create(c, $"Over {result.SeedResults.Count} seeds (mean ± sd)"), 2);
            report.AddMarkdown("The table above and the bars below are means over the seeds; the error bars are ± one standard deviation " +
                               "(the spread between seeds, not a confidence interval). Maps, densities and curves below are the first seed's.");
            var splits = new[] { "train", "test" };
            report.Add(RepeatsReport.IntervalBars(result.Metrics, result.ModelNames, splits, "r2", Label).WithTitle("R² over seeds"));
            report.Add(RepeatsReport.IntervalBars(result.Metrics, result.ModelNames, splits, "rmse", Label).WithTitle("RMSE over seeds (m)"));
            RepeatsReport.AddClaims(report, result.Metrics, 2);
        }
        report.AddHeading("Observed vs predicted", 2);
        report.Add(Densities(result, "test"));
        report.Add(Densities(result, "train"));
        report.AddHeading("Error by height", 2);
        report.Add(BiasByBin(result, "test"));
        report.AddHeading("Maps of the test block", 2);
        foreach (var map in Maps(result)) report.Add(map);
        report.AddHeading("Training", 2);
        report.Add(TrainingCurves(result));
        var times = string.Join(", ", result.TrainingSeconds.Select(kv => string.Create(c, $"{Label(kv.Key)} {kv.Value:0} s")));
        report.AddMarkdown($"Training wall time: {times}. Files: `metrics.json`, `config.yaml`, `bias_by_bin.csv`, " +
                           "`checkpoints/<model>/best.safetensors` (use with `earthembed predict`), `predictions/<model>_test.tif`.");
        return report;
    }

    private static double Ours(HeightResult result, string model, string split, string metric) =>
        result.Metrics.Models.TryGetValue(model, out var s) && s.TryGetValue(split, out var m) && m.TryGetValue(metric, out var v) ? v : double.NaN;

    private static double Paper(HeightResult result, string model, string split, string metric) =>
        result.Metrics.Paper.TryGetValue(model, out var s) && s.TryGetValue(split, out var m) && m.TryGetValue(metric, out var v) ? v : double.NaN;

    private static double[] Doubles(float[] values) => values.Select(v => (double)v).ToArray();

    private static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 1;
        var v = sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
        return v > 0 ? v : 1;
    }
}
