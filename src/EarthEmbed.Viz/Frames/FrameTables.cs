using EarthEmbed.Viz.Tables;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Viz.Frames;

/// <summary>A <see cref="DataFrame"/> as a <see cref="ResultTable"/>: the HTML table EarthEmbed shows everywhere
/// (numbers right-aligned, paged, a CSV link), for reports and for notebooks. EarthEmbed's runner and kernel show a
/// displayed DataFrame this way by themselves; .NET Interactive uses the package's own formatter.</summary>
public static class FrameTables
{
    /// <summary>The most rows a table keeps by default; the caption says how many more the frame has.</summary>
    public const int DefaultMaxRows = 1000;

    /// <summary>The frame's columns and its first <paramref name="maxRows"/> rows as a table; missing values are empty.</summary>
    public static ResultTable ToResultTable(this DataFrame frame, int maxRows = DefaultMaxRows)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var shown = (int)Math.Min(frame.Rows.Count, maxRows);
        var columns = frame.Columns.Select(c => (c.Name, (IReadOnlyList<object?>)Enumerable.Range(0, shown).Select(r => c[r]).ToList())).ToList();
        var table = ResultTable.FromColumns(columns);
        if (shown < frame.Rows.Count) table.Caption = $"the first {shown} of {frame.Rows.Count} rows";
        return table;
    }
}
