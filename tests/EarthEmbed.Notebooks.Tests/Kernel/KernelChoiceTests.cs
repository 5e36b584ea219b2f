using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Kernel;
using static EarthEmbed.Notebooks.Tests.Kernel.KernelDriver;

namespace EarthEmbed.Notebooks.Tests.Kernel;

/// <summary>Which kernel a notebook gets. A Jupyter client (JupyterLab, VS Code's Jupyter extension, nbclient) starts
/// the kernelspec the notebook names, so with both kernels installed our notebooks must get ours; a notebook written
/// by .NET Interactive (its metadata only, <c>#!csharp</c> magics in the cells) must still run in ours when chosen.</summary>
public class KernelChoiceTests
{
    private static string Write(string name, JsonObject notebook)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "nb.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    private static JsonObject Notebook(JsonObject metadata, params JsonObject[] cells) => new()
    {
        ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)c).ToArray()), ["metadata"] = metadata, ["nbformat"] = 4, ["nbformat_minor"] = 5,
    };

    private static string ResultText(string executed, int cell) => TestNotebook.Text(
        JsonNode.Parse(File.ReadAllText(executed))!["cells"]![cell]!["outputs"]!.AsArray()
            .First(o => o!["output_type"]!.GetValue<string>() == "execute_result")!["data"]!["text/plain"]);

    [Fact]
    public void A_notebook_with_our_metadata_gets_our_kernel_when_both_kernels_are_installed()
    {
        var ours = InstallSpec("kernel-choice-ours", Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"));
        var interactive = Path.Combine(RepoRoot(), "build", "jupyter");
        Assert.True(File.Exists(Path.Combine(interactive, "kernels", ".net-csharp", "kernel.json")), "run `bash environment/setup.sh` first");
        var notebook = Notebook(new JsonObject(), Model.NotebookDocument.NewCodeCell("System.AppDomain.CurrentDomain.FriendlyName"));
        NotebookMetadata.Apply(notebook);
        var path = Write("kernel-choice-ours-notebook", notebook);
        var executed = Path.Combine(Path.GetDirectoryName(path)!, "executed.ipynb");

        // .NET Interactive's folder first on the path: the choice is by name, not by order.
        var result = Run($"{interactive}:{ours}", Path.GetDirectoryName(path)!, 300, "notebook", path, executed, "metadata");
        Assert.Empty(result["errors"]!.AsArray());
        Assert.Equal("earthembed-csharp", result["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("EarthEmbed.Cli", ResultText(executed, 0));  // the process that ran the cell: our kernel
    }

    [Fact]
    public void A_notebook_with_dotnet_interactive_metadata_only_runs_in_our_kernel()
    {
        var ours = InstallSpec("kernel-choice-polyglot", Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"));
        // As Polyglot Notebooks writes a file: its kernelspec, language_info and kernel list; cells routed by metadata and magics.
        var metadata = JsonNode.Parse("""
            {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
             "language_info": {"name": "polyglot-notebook"},
             "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}}
            """)!.AsObject();
        JsonObject Cell(string source)
        {
            var cell = Model.NotebookDocument.NewCodeCell(source);
            cell["metadata"] = JsonNode.Parse("""{"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}""");
            return cell;
        }
        var path = Write("kernel-choice-polyglot-notebook", Notebook(metadata, Cell("#!csharp\nvar a = 20;"), Cell("#!csharp\na * 2")));
        var executed = Path.Combine(Path.GetDirectoryName(path)!, "executed.ipynb");

        var result = Run(ours, Path.GetDirectoryName(path)!, 300, "notebook", path, executed, KernelSpec.Name);
        Assert.Empty(result["errors"]!.AsArray());
        Assert.Equal([1, 2], result["execution_counts"]!.AsArray().Select(c => c!.GetValue<int>()));
        Assert.Equal("40", ResultText(executed, 1));
    }
}
