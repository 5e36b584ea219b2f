using System.Text.Json.Nodes;
using static EarthEmbed.Notebooks.Tests.TestNotebook;

namespace EarthEmbed.Notebooks.Tests.Execution;

public class RunnerTests
{
    [Fact]
    public async Task State_is_carried_from_cell_to_cell()
    {
        var (result, executed, _) = await new TestNotebook("state")
            .Code("var x = 20;")
            .Markdown("Between the cells.")
            .Code("int Twice(int v) => 2 * v;")
            .Code("Twice(x) + 2")
            .Run();
        Assert.True(result.Succeeded, result.Error?.Message);
        var output = Assert.Single(Outputs(executed, 4));
        Assert.Equal("execute_result", output!["output_type"]!.GetValue<string>());
        Assert.Equal("42", Text(output["data"]!["text/plain"]));
        Assert.Equal(3, executed["cells"]![3]!["execution_count"]!.GetValue<int>());
        Assert.Equal(3, result.CellsRun);
    }

    [Fact]
    public async Task Cells_run_in_the_notebooks_folder_so_relative_paths_work_as_in_Jupyter()
    {
        var notebook = new TestNotebook("working-directory");
        await File.WriteAllTextAsync(Path.Combine(notebook.Folder, "data.txt"), "beside the notebook");
        var (result, executed, _) = await notebook.Code("File.ReadAllText(\"data.txt\")").Run();
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("beside the notebook", Text(Outputs(executed, 1)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task Display_stdout_stderr_and_the_trailing_expression_become_outputs_in_order()
    {
        var (result, executed, _) = await new TestNotebook("display")
            .Code("""
                class Picture { public byte[] ToPng() => new byte[] { 0x89, 0x50, 0x4E, 0x47 }; public override string ToString() => "a picture"; }
                Console.WriteLine("one");
                Console.WriteLine("two");
                display(new Microsoft.AspNetCore.Html.HtmlString("<b>bold</b>"));
                Console.Error.WriteLine("careful");
                display(new Picture());
                display(new[] { 1, 2, 3 });
                "last"
                """)
            .Code("Console.Write(\"no result\");")
            .Run();
        Assert.True(result.Succeeded, result.Error?.Message);
        var outputs = Outputs(executed, 1).Select(o => o!.AsObject()).ToArray();
        Assert.Equal(["stream", "display_data", "stream", "display_data", "display_data", "execute_result"], outputs.Select(o => o["output_type"]!.GetValue<string>()));
        Assert.Equal("stdout", outputs[0]["name"]!.GetValue<string>());
        Assert.Equal("one\ntwo\n", Text(outputs[0]["text"]));
        Assert.Equal("<b>bold</b>", Text(outputs[1]["data"]!["text/html"]));
        Assert.Equal("stderr", outputs[2]["name"]!.GetValue<string>());
        Assert.Equal("iVBORw==", Text(outputs[3]["data"]!["image/png"]));
        Assert.Equal("a picture", Text(outputs[3]["data"]!["text/plain"]));
        Assert.Equal("Int32[] [1, 2, 3]", Text(outputs[4]["data"]!["text/plain"]));
        Assert.Equal("last", Text(outputs[5]["data"]!["text/plain"]));
        var second = Outputs(executed, 2);
        Assert.Equal("no result", Text(Assert.Single(second)!["text"]));
    }

    [Fact]
    public async Task Parameters_override_the_defaults_of_the_tagged_cell_after_it_runs()
    {
        var (result, executed, _) = await new TestNotebook("parameters")
            .Markdown("# Tuned")
            .Code("var epochs = 3;\nstring mode = \"quick\";\ndouble lr = 0.1;\nbool full = false;", "parameters")
            .Code("Console.WriteLine($\"{epochs} {mode} {lr} {full}\");")
            .Run("epochs=5", "mode=full \"run\"", "lr=0.5", "full=true");
        Assert.True(result.Succeeded, result.Error?.Message);
        var injected = executed["cells"]![2]!.AsObject();
        Assert.Contains("injected-parameters", injected["metadata"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("epochs = 5;", Text(injected["source"]), StringComparison.Ordinal);
        Assert.Equal("5 full \"run\" 0.5 True\n", Text(Outputs(executed, 4)[0]!["text"]));
    }

    [Fact]
    public async Task An_undeclared_parameter_is_refused_before_anything_runs_and_the_message_lists_the_declared_ones()
    {
        var notebook = new TestNotebook("parameters-unknown").Code("var epochs = 3;\nvar quick = true;", "parameters").Code("File.WriteAllText(\"ran.txt\", \"\");");
        var e = await Assert.ThrowsAsync<NotebookException>(() => notebook.Run("epoch=5"));
        Assert.Contains("declares no variable \"epoch\"; it declares: epochs, quick", e.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<NotebookException>(() => notebook.Run("epochs=five"));
        Assert.Contains("\"epochs\" is int; expected an integer", bad.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(notebook.Folder, "ran.txt")));
    }

    [Fact]
    public async Task Parameters_without_a_tagged_cell_are_an_error()
    {
        var e = await Assert.ThrowsAsync<NotebookException>(() => new TestNotebook("parameters-none").Code("var a = 1;").Run("a=2"));
        Assert.Contains("no cell tagged \"parameters\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Magics_pick_CSharp_or_markdown_and_unsupported_ones_are_named()
    {
        var (result, executed, _) = await new TestNotebook("magics")
            .Code("#!markdown\n# Not C#\nThis would not compile.")
            .Code("#!csharp\n6 * 7")
            .Code("#!c#\nConsole.WriteLine(\"alias\");")
            .Run();
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("# Not C#\nThis would not compile.", Text(Outputs(executed, 1)[0]!["data"]!["text/markdown"]));
        Assert.Equal("42", Text(Outputs(executed, 2)[0]!["data"]!["text/plain"]));
        Assert.Equal("alias\n", Text(Outputs(executed, 3)[0]!["text"]));

        var (failed, _, _) = await new TestNotebook("magics-fsharp").Code("1").Code("#!fsharp\nlet x = 1").Run();
        Assert.False(failed.Succeeded);
        Assert.Equal(2, failed.Error!.Cell);
        Assert.Contains("cell 2, line 1: the magic command #!fsharp is not supported", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_exception_stops_the_run_with_an_error_output_naming_cell_and_line()
    {
        var (result, executed, progress) = await new TestNotebook("exception")
            .Code("var items = new List<int>();")
            .Markdown("text")
            .Code("Console.WriteLine(\"before\");\nvar first = items.First();\nConsole.WriteLine(\"after\");")
            .Code("Console.WriteLine(\"never\");")
            .Run();
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Error!.Cell);
        Assert.Equal(2, result.Error.Line);
        Assert.StartsWith("cell 3, line 2: InvalidOperationException: Sequence contains no elements", result.Error.Message, StringComparison.Ordinal);
        var outputs = Outputs(executed, 3);
        Assert.Equal("before\n", Text(outputs[0]!["text"]));
        var error = outputs[1]!.AsObject();
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal(result.Error.Message, error["evalue"]!.GetValue<string>());
        Assert.Empty(Outputs(executed, 4));
        Assert.Null(executed["cells"]![3]!["execution_count"]);
        Assert.Contains("cell 3: FAILED", progress, StringComparison.Ordinal);
        Assert.True(File.Exists(result.Html));
    }

    [Fact]
    public async Task A_cell_that_does_not_compile_is_reported_with_its_number_line_and_compiler_error()
    {
        var (result, executed, _) = await new TestNotebook("compile").Code("var a = 1;").Code("var b = a;\nvar c = missingName + 1;").Run();
        Assert.False(result.Succeeded);
        Assert.Equal("cell 2, line 2: does not compile: CS0103: The name 'missingName' does not exist in the current context", result.Error!.Message);
        Assert.Equal("CompilationError", Outputs(executed, 2)[0]!["ename"]!.GetValue<string>());
    }
}
