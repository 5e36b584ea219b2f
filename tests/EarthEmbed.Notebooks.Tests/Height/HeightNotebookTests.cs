using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Tests.Height;

/// <summary>notebooks/01-height-from-embeddings.ipynb run as a user runs it, in quick mode: every cell succeeds, and
/// the key outputs are there (the comparison table, the figures, the maps, the conclusion, metrics.json).</summary>
[Collection(NotebookRuns.Name)]
public class HeightNotebookTests
{
    [Fact]
    public async Task The_height_notebook_runs_in_quick_mode_and_shows_the_table_figures_maps_and_conclusion()
    {
        var root = Processes.RepoRoot();
        var output = Path.Combine(AppContext.BaseDirectory, "test-output", "height-notebook");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        var (code, _, errors) = await Processes.RunAsync("bash", root, TimeSpan.FromMinutes(30),
            "earthembed", "notebook", "run", "notebooks/01-height-from-embeddings.ipynb", "--out", output, "-p", "quick=true");
        Assert.True(code == 0, $"notebook run exited {code}:\n{errors}");

        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "01-height-from-embeddings.ipynb")))!.AsObject();
        var outputs = executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!.AsObject()).ToArray();
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
        Assert.True(outputs.Count(o => o["data"]?["image/png"] != null) >= 6, "expected the landscape maps and the test-block maps");
        Assert.Contains(outputs, o => o["data"]?["text/html"]?.ToString().Contains("earthembed-table", StringComparison.Ordinal) == true);
        var html = File.ReadAllText(Path.Combine(output, "01-height-from-embeddings.html"));
        Assert.True(System.Text.RegularExpressions.Regex.Count(html, "class=\"earthembed-figure\"") >= 4, "expected the scatter, curves, densities and bias chart");
        Assert.Contains("ridge baseline", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "out", "01-height", "metrics.json")));
    }
}
