namespace EarthEmbed.Notebooks.Tests.Height;

/// <summary>notebooks/01-height-from-embeddings.ipynb run once, in quick mode with the mode's seed given explicitly.</summary>
public sealed class HeightNotebookRun() : PaperNotebookRun("height", "01-height-from-embeddings", seed: 7);

/// <summary>notebooks/01-height-from-embeddings.ipynb run as a user runs it, in quick mode: every cell succeeds, the
/// key outputs are there (the comparison table, the figures, the maps, the conclusion), and its run folder holds the
/// same run as <c>earthembed replicate height --quick</c> with the same seed.</summary>
[Collection(NotebookRuns.Name)]
public class HeightNotebookTests(HeightNotebookRun run) : IClassFixture<HeightNotebookRun>
{
    [Fact]
    public void The_height_notebook_runs_in_quick_mode_and_shows_the_table_figures_maps_and_conclusion()
    {
        var outputs = run.Outputs();
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
        Assert.True(outputs.Count(o => o["data"]?["image/png"] != null) >= 6, "expected the landscape maps and the test-block maps");
        Assert.Contains(outputs, o => o["data"]?["text/html"]?.ToString().Contains("earthembed-table", StringComparison.Ordinal) == true);
        var html = run.Html;
        Assert.True(System.Text.RegularExpressions.Regex.Count(html, "class=\"earthembed-figure\"") >= 4, "expected the scatter, curves, densities and bias chart");
        Assert.Contains("ridge baseline", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run.NotebookFolder, "report.html")));
    }

    [Fact]
    public void The_height_notebook_writes_the_metrics_of_a_replicate_run_with_the_same_config_and_seed() =>
        run.AssertNotebookEqualsReplicate();
}
