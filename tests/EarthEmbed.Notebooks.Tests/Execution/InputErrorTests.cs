using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static EarthEmbed.Notebooks.Tests.TestNotebook;

namespace EarthEmbed.Notebooks.Tests.Execution;

public class InputErrorTests
{
    [Fact]
    public async Task A_file_that_is_not_JSON_is_refused_with_the_position_of_the_problem()
    {
        var notebook = new TestNotebook("not-json");
        await File.WriteAllTextAsync(notebook.Path_, "{\n  \"cells\": [\n    oops\n");
        var e = await Assert.ThrowsAsync<NotebookException>(() => EarthEmbed.Notebooks.Execution.NotebookRunner.RunAsync(notebook.Path_, notebook.OutFolder));
        Assert.Contains("not a notebook: the file is not valid JSON (line 3", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(notebook.OutFolder));
    }

    [Fact]
    public async Task JSON_that_is_not_a_notebook_is_refused_with_what_was_expected()
    {
        var notebook = new TestNotebook("not-notebook");
        await File.WriteAllTextAsync(notebook.Path_, "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": 3}]}");
        var e = await Assert.ThrowsAsync<NotebookException>(() => EarthEmbed.Notebooks.Execution.NotebookRunner.RunAsync(notebook.Path_, notebook.OutFolder));
        Assert.Contains("cell 1: source must be a string or a list of strings, got the value 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Cell);
    }

    [Fact]
    public async Task Writing_the_executed_copy_over_the_notebook_itself_is_refused()
    {
        var notebook = new TestNotebook("overwrite").Code("var a = 1;");
        var path = notebook.Write();
        var e = await Assert.ThrowsAsync<NotebookException>(() => EarthEmbed.Notebooks.Execution.NotebookRunner.RunAsync(path, notebook.Folder));
        Assert.Contains("would overwrite the notebook itself", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"var a = 1;\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_reference_path_names_the_cell_the_line_and_the_file_looked_for()
    {
        var notebook = new TestNotebook("missing-r");
        var (result, _, _) = await notebook.Code("var a = 1;").Code("// uses a library\n#r \"lib/Missing.dll\"\nMissing.Call();").Run();
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Error!.Cell);
        Assert.Equal(2, result.Error.Line);
        Assert.Contains($"cell 2, line 2: #r \"lib/Missing.dll\": file not found (looked for {Path.Combine(notebook.Folder, "lib", "Missing.dll")}", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_relative_to_the_notebook_is_loaded_and_usable()
    {
        var notebook = new TestNotebook("reference");
        var lib = Directory.CreateDirectory(Path.Combine(notebook.Folder, "lib")).FullName;
        var compilation = CSharpCompilation.Create("Greeter",
            [CSharpSyntaxTree.ParseText("public static class Greeter { public static string Hello(string who) => \"hello \" + who; }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(Assembly.Load("System.Runtime").Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(Path.Combine(lib, "Greeter.dll"));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        var (result, executed, _) = await notebook.Code("#r \"lib/Greeter.dll\"\nGreeter.Hello(\"notebook\")").Run();
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("hello notebook", Text(Outputs(executed, 1)[0]!["data"]!["text/plain"]));
    }
}
