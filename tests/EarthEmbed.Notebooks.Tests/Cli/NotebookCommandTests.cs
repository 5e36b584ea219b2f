namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>`earthembed notebook run` as a user calls it: a separate process, its exit code and its stderr.</summary>
public class NotebookCommandTests
{
    internal static (int ExitCode, string Stdout, string Stderr) Earthembed(params string[] args) =>
        Processes.RunAsync("dotnet", Environment.CurrentDirectory, TimeSpan.FromMinutes(5),
            [Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"), .. args]).GetAwaiter().GetResult();

    [Fact]
    public void A_failing_cell_exits_1_and_names_the_cell_and_line_on_stderr_with_progress_per_cell()
    {
        var notebook = new TestNotebook("cli-failure").Code("var a = 1;").Code("var b = 2;\nthrow new ArgumentException(\"bad input\");");
        notebook.Write();
        var (code, _, stderr) = Earthembed("notebook", "run", notebook.Path_, "--out", notebook.OutFolder);
        Assert.Equal(1, code);
        Assert.Contains("[1/2] cell 1: ok", stderr, StringComparison.Ordinal);
        Assert.Contains("cell 2, line 2: ArgumentException: bad input", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(notebook.OutFolder, "nb.ipynb")));
        Assert.True(File.Exists(Path.Combine(notebook.OutFolder, "nb.html")));
    }

    [Fact]
    public void Unusable_input_exits_2_without_running_and_says_why()
    {
        var notebook = new TestNotebook("cli-bad-input");
        File.WriteAllText(notebook.Path_, "not json at all");
        var (code, _, stderr) = Earthembed("notebook", "run", notebook.Path_, "--out", notebook.OutFolder, "-p", "x=1");
        Assert.Equal(2, code);
        Assert.Contains("not a notebook: the file is not valid JSON", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(notebook.OutFolder));
    }
}
