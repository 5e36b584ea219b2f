using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Tests;

/// <summary>One paper notebook run headless in quick mode, once per test run (on first use) and shared by the tests of
/// its class: the one that checks what the notebook shows and the one that checks its numbers against a command-line
/// run (<see cref="Replicate"/>), so the notebook, the slow part, runs once. Both runs get the same mode, seed and
/// config overlay; each writes its run folder under test-output/&lt;experiment&gt;-notebook/ and -cli/.</summary>
public abstract class PaperNotebookRun
{
    private readonly Lazy<string> _notebook;
    private readonly Lazy<string> _cli;

    /// <summary>Prepares the folders; nothing runs until a test asks.</summary>
    protected PaperNotebookRun(string experiment, string notebook, int seed, string? overlay = null)
    {
        (Experiment, Notebook, Seed) = (experiment, notebook, seed);
        Root = Processes.RepoRoot();
        Output = Path.Combine(AppContext.BaseDirectory, "test-output", experiment + "-notebook");
        CliFolder = Path.Combine(AppContext.BaseDirectory, "test-output", experiment + "-cli");
        foreach (var dir in new[] { Output, CliFolder })
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(Output);
        if (overlay is not null)
        {
            OverlayPath = Path.Combine(Output, experiment + ".overlay.yaml");
            File.WriteAllText(OverlayPath, overlay);
        }
        _notebook = new(RunNotebook);
        _cli = new(RunCli);
    }

    /// <summary>The experiment's name on the command line.</summary>
    internal string Experiment { get; }

    /// <summary>The notebook's file name without extension (notebooks/NAME.ipynb).</summary>
    internal string Notebook { get; }

    /// <summary>The seed both runs are given (the notebook's <c>-p seed</c>, the CLI's <c>--seed</c>).</summary>
    internal int Seed { get; }

    /// <summary>The config file laid over the quick mode in both runs, or null.</summary>
    internal string? OverlayPath { get; }

    internal string Root { get; }

    /// <summary>Where the executed notebook and its HTML page go.</summary>
    internal string Output { get; }

    /// <summary>The notebook's run folder (its <c>outDir</c> parameter).</summary>
    internal string NotebookFolder => Path.Combine(Output, "run");

    /// <summary>The command line's <c>--out</c> (the run folder is its sub-folder named after the experiment).</summary>
    internal string CliFolder { get; }

    /// <summary>The executed notebook (runs the notebook on first use).</summary>
    internal string Executed => _notebook.Value;

    /// <summary>The CLI's run folder after <c>earthembed replicate EXPERIMENT --quick --seed S [--config F]</c> (runs it
    /// on first use).</summary>
    internal string Replicate => _cli.Value;

    /// <summary>Every output of every cell of the executed notebook.</summary>
    internal JsonObject[] Outputs()
    {
        var executed = JsonNode.Parse(File.ReadAllText(Executed))!.AsObject();
        return executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!.AsObject()).ToArray();
    }

    /// <summary>The executed notebook's HTML page.</summary>
    internal string Html => File.ReadAllText(Path.ChangeExtension(Executed, ".html"));

    private string RunNotebook()
    {
        List<string> args = ["earthembed", "notebook", "run", $"notebooks/{Notebook}.ipynb", "--out", Output,
            "-p", "quick=true", "-p", $"seed={Seed}", "-p", $"outDir={NotebookFolder}"];
        if (OverlayPath is not null) args.AddRange(["-p", $"configPath={OverlayPath}"]);
        var (code, stdout, stderr) = Run([.. args]);
        Assert.True(code == 0, $"earthembed notebook run exited {code}:\n{stderr}\n{stdout}");
        return Path.Combine(Output, Notebook + ".ipynb");
    }

    private string RunCli()
    {
        List<string> args = ["earthembed", "replicate", Experiment, "--quick", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", CliFolder];
        if (OverlayPath is not null) args.AddRange(["--config", OverlayPath]);
        var (code, stdout, stderr) = Run([.. args]);
        Assert.True(code == 0, $"earthembed replicate exited {code}:\n{stderr}\n{stdout}");
        return Path.Combine(CliFolder, Experiment);
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        Processes.RunAsync("bash", Root, TimeSpan.FromMinutes(30), args).GetAwaiter().GetResult();

    /// <summary>Asserts that the notebook's run folder and the command line's hold the same run: the same resolved
    /// config.yaml, the same metrics.json (every model, split and metric, values bit for bit: same config and seed on
    /// one machine give the same numbers, architecture.md) and the same list of files written.</summary>
    internal void AssertNotebookEqualsReplicate()
    {
        _ = Executed;
        var cli = Replicate;
        foreach (var file in new[] { "config.yaml", "metrics.json", "files.json" })
        {
            var ours = Path.Combine(NotebookFolder, file);
            var theirs = Path.Combine(cli, file);
            Assert.True(File.Exists(ours), $"the notebook wrote no {ours}");
            Assert.True(File.Exists(theirs), $"earthembed replicate wrote no {theirs}");
            Assert.Equal(File.ReadAllText(theirs), File.ReadAllText(ours));
        }
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(cli, "metrics.json")))!["models"]!.AsObject();
        Assert.NotEmpty(metrics);  // equal and not empty: there were numbers to compare
    }
}
