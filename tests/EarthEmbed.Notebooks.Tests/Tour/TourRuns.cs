using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EarthEmbed.Notebooks.Tests.Kernel;

namespace EarthEmbed.Notebooks.Tests.Tour;

/// <summary>notebooks/00-tour.ipynb run the three ways a user runs it, each once per test run (on first use) and with
/// one libtorch thread, so that their printed numbers can be compared: headless by <c>./earthembed notebook run</c>
/// (which builds build/cli), through EarthEmbed's kernel and through .NET Interactive (the pinned dotnet-interactive
/// tool that environment/setup.sh installs into build/tools, its kernelspec in build/jupyter), both driven by
/// nbclient as JupyterLab and VS Code drive them.</summary>
public sealed class TourRuns
{
    private readonly Lazy<string> _headless;
    private readonly Lazy<(JsonObject Result, string Notebook)> _ours;
    private readonly Lazy<(JsonObject Result, string Notebook)> _interactive;

    public TourRuns()
    {
        Root = Processes.RepoRoot();
        Output = Path.Combine(AppContext.BaseDirectory, "test-output", "tour");
        if (Directory.Exists(Output)) Directory.Delete(Output, recursive: true);
        Directory.CreateDirectory(Output);
        _headless = new(RunHeadless);
        _ours = new(RunOurKernel);
        _interactive = new(RunInteractive);
    }

    internal string Root { get; }

    internal string Output { get; }

    internal static string Tour => Path.Combine("notebooks", "00-tour.ipynb");

    /// <summary>The executed notebook written by the headless runner (its HTML page beside it).</summary>
    internal string Headless => _headless.Value;

    /// <summary>driver.py's summary and the executed notebook, through EarthEmbed's kernel.</summary>
    internal (JsonObject Result, string Notebook) OurKernel => _ours.Value;

    /// <summary>driver.py's summary and the executed notebook, through .NET Interactive's C# kernel.</summary>
    internal (JsonObject Result, string Notebook) Interactive => _interactive.Value;

    private string RunHeadless()
    {
        var folder = Path.Combine(Output, "headless");
        var (code, _, stderr) = Run("env", "EARTHEMBED_THREADS=1", "bash", "earthembed", "notebook", "run", Tour, "--out", folder, "-p", "quick=true");
        Assert.True(code == 0, $"earthembed notebook run exited {code}:\n{stderr}");
        return Path.Combine(folder, "00-tour.ipynb");
    }

    private (JsonObject, string) RunOurKernel()
    {
        _ = Headless;  // builds build/cli, where the kernelspec and the notebook's #r lines point
        var prefix = Path.Combine(Output, "prefix");
        var (code, _, stderr) = Run("bash", "earthembed", "kernel", "install", "--prefix", prefix);
        Assert.True(code == 0, $"earthembed kernel install exited {code}:\n{stderr}");
        var spec = File.ReadAllText(Path.Combine(prefix, "share", "jupyter", "kernels", "earthembed-csharp", "kernel.json"));
        Assert.Contains(Path.Combine(Root, "build", "cli", "EarthEmbed.Cli.dll"), spec, StringComparison.Ordinal);
        var executed = Path.Combine(Output, "ours.ipynb");
        return (KernelDriver.Run(Path.Combine(prefix, "share", "jupyter"), Root, 1200, "notebook", Path.Combine(Root, Tour), executed), executed);
    }

    private (JsonObject, string) RunInteractive()
    {
        _ = Headless;
        var jupyter = Path.Combine(Root, "build", "jupyter");
        var spec = Path.Combine(jupyter, "kernels", ".net-csharp", "kernel.json");
        Assert.True(File.Exists(spec), $"{spec} is missing: run `bash environment/setup.sh` (it installs dotnet-interactive into build/tools)");
        var executed = Path.Combine(Output, "interactive.ipynb");
        return (KernelDriver.Run(jupyter, Root, 1200, "notebook", Path.Combine(Root, Tour), executed, ".net-csharp"), executed);
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        Processes.RunAsync(args[0], Root, TimeSpan.FromMinutes(30), args[1..]).GetAwaiter().GetResult();

    /// <summary>Every number a notebook printed to stdout, cell by cell (the notebook's code cells in order; the
    /// runner's injected parameters cell left out).</summary>
    internal static List<string> PrintedNumbers(string notebook)
    {
        var root = JsonNode.Parse(File.ReadAllText(notebook))!;
        return root["cells"]!.AsArray().Select(c => c!.AsObject())
            .Where(c => c["cell_type"]!.GetValue<string>() == "code" && !Model.NotebookDocument.TagsOf(c).Contains("injected-parameters"))
            .Select(c => string.Concat(c!["outputs"]!.AsArray()
                .Where(o => o!["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == "stdout")
                .Select(o => TestNotebook.Text(o!["text"]))))
            .Select(text => string.Join(" ", Regex.Matches(text, @"-?\d+(?:\.\d+)?").Select(m => m.Value)))
            .ToList();
    }
}
