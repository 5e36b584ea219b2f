namespace EarthEmbed.Notebooks;

/// <summary>A notebook could not be read or run: bad JSON, a missing file, an unknown parameter, a cell that does
/// not compile or throws. The message names the file and, where there is one, the cell (1-based, counting every
/// cell of the notebook as an editor shows them) and the line within it.</summary>
public sealed class NotebookException : Exception
{
    /// <summary>An error not tied to a cell.</summary>
    public NotebookException(string message) : base(message) { }

    /// <summary>An error wrapping <paramref name="inner"/>.</summary>
    public NotebookException(string message, Exception inner) : base(message, inner) { }

    /// <summary>An error in cell <paramref name="cell"/> (1-based), at <paramref name="line"/> when known.</summary>
    public NotebookException(string message, int cell, int? line = null, Exception? inner = null) : base(message, inner)
    {
        Cell = cell;
        Line = line;
    }

    /// <summary>An empty exception (for serializers).</summary>
    public NotebookException() { }

    /// <summary>The 1-based cell number, or null when the error is not in a cell.</summary>
    public int? Cell { get; }

    /// <summary>The 1-based line within the cell, or null when unknown.</summary>
    public int? Line { get; }
}
