using System.Diagnostics.CodeAnalysis;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>What every cell sees as top-level names, mirroring .NET Interactive: <c>display(x)</c> shows a value
/// below the cell. Public because Roslyn scripting compiles cells against it.</summary>
public sealed class NotebookGlobals
{
    internal NotebookGlobals(string notebookPath, IReadOnlyDictionary<string, string> parameters)
    {
        NotebookPath = notebookPath;
        Parameters = parameters;
    }

    /// <summary>The notebook being run (full path).</summary>
    public string NotebookPath { get; }

    /// <summary>The -p key=value pairs given on the command line (already assigned in the parameters cell).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    internal CellOutputs? Outputs { get; set; }

    /// <summary>Shows <paramref name="value"/> below the current cell: HTML for charts, maps and tables
    /// (IHtmlContent), PNG for objects with a <c>byte[] ToPng()</c> method, text for everything.</summary>
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "display(x) is .NET Interactive's name; notebooks written for it run unchanged.")]
    public void display(object? value) =>
        (Outputs ?? throw new InvalidOperationException("display() was called outside a running cell")).AddDisplay(DisplayFormatter.Format(value));
}
