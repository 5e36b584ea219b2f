using EarthEmbed.Notebooks.Tests.Kernel;

namespace EarthEmbed.Notebooks.Tests.Interactive;

/// <summary>The three paper notebooks, in quick mode, through .NET Interactive's C# kernel (the pinned
/// dotnet-interactive tool in build/tools, its kernelspec in build/jupyter) with nbclient: no error output, results
/// as HTML (our charts and maps, the DataFrame through the package's own formatter). The quick suite runs them
/// through our runner (Height/, StefaLand/, JointSeg/); here, in the long suite, they take a few CPU minutes each
/// (01: 113 s, measured on the 2-core AVX2 machine, 2026-12-07).</summary>
/// <remarks>Seen once, not explained: 01 failed in its training cell inside .NET Interactive with libtorch's "For
/// integral input tensors, argument alpha must not be a floating point number" (from THSTensor_add_scalar_, as in
/// BatchNorm's num_batches_tracked.add_(1)); the same notebook passed headless and, rerun, in .NET Interactive. A
/// lifetime race of a TorchSharp Scalar is suspected, not shown.</remarks>
[Collection(NotebookRuns.Name)]
public class PaperNotebooksInInteractiveTests
{
    [Theory]
    [Trait("Category", "Long")]
    [InlineData("01-height-from-embeddings")]
    [InlineData("02-stefaland")]
    [InlineData("03-jointseg")]
    public async Task A_paper_notebook_runs_in_dotnet_interactive_without_errors(string name)
    {
        var root = Processes.RepoRoot();
        // ./earthembed builds build/cli, where the notebooks' #r lines point.
        var (code, _, stderr) = await Processes.RunAsync("bash", root, TimeSpan.FromMinutes(15), "earthembed", "--help");
        Assert.True(code == 0, stderr);
        var jupyter = Path.Combine(root, "build", "jupyter");
        Assert.True(File.Exists(Path.Combine(jupyter, "kernels", ".net-csharp", "kernel.json")), "run `bash environment/setup.sh` first");
        var output = Path.Combine(AppContext.BaseDirectory, "test-output", "interactive-" + name);
        Directory.CreateDirectory(output);
        var executed = Path.Combine(output, name + ".ipynb");

        var result = KernelDriver.Run(jupyter, root, 3600, "notebook", Path.Combine(root, "notebooks", name + ".ipynb"), executed, ".net-csharp");
        Assert.Empty(result["errors"]!.AsArray());
        var codeCells = result["code_cells"]!.GetValue<int>();
        Assert.Equal(Enumerable.Range(1, codeCells), result["execution_counts"]!.AsArray().Select(c => c!.GetValue<int>()));
        var text = File.ReadAllText(executed);
        Assert.Contains("earthembed-figure", text, StringComparison.Ordinal);
        Assert.Matches("<table id=\\\\\"table_\\d+\\\\\">", text);  // the results DataFrame, by the package's formatter
    }
}
