using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Execution;
using EarthEmbed.Notebooks.Packages;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace EarthEmbed.Notebooks.Kernel.Execution;

/// <summary>How a cell ended.</summary>
/// <param name="ExecutionCount">The count the cell ran as.</param>
/// <param name="ErrorName">null when the cell ran; else the exception's type name (CompilationError, Interrupted ...).</param>
/// <param name="ErrorValue">The one-line message naming the cell's input number and line.</param>
/// <param name="Traceback">The readable traceback: message, then diagnostics or stack frames in cell code.</param>
internal sealed record CellResult(int ExecutionCount, string? ErrorName = null, string? ErrorValue = null, IReadOnlyList<string>? Traceback = null)
{
    internal bool Succeeded => ErrorName == null;
}

/// <summary>The kernel's C# state: the cell engine of the headless runner (magics, #r checks, Roslyn scripting with
/// state carried from cell to cell, display(), the display contract), driven one request at a time, with the cell's
/// loops made interruptible and its state kept when a cell throws.</summary>
internal sealed class ScriptSession
{
    private const string Abandoned = "the cell was interrupted while awaiting; its asynchronous work may still be running in the background";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly string _directory;
    private readonly NotebookGlobals _globals;
    private readonly PackageSession _packages = new(JupyterKernel.Log);
    private ScriptOptions _options;

    internal ScriptSession(string directory)
    {
        _directory = directory;
        _options = ScriptSetup.Options(directory);
        var notebook = Environment.GetEnvironmentVariable("JPY_SESSION_NAME");
        _globals = new NotebookGlobals(string.IsNullOrEmpty(notebook) ? directory : Path.GetFullPath(notebook, directory), new Dictionary<string, string>());
    }

    /// <summary>The state after the last cell that compiled (null before the first one).</summary>
    internal ScriptState<object>? State { get; private set; }

    /// <summary>The options the next cell compiles with (references of restored packages included).</summary>
    internal ScriptOptions Options => _options;

    /// <summary>The count of cells run with store_history.</summary>
    internal int ExecutionCount { get; private set; }

    /// <summary>Runs <paramref name="code"/> on the calling thread, outputs going to <paramref name="outputs"/>.
    /// An interrupt cancels <paramref name="token"/>: loops in the cell see it at their next iteration.</summary>
    internal CellResult Execute(string code, CellOutputs outputs, bool storeHistory, CancellationToken token)
    {
        if (storeHistory) ExecutionCount++;
        var count = storeHistory ? ExecutionCount : ExecutionCount + 1;
        var label = $"In [{count}]";
        var cellPath = ScriptSetup.CellPath(_directory, count);
        _globals.Outputs = outputs;
        CellInterrupt.Begin(token);
        try
        {
            var prepared = CellPreprocessor.Prepare(code, count, _directory, kernel: null);
            if (prepared.Kind == CellKind.Markdown)
            {
                outputs.AddDisplay(new JsonObject { ["text/markdown"] = prepared.Text, ["text/plain"] = prepared.Text });
                return new CellResult(count);
            }
            _options = _options.AddReferences(_packages.Add(prepared.Packages, count, outputs, token));
            if (prepared.Kind == CellKind.Empty) return new CellResult(count);
            var text = InterruptRewriter.Rewrite(prepared.Text);
            var options = _options.WithFilePath(cellPath);
            var task = ConsoleRouter.Capture(outputs, () => State == null
                ? CSharpScript.Create(text, options, typeof(NotebookGlobals)).RunAsync(_globals, e => !IsFatal(e), token)
                : State.ContinueWithAsync(text, options, e => !IsFatal(e), token));
            var state = Wait(task, token);
            State = state;
            if (state.Exception is { } thrown) return Failed(thrown, count, label, cellPath, outputs, token);
            if (NotebookRunner.HasTrailingValue(state.Script)) outputs.AddResult(DisplayFormatter.Format(state.ReturnValue), count);
            return new CellResult(count);
        }
        catch (Exception e) when (!IsFatal(e))
        {
            return Failed(e, count, label, cellPath, outputs, token);
        }
        finally
        {
            CellInterrupt.End();
            _globals.Outputs = null;
        }
    }

    /// <summary>Waits for the cell's task. A cell that awaits runs its continuations on the thread pool; when it is
    /// interrupted and has not ended within two seconds, it is left to finish in the background and the kernel goes
    /// on (the state stays that of the cell before).</summary>
    private static ScriptState<object> Wait(Task<ScriptState<object>> task, CancellationToken token)
    {
        DateTime? giveUp = null;
        while (!task.IsCompleted)
        {
            try
            {
                if (!token.IsCancellationRequested)
                {
                    Task.WaitAny([task], Timeout.Infinite, token);
                    continue;
                }
                giveUp ??= DateTime.UtcNow + Grace;
                var left = giveUp.Value - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) break;
                Task.WaitAny([task], (int)Math.Ceiling(left.TotalMilliseconds), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // Interrupted: give the cell's own checks the grace period.
            }
            catch (ThreadInterruptedException)
            {
                // The thread interrupt reached this wait rather than the cell's code.
            }
        }
        if (!task.IsCompleted) throw new OperationCanceledException(Abandoned, token);
        return task.GetAwaiter().GetResult();
    }

    private static CellResult Failed(Exception e, int count, string label, string cellPath, CellOutputs outputs, CancellationToken token)
    {
        var interrupted = token.IsCancellationRequested && e is OperationCanceledException or ThreadInterruptedException;
        if (interrupted)
        {
            var message = $"{label}: interrupted" + (e.Message == Abandoned ? $" ({Abandoned})" : string.Empty);
            var trace = new List<string> { message };
            trace.AddRange(Frames(e, cellPath));
            outputs.AddError("Interrupted", message, trace);
            return new CellResult(count, "Interrupted", message, trace);
        }
        var described = CellErrors.Describe(e, count, label, cellPath);
        var name = CellErrors.Name(e);
        var traceback = CellErrors.Traceback(e, described)
            .Where(l => !l.Contains("EarthEmbed.Notebooks.Kernel", StringComparison.Ordinal) && !l.Contains("--- End of stack trace", StringComparison.Ordinal)).ToList();
        outputs.AddError(name, described.Message, traceback);
        return new CellResult(count, name, described.Message, traceback);
    }

    /// <summary>The stack frames of the cell's own code (where the interrupt landed).</summary>
    private static IEnumerable<string> Frames(Exception e, string cellPath) =>
        e.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(cellPath, StringComparison.Ordinal));

    private static bool IsFatal(Exception e) => e is OutOfMemoryException or StackOverflowException or AccessViolationException;
}
