using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Tests.Kernel;

/// <summary>notebooks/00-tour.ipynb executed the way JupyterLab and VS Code run it: nbclient starts this kernel from
/// its kernelspec (installed by <c>earthembed kernel install --prefix</c> from build/cli, where the notebook's
/// <c>#r</c> lines point), runs every cell, and nbformat validates the result. Long: the Release build and the
/// tour's training cell take a minute or more.</summary>
[Collection(NotebookRuns.Name)]
public class TourKernelTests
{
    [Fact]
    [Trait("Category", "Long")]
    public void The_tour_runs_in_the_kernel_through_nbclient_and_validates()
    {
        var root = KernelDriver.RepoRoot();
        var output = Path.Combine(AppContext.BaseDirectory, "test-output", "tour-kernel");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        Directory.CreateDirectory(output);
        var prefix = Path.Combine(output, "prefix");

        // ./earthembed builds build/cli when needed, then installs the kernelspec pointing at it.
        var install = Run("bash", root, "earthembed", "kernel", "install", "--prefix", prefix);
        Assert.True(install.Code == 0, $"earthembed kernel install exited {install.Code}:\n{install.Stderr}");
        var spec = File.ReadAllText(Path.Combine(prefix, "share", "jupyter", "kernels", "earthembed-csharp", "kernel.json"));
        Assert.Contains(Path.Combine(root, "build", "cli", "EarthEmbed.Cli.dll"), spec, StringComparison.Ordinal);

        var executed = Path.Combine(output, "00-tour.ipynb");
        var result = KernelDriver.Run(Path.Combine(prefix, "share", "jupyter"), root, 1200, "notebook", Path.Combine(root, "notebooks", "00-tour.ipynb"), executed);
        Assert.Empty(result["errors"]!.AsArray());
        var codeCells = result["code_cells"]!.GetValue<int>();
        Assert.Equal(Enumerable.Range(1, codeCells), result["execution_counts"]!.AsArray().Select(c => c!.GetValue<int>()));
        var mime = result["mime_types"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();
        Assert.Contains("image/png", mime);  // the maps
        Assert.Contains("text/html", mime);  // charts and the table
        Assert.Contains("stream", result["output_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("earthembed-csharp", result["kernelspec"]!["name"]!.GetValue<string>());
        var notebook = JsonNode.Parse(File.ReadAllText(executed))!;
        Assert.Contains("earthembed-figure", notebook.ToJsonString(), StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, string workingDirectory, params string[] args) =>
        Processes.RunAsync(file, workingDirectory, TimeSpan.FromMinutes(15), args).GetAwaiter().GetResult();
}
