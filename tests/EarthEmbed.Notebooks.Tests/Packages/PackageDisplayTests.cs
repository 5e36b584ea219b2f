using System.Text.RegularExpressions;
using EarthEmbed.Viz.Display;
using static EarthEmbed.Notebooks.Tests.TestNotebook;

namespace EarthEmbed.Notebooks.Tests.Packages;

/// <summary>What .NET notebook users load with <c>#r "nuget:"</c> shows in the runner as it would in .NET Interactive,
/// but offline: a Microsoft.Data.Analysis DataFrame as an HTML table, a Plotly.NET chart as a figure drawn by
/// EarthEmbed's plotly.js layer (Plotly.NET's own output loads plotly.js from a CDN). The executed notebook's HTML
/// page is opened in headless Chromium: the table's rows and the drawn figure must be in the DOM.</summary>
[Collection(NuGetCache.Name)]
public class PackageDisplayTests
{
    [Fact]
    public async Task A_DataFrame_and_a_PlotlyNET_chart_render_offline_in_the_runners_page()
    {
        NuGetCache.Fresh("display");
        var notebook = new TestNotebook("package-display")
            .Code("""
                #r "nuget: Microsoft.Data.Analysis, 0.23.1"
                using Microsoft.Data.Analysis;
                var frame = new DataFrame(
                    new StringDataFrameColumn("model", new[] { "unet", "unetpp", "ridge" }),
                    new DoubleDataFrameColumn("r2", new double?[] { 0.8123, 0.91, null }));
                frame
                """)
            .Code("""
                #r "nuget: Plotly.NET.CSharp, 0.14.0"
                Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0, 2.0, 3.0 }, y: new[] { 4.0, 1.5, 9.25 }, Name: "points")
                """);
        var (result, executed, _) = await notebook.Run();
        Assert.True(result.Succeeded, result.Error?.Message);

        var table = Text(Outputs(executed, 1)[1]!["data"]!["text/html"]);
        Assert.Contains("<th>model</th><th>r2</th>", table, StringComparison.Ordinal);
        Assert.Contains("<td>unetpp</td><td class=\"num\">0.91</td>", table, StringComparison.Ordinal);
        Assert.Contains("<td>ridge</td><td></td>", table, StringComparison.Ordinal);  // the missing value

        var chart = Text(Outputs(executed, 2)[1]!["data"]!["text/html"]);
        Assert.Contains($"class=\"{PlotlyJs.FigureClass}\"", chart, StringComparison.Ordinal);
        Assert.Contains("9.25", chart, StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(result.Html);
        Assert.DoesNotMatch("<script[^>]*src=", page);  // nothing loaded from elsewhere (Plotly.NET's own output loads a CDN)
        var outputsHtml = string.Concat(executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]!.AsArray()).Select(o => Text(o!["data"]?["text/html"])));
        Assert.DoesNotMatch("<script[^>]*src=", outputsHtml);
        Assert.Equal(1, Regex.Count(outputsHtml, Regex.Escape(PlotlyJs.BlockBegin)));  // plotly.js once in the .ipynb, offline

        var (code, dom, log) = Chromium(result.Html, Path.Combine(notebook.Folder, "page.png"));
        Assert.True(code == 0, log);
        Assert.Equal(3, Regex.Count(dom, "<tr data-page=\"0\""));  // the three rows, on the first page
        Assert.Contains("<td>unet</td><td class=\"num\">0.8123</td>", dom, StringComparison.Ordinal);
        Assert.Contains($"class=\"{PlotlyJs.FigureClass} js-plotly-plot\"", dom, StringComparison.Ordinal);  // plotly.js drew it
        Assert.Contains("class=\"main-svg\"", dom, StringComparison.Ordinal);
    }

    private static (int Code, string Dom, string Log) Chromium(string html, string screenshot)
    {
        var profile = Directory.CreateTempSubdirectory("earthembed-chromium-");
        try
        {
            var (code, dom, log) = Processes.RunAsync("/usr/bin/chromium", Processes.RepoRoot(), TimeSpan.FromMinutes(3), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", "--window-size=1000,1400", $"--screenshot={screenshot}",
                "--dump-dom", new Uri(html).AbsoluteUri).GetAwaiter().GetResult();
            return (code, dom, log);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
