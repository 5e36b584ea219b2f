using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Execution;
using EarthEmbed.Notebooks.Kernel;

namespace EarthEmbed.Notebooks.Tests.Kernel;

/// <summary>The notebooks select this kernel and stay .NET Interactive notebooks; the runner runs either kind; the
/// kernelspec written by install is what Jupyter needs.</summary>
public class NotebookMetadataTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(KernelDriver.RepoRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_committed_notebook_carries_the_canonical_metadata(string name)
    {
        var path = Path.Combine(KernelDriver.RepoRoot(), "notebooks", name);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var copy = root.DeepClone().AsObject();
        Assert.False(NotebookMetadata.Apply(copy), $"{name}: metadata is not canonical; run ./earthembed kernel metadata notebooks/{name}");
        Assert.Equal("earthembed-csharp", root["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", root["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_sets_kernelspec_language_and_polyglot_metadata_and_keeps_tags_and_outputs()
    {
        var notebook = JsonNode.Parse("""
            {"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}], "source": "var a = 1;", "execution_count": 3},
                       {"cell_type": "markdown", "metadata": {}, "source": "# t"}],
             "metadata": {"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}, "authors": ["me"]},
             "nbformat": 4, "nbformat_minor": 5}
            """)!.AsObject();
        Assert.True(NotebookMetadata.Apply(notebook));
        Assert.False(NotebookMetadata.Apply(notebook));  // idempotent
        Assert.Equal("C# (EarthEmbed)", notebook["metadata"]!["kernelspec"]!["display_name"]!.GetValue<string>());
        Assert.Equal("C#", notebook["metadata"]!["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal("me", notebook["metadata"]!["authors"]![0]!.GetValue<string>());
        var code = notebook["cells"]![0]!;
        Assert.Equal("csharp", code["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.Equal("csharp", code["metadata"]!["dotnet_interactive"]!["language"]!.GetValue<string>());
        Assert.Equal("parameters", code["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Single(code["outputs"]!.AsArray());
        Assert.Null(notebook["cells"]![1]!["metadata"]!["polyglot_notebook"]);
    }

    [Theory]
    [InlineData(".net-csharp")]
    [InlineData("earthembed-csharp")]
    public async Task The_headless_runner_runs_notebooks_with_old_or_new_metadata_and_keeps_it(string kernelspec)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "metadata-" + kernelspec);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "nb.ipynb");
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(Model.NotebookDocument.NewCodeCell("var a = 20;\na * 2")),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = kernelspec, ["display_name"] = "x", ["language"] = "C#" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        if (kernelspec == KernelSpec.Name) NotebookMetadata.Apply(notebook);
        await File.WriteAllTextAsync(path, notebook.ToJsonString());
        var result = await NotebookRunner.RunAsync(path, Path.Combine(folder, "out"), new NotebookRunOptions { Progress = TextWriter.Null });
        Assert.True(result.Succeeded, result.Error?.Message);
        var executed = JsonNode.Parse(await File.ReadAllTextAsync(result.ExecutedNotebook))!;
        Assert.Equal(kernelspec, executed["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("40", executed["cells"]![0]!["outputs"]![0]!["data"]!["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void Install_writes_kernel_json_with_absolute_argv_and_uninstall_removes_it()
    {
        var data = KernelDriver.InstallSpec("kernelspec-install", Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "kernels", "earthembed-csharp", "kernel.json")))!;
        Assert.Equal("C# (EarthEmbed)", json["display_name"]!.GetValue<string>());
        Assert.Equal("C#", json["language"]!.GetValue<string>());
        Assert.Equal("message", json["interrupt_mode"]!.GetValue<string>());
        var argv = json["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        Assert.True(Path.IsPathRooted(argv[0]) && Path.IsPathRooted(argv[1]), string.Join(' ', argv));
        Assert.Equal(["kernel", "start", "-f", "{connection_file}"], argv[2..]);
        Assert.True(KernelSpec.Uninstall(data));
        Assert.False(Directory.Exists(Path.Combine(data, "kernels", "earthembed-csharp")));
        Assert.False(KernelSpec.Uninstall(data));
    }

    [Fact]
    public void Install_folders_follow_jupyters_data_paths()
    {
        Assert.Equal("/usr/local/share/jupyter", KernelSpec.DataDirectory(user: false, prefix: null));
        Assert.Equal("/opt/env/share/jupyter", KernelSpec.DataDirectory(user: true, prefix: "/opt/env"));
        Assert.EndsWith(Path.Combine("share", "jupyter"), KernelSpec.DataDirectory(user: true, prefix: null), StringComparison.Ordinal);
    }
}
