using System.Text.RegularExpressions;
using EarthEmbed.Viz.Charts;
using EarthEmbed.Viz.Colors;
using EarthEmbed.Viz.Maps;
using EarthEmbed.Viz.Reports;
using EarthEmbed.Viz.Tables;
using Xunit.Abstractions;

namespace EarthEmbed.Viz.Tests.Browser;

/// <summary>A generated report opened in a real browser: every plot must render (plotly's SVG present in each
/// figure's div), with no JavaScript error, and a screenshot is kept under the test output.</summary>
public class ReportInBrowserTests(ITestOutputHelper output)
{
    private static HtmlReport EveryKind(out int figures)
    {
        var random = new Random(7);
        double[] Noise(int n, double scale) => Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * scale).ToArray();
        var observed = Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * 30).ToArray();
        var predicted = observed.Zip(Noise(2000, 8), (o, e) => o + e).ToArray();
        var days = Enumerable.Range(0, 365).Select(d => new DateTime(2020, 1, 1).AddDays(d)).ToArray();
        var flow = days.Select((_, i) => 5 + (4 * Math.Sin(i / 58.0)) + Math.Abs(Math.Sin(i / 7.0))).ToArray();
        var band = new double[64, 80];
        for (var r = 0; r < 64; r++)
            for (var c = 0; c < 80; c++) band[r, c] = r == c ? double.NaN : Math.Sin(r / 9.0) * Math.Cos(c / 11.0) * 20;

        var report = new HtmlReport("Every kind of display");
        report.AddMarkdown("A report with *every* figure kind, a map and a paged table.");
        Figure[] all =
        [
            Chart.Scatter(observed[..200], predicted[..200], "samples").WithTitle("Scatter").WithXAxis("Observed", "m").WithYAxis("Predicted", "m"),
            Chart.ObservedVsPredicted(observed, predicted, "m", what: "Canopy height"),
            Chart.Lines(days, ("observed", flow), ("simulated", flow.Select(f => f * 0.9).ToArray())).WithTitle("Hydrograph").WithYAxis("Discharge", "m³/s"),
            Chart.Bars(["train", "validation", "test"], ("U-Net", [0.9, 0.82, 0.8]), ("U-Net++", [0.92, 0.84, 0.83])).WithTitle("R² by split"),
            Chart.Histogram(predicted, 40).WithTitle("Histogram").WithXAxis("Height", "m"),
            Chart.ConfusionMatrix(new long[,] { { 50, 3, 2 }, { 4, 40, 6 }, { 1, 2, 60 } }, ["water", "forest", "urban"]),
            Chart.Image(band, Colormap.Terrain, colorbarTitle: "m").WithTitle("Single band"),
            Chart.RgbImage(band, band.Clone() as double[,] ?? band, band).WithTitle("RGB composite"),
            Figure.Grid(2, Chart.Image(band).WithTitle("a"), Chart.Histogram(observed).WithTitle("b"), Chart.Line([1, 2, 3], [3, 1, 2]).WithTitle("c")),
            Chart.BarsWithIntervals(["validation", "test"], [new IntervalSeries("U-Net", [0.82, 0.8], [0.78, 0.75], [0.85, double.NaN]),
                new IntervalSeries("U-Net++", [0.84, 0.83], [0.8, 0.79], [0.88, 0.86])]).WithTitle("R² with intervals"),
            Chart.Differences(["U-Net++ vs U-Net", "JointSeg vs bilinear"], [0.02, -0.01], [-0.01, -0.03], [0.05, 0.0]).WithTitle("Claims"),
        ];
        foreach (var f in all) report.Add(f);
        report.Add(RasterMap.Continuous(band, Colormap.Viridis, title: "Map", unit: "m"));
        var table = new ResultTable("pixel", "observed", "predicted").Format("observed", "0.00").Format("predicted", "0.00");
        for (var i = 0; i < 60; i++) table.AddRow(i, observed[i], predicted[i]);
        report.Add(table);
        figures = all.Length;
        return report;
    }

    [Fact]
    public void Every_plot_of_a_generated_report_renders_in_headless_Chromium_without_JavaScript_errors()
    {
        var dir = Tools.OutputFolder("browser");
        var path = Path.Combine(dir, "report.html");
        EveryKind(out var figures).Save(path);
        var url = new Uri(path).AbsoluteUri;

        var screenshot = Path.Combine(dir, "report.png");
        var (code, dom, log) = Chromium.Run(url, "--virtual-time-budget=15000", "--window-size=1280,7000", "--hide-scrollbars",
            $"--screenshot={screenshot}", "--dump-dom");
        Assert.True(code == 0, $"chromium exited {code}: {log}");
        var ids = Regex.Matches(dom, "<div id=\"(earthembed-[0-9a-f]{12})\" class=\"([^\"]*)\"").Select(m => (Id: m.Groups[1].Value, Class: m.Groups[2].Value)).ToArray();
        Assert.Equal(figures, ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Contains("js-plotly-plot", ids[i].Class, StringComparison.Ordinal);
            var start = dom.IndexOf($"id=\"{ids[i].Id}\"", StringComparison.Ordinal);
            var end = i + 1 < ids.Length ? dom.IndexOf($"id=\"{ids[i + 1].Id}\"", StringComparison.Ordinal) : dom.Length;
            var segment = dom[start..end];
            Assert.True(segment.Contains("class=\"main-svg\"", StringComparison.Ordinal), $"figure {i + 1} has no plotly SVG");
            Assert.True(Regex.IsMatch(segment, "class=\"[^\"]*(trace|imagelayer|hm)[^\"]*\""), $"figure {i + 1} drew no trace");
        }
        Assert.Contains("rows 1-25 of 60", dom, StringComparison.Ordinal);
        Assert.Empty(Chromium.JavaScriptErrors(log));
        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot should show the charts");
        output.WriteLine($"screenshot: {screenshot}");
    }
}
