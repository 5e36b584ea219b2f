using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EarthEmbed.Notebooks.Tests.Tour;

/// <summary>notebooks/00-tour.ipynb in both kernels, as the issue asks of CI: headless through our runner (the
/// executed notebook checked with nbformat, its HTML opened in headless Chromium), through our kernel and through
/// .NET Interactive with nbclient; no error output anywhere, the expected MIME types, and the same printed numbers in
/// all three. In the quick suite on purpose: the three runs take about a minute and a half after the Release build.</summary>
[Collection(NotebookRuns.Name)]
public class TourNotebookTests(TourRuns runs) : IClassFixture<TourRuns>
{
    private static (int Code, string Stdout, string Stderr) Run(string file, string workingDirectory, params string[] args) =>
        Processes.RunAsync(file, workingDirectory, TimeSpan.FromMinutes(30), args).GetAwaiter().GetResult();

    [Fact]
    public void The_tour_runs_headless_and_every_chart_renders_in_a_browser()
    {
        var executedPath = runs.Headless;
        var output = Path.GetDirectoryName(executedPath)!;
        var executed = JsonNode.Parse(File.ReadAllText(executedPath))!.AsObject();
        var outputs = executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!.AsObject()).ToArray();
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
        Assert.Contains(outputs, o => o["data"]?["image/png"] != null);  // the maps
        Assert.True(outputs.Count(o => o["data"]?["text/html"]?.ToString().Contains("earthembed-table", StringComparison.Ordinal) == true) >= 2,
            "expected the ResultTable and the DataFrame of metrics.json as tables");
        Assert.Contains(outputs, o => o["data"]?["text/html"]?.ToString().Contains("Installed Packages", StringComparison.Ordinal) == true);

        var validate = Run("/usr/bin/python3", runs.Root, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], 4))", executedPath);
        Assert.True(validate.Code == 0, validate.Stderr);

        var html = Path.Combine(output, "00-tour.html");
        var figures = Regex.Count(File.ReadAllText(html), "class=\"earthembed-figure\"");
        Assert.True(figures >= 3, $"expected the loss curve, the density and the map grid, found {figures} figures");
        var profile = Directory.CreateTempSubdirectory("earthembed-chromium-");
        try
        {
            var browser = Run("/usr/bin/chromium", runs.Root, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000", "--window-size=1200,6000", "--hide-scrollbars",
                $"--screenshot={Path.Combine(output, "00-tour.png")}", "--dump-dom", new Uri(html).AbsoluteUri);
            Assert.Equal(figures, Regex.Count(browser.Stdout, "class=\"earthembed-figure js-plotly-plot\""));
            Assert.DoesNotContain(browser.Stderr.Split('\n'), l => l.Contains(":CONSOLE", StringComparison.Ordinal) && (l.Contains("Uncaught", StringComparison.Ordinal) || l.Contains("Error", StringComparison.Ordinal)));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_tour_runs_in_our_kernel_through_nbclient_and_validates()
    {
        var (result, notebook) = runs.OurKernel;
        Assert.Empty(result["errors"]!.AsArray());
        var codeCells = result["code_cells"]!.GetValue<int>();
        Assert.Equal(Enumerable.Range(1, codeCells), result["execution_counts"]!.AsArray().Select(c => c!.GetValue<int>()));
        var mime = result["mime_types"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();
        Assert.Contains("image/png", mime);  // the maps
        Assert.Contains("text/html", mime);  // charts and the tables
        Assert.Contains("stream", result["output_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("earthembed-csharp", result["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Contains("earthembed-figure", File.ReadAllText(notebook), StringComparison.Ordinal);
    }

    [Fact]
    public void The_tour_runs_in_dotnet_interactive_through_nbclient_with_charts_maps_and_tables_as_html()
    {
        var (result, notebook) = runs.Interactive;
        Assert.Empty(result["errors"]!.AsArray());
        var codeCells = result["code_cells"]!.GetValue<int>();
        Assert.Equal(Enumerable.Range(1, codeCells), result["execution_counts"]!.AsArray().Select(c => c!.GetValue<int>()));
        // .NET Interactive shows every IHtmlContent (charts, maps, ResultTable) and, through the package's formatter
        // that #r "nuget:" loads, the DataFrame as text/html; printed text comes as stdout streams.
        Assert.Contains("text/html", result["mime_types"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains("stream", result["output_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        var text = File.ReadAllText(notebook);
        Assert.Contains("earthembed-figure", text, StringComparison.Ordinal);   // our charts
        Assert.Contains("earthembed-table", text, StringComparison.Ordinal);    // our ResultTable
        Assert.Contains("Installed Packages", text, StringComparison.Ordinal);  // #r "nuget: Microsoft.Data.Analysis, 0.23.1"
        Assert.Matches("<table id=\\\\\"table_\\d+\\\\\">", text);             // the package's DataFrame formatter
    }

    [Fact]
    public void The_runner_and_both_kernels_print_the_same_numbers()
    {
        var headless = TourRuns.PrintedNumbers(runs.Headless);
        Assert.True(headless.Count(n => n.Length > 0) >= 3, "expected the tensor, training and test cells to print numbers");
        Assert.Equal(headless, TourRuns.PrintedNumbers(runs.OurKernel.Notebook));
        Assert.Equal(headless, TourRuns.PrintedNumbers(runs.Interactive.Notebook));
    }
}
