using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Model;
using EarthEmbed.Notebooks.Packages;
using EarthEmbed.Notebooks.Rendering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>How to run a notebook.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>-p name=value pairs assigned after the cell tagged <c>parameters</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Where per-cell progress lines go (default: the process's standard error).</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Parses command-line "name=value" pairs (the last of repeated names wins).</summary>
    /// <exception cref="NotebookException">A pair without '=' or a name that is not a C# identifier.</exception>
    public static IReadOnlyDictionary<string, string> ParseParameters(IEnumerable<string> pairs) => ParameterInjector.Parse(pairs);
}

/// <summary>What a run produced.</summary>
/// <param name="Succeeded">Every cell ran without an error.</param>
/// <param name="ExecutedNotebook">The executed .ipynb (written even when a cell failed, up to that cell).</param>
/// <param name="Html">The self-contained HTML rendering of it.</param>
/// <param name="CellsRun">Code cells executed (the failed one included).</param>
/// <param name="Error">The error that stopped the run, naming the cell and line, or null.</param>
public sealed record NotebookRunResult(bool Succeeded, string ExecutedNotebook, string Html, int CellsRun, NotebookException? Error);

/// <summary>Runs a notebook's C# cells in order with Roslyn scripting, the state of one cell carried to the next,
/// collects their outputs as Jupyter outputs, stops at the first error, and writes the executed notebook and an
/// HTML page of it.</summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim RunLock = new(1, 1);

    /// <summary>Runs <paramref name="notebookPath"/> and writes <c>NAME.ipynb</c> and <c>NAME.html</c> into
    /// <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="NotebookException">The notebook cannot be read or a parameter does not fit (nothing is
    /// run or written). A failing cell does not throw: see <see cref="NotebookRunResult.Error"/>.</exception>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, string outputDirectory, NotebookRunOptions? options = null)
    {
        options ??= new NotebookRunOptions();
        var progress = options.Progress ?? ConsoleRouter.RealError;
        var document = NotebookDocument.Load(notebookPath);
        var fullPath = Path.GetFullPath(notebookPath);
        var directory = Path.GetDirectoryName(fullPath)!;
        var plan = Plan(document, options.Parameters);
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var ipynb = Path.GetFullPath(Path.Combine(outputDirectory, name + ".ipynb"));
        var html = Path.GetFullPath(Path.Combine(outputDirectory, name + ".html"));
        if (string.Equals(ipynb, fullPath, StringComparison.Ordinal))
            throw new NotebookException($"{notebookPath}: the output folder {outputDirectory} would overwrite the notebook itself; choose another --out folder");

        var total = Stopwatch.StartNew();
        progress.WriteLine($"notebook: running {notebookPath} ({plan.Count(p => p.Cell["cell_type"]?.ToString() == "code")} code cells)");
        // Cells run in the notebook's folder, as in Jupyter and .NET Interactive, so relative paths mean the same in
        // both. The working directory belongs to the process, so runs within one process take turns.
        await RunLock.WaitAsync().ConfigureAwait(false);
        var previousDirectory = Environment.CurrentDirectory;
        (NotebookException? Error, int Count) run;
        try
        {
            Environment.CurrentDirectory = directory;
            run = await RunCells(plan, new NotebookGlobals(fullPath, options.Parameters), directory, progress).ConfigureAwait(false);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            RunLock.Release();
        }
        var (error, executionCount) = run;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"notebook: {(error == null ? "done" : "stopped at an error")} in {total.Elapsed.TotalSeconds:0.0} s; writing {ipynb} and {html}"));

        PlotlyOutputs.Normalise(document, progress);
        document.Save(ipynb);
        NotebookHtml.Render(document, Path.GetFileName(notebookPath), options.Parameters, error).Save(html);
        return new NotebookRunResult(error == null, ipynb, html, executionCount, error);
    }

    /// <summary>Runs the code cells of <paramref name="plan"/> in order until one fails; returns that failure (or
    /// null) and the number of cells executed.</summary>
    private static async Task<(NotebookException? Error, int Count)> RunCells(List<(JsonObject Cell, int Number, string Label)> plan,
        NotebookGlobals globals, string directory, TextWriter progress)
    {
        var scriptOptions = ScriptSetup.Options(directory);
        var packages = new PackageSession(progress);
        ScriptState<object>? state = null;
        var executionCount = 0;
        var codeCells = plan.Count(p => p.Cell["cell_type"]?.ToString() == "code");
        var position = 0;
        foreach (var (cell, number, label) in plan)
        {
            if (cell["cell_type"]?.ToString() != "code") continue;
            position++;
            var outputs = new CellOutputs();
            globals.Outputs = outputs;
            var watch = Stopwatch.StartNew();
            NotebookException? error = null;
            try
            {
                var prepared = CellPreprocessor.Prepare(NotebookDocument.SourceOf(cell), number, directory, NotebookDocument.KernelOf(cell));
                if (prepared.Kind == CellKind.Markdown)
                {
                    outputs.AddDisplay(new JsonObject { ["text/markdown"] = prepared.Text, ["text/plain"] = prepared.Text });
                }
                else
                {
                    // #r "nuget:" first: the cell compiles against what it restores (a cell may hold only that).
                    scriptOptions = scriptOptions.AddReferences(packages.Add(prepared.Packages, number, outputs, CancellationToken.None));
                }
                if (prepared.Kind == CellKind.CSharp)
                {
                    cell["execution_count"] = ++executionCount;
                    var cellOptions = scriptOptions.WithFilePath(ScriptSetup.CellPath(directory, number));
                    state = await ConsoleRouter.Capture(outputs, () => state == null
                        ? CSharpScript.RunAsync(prepared.Text, cellOptions, globals, typeof(NotebookGlobals))
                        : state.ContinueWithAsync(prepared.Text, cellOptions)).ConfigureAwait(false);
                    if (HasTrailingValue(state.Script)) outputs.AddResult(DisplayFormatter.Format(state.ReturnValue), executionCount);
                }
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{position}/{codeCells}] {label}: ok ({watch.Elapsed.TotalSeconds:0.00} s)"));
            }
            catch (Exception e) when (e is NotebookException or CompilationErrorException || !IsFatal(e))
            {
                error = CellErrors.Describe(e, number, label, ScriptSetup.CellPath(directory, number));
                outputs.AddError(CellErrors.Name(e), error.Message, CellErrors.Traceback(e, error));
                progress.WriteLine($"  [{position}/{codeCells}] {label}: FAILED");
            }
            finally
            {
                globals.Outputs = null;
                cell["outputs"] = outputs.ToJson();
            }
            if (error != null) return (error, executionCount);
        }
        return (null, executionCount);
    }

    /// <summary>The cells in run order with their numbers and labels: the notebook's own (numbered 1.. as an editor
    /// shows them) and, after the parameters cell, the injected one. Earlier injected cells are dropped.</summary>
    private static List<(JsonObject Cell, int Number, string Label)> Plan(NotebookDocument document, IReadOnlyDictionary<string, string> parameters)
    {
        var cells = document.Cells;
        for (var i = cells.Count - 1; i >= 0; i--)
            if (NotebookDocument.TagsOf((JsonObject)cells[i]!).Contains("injected-parameters")) cells.RemoveAt(i);
        var plan = cells.Select((c, i) => ((JsonObject)c!, i + 1, $"cell {i + 1}")).ToList();
        if (parameters.Count == 0) return plan;
        var index = plan.FindIndex(p => NotebookDocument.TagsOf(p.Item1).Contains("parameters"));
        if (index < 0)
        {
            throw new NotebookException(
                $"{document.Path}: -p {parameters.Keys.First()}=...: the notebook has no cell tagged \"parameters\" " +
                "(add the tag to the cell that declares the defaults)");
        }
        var number = index + 1;
        var source = ParameterInjector.Build(NotebookDocument.SourceOf(plan[index].Item1), number, parameters);
        var injected = NotebookDocument.NewCodeCell(source, "injected-parameters");
        cells.Insert(index + 1, injected);
        plan.Insert(index + 1, (injected, number, $"parameters injected after cell {number}"));
        return plan;
    }

    /// <summary>Whether the cell ends in an expression without a semicolon whose type is not void (Jupyter's
    /// execute_result).</summary>
    internal static bool HasTrailingValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.LastOrDefault();
        var last = tree?.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().LastOrDefault();
        if (last?.Statement is not ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement) return false;
        var type = compilation.GetSemanticModel(tree!).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static bool IsFatal(Exception e) => e is OutOfMemoryException or StackOverflowException or AccessViolationException;
}
