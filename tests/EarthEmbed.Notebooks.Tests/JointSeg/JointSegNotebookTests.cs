namespace EarthEmbed.Notebooks.Tests.JointSeg;

/// <summary>notebooks/03-jointseg.ipynb run once, in quick mode with the mode's seed given explicitly.</summary>
public sealed class JointSegNotebookRun() : PaperNotebookRun("jointseg", "03-jointseg", seed: 7);

/// <summary>notebooks/03-jointseg.ipynb run as a user runs it (`./earthembed notebook run`, quick mode): every
/// cell runs, the maps come out as PNGs, the metrics table and the confusion matrix are there; and its run folder holds
/// the same run as <c>earthembed replicate jointseg --quick</c> with the same seed, its data description included. In
/// the quick suite on purpose (the issue asks that it run in CI); quick mode costs a few minutes of CPU.</summary>
[Collection(NotebookRuns.Name)]
public class JointSegNotebookTests(JointSegNotebookRun run) : IClassFixture<JointSegNotebookRun>
{
    [Fact]
    public void The_jointseg_notebook_runs_headless_in_quick_mode()
    {
        var outputs = run.Outputs();
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
        Assert.True(outputs.Count(o => o["data"]?["image/png"] != null) >= 8, "expected the scene, super-resolution, error and Olinda maps");
        Assert.Contains(outputs, o => o["data"]?["text/html"]?.ToString().Contains("earthembed-table", StringComparison.Ordinal) == true);
        var text = string.Concat(outputs.Select(o => o["text"]?.ToString() ?? ""));
        Assert.Contains("F1 points (paper: +9.5)", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(run.Executed, ".html")));
    }

    [Fact]
    public void The_jointseg_notebook_writes_the_metrics_of_a_replicate_run_with_the_same_config_and_seed() =>
        run.AssertNotebookEqualsReplicate();
}
