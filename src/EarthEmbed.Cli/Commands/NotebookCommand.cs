using System.CommandLine;
using EarthEmbed.Notebooks;
using EarthEmbed.Notebooks.Execution;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed notebook run NB.ipynb [--out DIR] [-p key=value ...]</c>: runs a C# notebook headless and
/// writes the executed notebook and its HTML page. Exit code 0 when every cell ran, 1 when a cell failed (the error
/// is in the outputs and on stderr), 2 when the notebook or a parameter is unusable (nothing was run).</summary>
internal static class NotebookCommand
{
    internal static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb file to run." };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder for NAME.ipynb (executed) and NAME.html (self-contained page).",
            DefaultValueFactory = _ => "out",
        };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "name=value assigned after the cell tagged 'parameters' (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var run = new Command("run", "Run a notebook's C# cells in order; write the executed notebook and an HTML page of it.");
        run.Arguments.Add(notebook);
        run.Options.Add(output);
        run.Options.Add(parameters);
        run.SetAction((result, _) => Run(result.GetValue(notebook)!, result.GetValue(output)!, result.GetValue(parameters) ?? []));

        var command = new Command("notebook", "Notebooks: run one headless (executed .ipynb + HTML out).");
        command.Subcommands.Add(run);
        return command;
    }

    internal static async Task<int> Run(string notebook, string outputDirectory, IReadOnlyList<string> parameters)
    {
        try
        {
            var options = new NotebookRunOptions { Parameters = NotebookRunOptions.ParseParameters(parameters) };
            var result = await NotebookRunner.RunAsync(notebook, outputDirectory, options).ConfigureAwait(false);
            if (result.Succeeded)
            {
                await Console.Out.WriteLineAsync($"{result.ExecutedNotebook}\n{result.Html}").ConfigureAwait(false);
                return 0;
            }
            await Console.Error.WriteLineAsync($"notebook run: {notebook}: {result.Error!.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (NotebookException e)
        {
            await Console.Error.WriteLineAsync($"notebook run: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
