using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Tests.Execution;

public class ExecutedNotebookTests
{
    private static async Task<(EarthEmbed.Notebooks.Execution.NotebookRunResult Result, JsonObject Executed)> RunEveryKindOfOutput(string name)
    {
        var (result, executed, _) = await new TestNotebook(name)
            .Markdown("# Title\nSome *markdown*.")
            .Code("var n = 3;", "parameters")
            .Code("""
                class Picture { public byte[] ToPng() => new byte[] { 0x89, 0x50, 0x4E, 0x47 }; }
                Console.WriteLine("out");
                Console.Error.WriteLine("err");
                display(new Microsoft.AspNetCore.Html.HtmlString("<i>html</i>"));
                display(new Picture());
                n * 2
                """)
            .Code("#!markdown\n**shown**")
            .Code("throw new InvalidOperationException(\"stop <here>\");")
            .Run("n=4");
        return (result, executed);
    }

    [Fact]
    public async Task The_executed_notebook_passes_nbformat_validation_by_Debians_python3_nbformat()
    {
        var (result, _) = await RunEveryKindOfOutput("nbformat");
        var (code, stdout, stderr) = await Processes.RunAsync("/usr/bin/python3",
            ["-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], 4); nbformat.validate(nb); print(nb.nbformat, nb.nbformat_minor, len(nb.cells))",
             result.ExecutedNotebook]);
        Assert.True(code == 0, $"nbformat rejected {result.ExecutedNotebook}:\n{stderr}");
        Assert.Equal("4 5 6", stdout.Trim()); // 5 cells + the injected parameters cell
    }

    [Fact]
    public async Task The_executed_notebook_keeps_the_dotnet_interactive_metadata()
    {
        var (_, executed) = await RunEveryKindOfOutput("metadata");
        Assert.Equal(".net-csharp", executed["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("C#", executed["metadata"]!["kernelspec"]!["language"]!.GetValue<string>());
        Assert.Equal("csharp", executed["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        foreach (var cell in executed["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code"))
            Assert.Equal("csharp", cell!["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.All(executed["cells"]!.AsArray(), c => Assert.False(string.IsNullOrEmpty(c!["id"]?.GetValue<string>())));
    }

    [Fact]
    public async Task The_HTML_page_shows_markdown_code_and_every_output_without_loading_anything()
    {
        var (result, _) = await RunEveryKindOfOutput("html");
        var html = await File.ReadAllTextAsync(result.Html);
        Assert.Contains("<h1 id=\"title\">Title</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"stream\">out\n</pre>", html, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"stream stderr\">err\n</pre>", html, StringComparison.Ordinal);
        Assert.Contains("<i>html</i>", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"data:image/png;base64,iVBORw==\"", html, StringComparison.Ordinal);
        Assert.Contains("<strong>shown</strong>", html, StringComparison.Ordinal);
        Assert.Contains("stop &lt;here&gt;", html, StringComparison.Ordinal);
        Assert.Contains("parameters: n=4", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("plotly.js begin", html, StringComparison.Ordinal); // no figure, no library
    }
}
