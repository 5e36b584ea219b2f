using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>Turns what a cell threw into a message that names the cell and the line: compile errors by their first
/// diagnostic's position, runtime exceptions by the innermost stack frame that lies in the cell's code.</summary>
internal static class CellErrors
{
    internal static NotebookException Describe(Exception e, int cell, string label, string cellPath)
    {
        switch (e)
        {
            case NotebookException notebook:
                return notebook;
            case CompilationErrorException compile:
            {
                var errors = compile.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                var first = errors.Length > 0 ? errors[0] : compile.Diagnostics[0];
                var line = first.Location.IsInSource ? first.Location.GetLineSpan().StartLinePosition.Line + 1 : (int?)null;
                var more = errors.Length > 1 ? $" (and {errors.Length - 1} more error{(errors.Length > 2 ? "s" : "")})" : string.Empty;
                return new NotebookException($"{label}{At(line)}: does not compile: {first.Id}: {first.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}{more}", cell, line, e);
            }
            default:
            {
                var inner = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : e;
                var line = LineIn(inner, cellPath);
                return new NotebookException($"{label}{At(line)}: {inner.GetType().Name}: {inner.Message}", cell, line, inner);
            }
        }
    }

    internal static string Name(Exception e) => e switch
    {
        CompilationErrorException => "CompilationError",
        AggregateException { InnerExceptions.Count: 1 } a => a.InnerExceptions[0].GetType().Name,
        _ => e.GetType().Name,
    };

    /// <summary>The error output's traceback: the message, then the compiler's diagnostics or the exception's text
    /// (with the runner's own frames left out).</summary>
    internal static IEnumerable<string> Traceback(Exception e, NotebookException described)
    {
        yield return described.Message;
        if (e is CompilationErrorException compile)
        {
            foreach (var d in compile.Diagnostics)
            {
                var pos = d.Location.IsInSource ? d.Location.GetLineSpan().StartLinePosition : default;
                yield return $"  line {pos.Line + 1}, column {pos.Character + 1}: {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            }
            yield break;
        }
        if (e is NotebookException) yield break;
        foreach (var line in (described.InnerException ?? e).ToString().Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) || text.Contains("EarthEmbed.Notebooks.Execution", StringComparison.Ordinal)) continue;
            yield return text;
        }
    }

    /// <summary>The 1-based line of the innermost frame (of this exception or an inner one) in the cell's file.</summary>
    internal static int? LineIn(Exception e, string cellPath)
    {
        for (var current = e; current != null; current = current.InnerException)
        {
            foreach (var frame in new StackTrace(current, true).GetFrames())
            {
                if (string.Equals(frame.GetFileName(), cellPath, StringComparison.Ordinal) && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
            }
        }
        return null;
    }

    private static string At(int? line) => line is { } l ? $", line {l}" : string.Empty;
}
