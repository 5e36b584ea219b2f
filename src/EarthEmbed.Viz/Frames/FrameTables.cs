using System.Globalization;
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

    /// <summary>The claims table of a report: one row per comparison of a comparisons frame
    /// (<see cref="ResultFrames.Comparisons(string)"/>) with the claim, the difference a - b and its interval as
    /// "d [lo, hi]" (3 significant digits; the header gives the level), the number of pairs, the test's p ("&lt; 0.0001"
    /// below that) and the verdict in words ("supported", "not supported", "undecided"). Missing values show as "n/a".</summary>
    /// <exception cref="ArgumentException">The frame lacks one of the columns claim, difference, lo, hi, level, n, p,
    /// verdict.</exception>
    public static ResultTable ToClaimsTable(this DataFrame comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        string[] needed = ["claim", "difference", "lo", "hi", "level", "n", "p", "verdict"];
        var names = comparisons.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = needed.Where(n => !names.Contains(n)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"comparisons: missing column(s) {string.Join(", ", missing)}; expected a frame of ResultFrames.Comparisons", nameof(comparisons));
        double? Number(string column, long row) => comparisons[column][row] switch { double d => d, long l => l, _ => null };
        var levels = Enumerable.Range(0, (int)comparisons.Rows.Count).Select(r => Number("level", r)).Where(l => l.HasValue).Distinct().ToList();
        var header = levels.Count == 1 ? string.Create(CultureInfo.InvariantCulture, $"difference [{levels[0]!.Value * 100:0.#} % interval]") : "difference [interval]";
        var table = new ResultTable("claim", header, "n", "p", "verdict");
        for (long r = 0; r < comparisons.Rows.Count; r++)
        {
            var p = Number("p", r);
            var pText = p is null || double.IsNaN(p.Value) ? "n/a" : p < 1e-4 ? "< 0.0001" : p.Value.ToString("G3", CultureInfo.InvariantCulture);
            table.AddRow(comparisons["claim"][r] as string, $"{G3(Number("difference", r))} [{G3(Number("lo", r))}, {G3(Number("hi", r))}]",
                Number("n", r) is { } n ? (long)n : null, pText, (comparisons["verdict"][r] as string)?.Replace('_', ' '));
        }
        return table;
    }

    private static string G3(double? v) => v is null || double.IsNaN(v.Value) ? "n/a" : v.Value.ToString("G3", CultureInfo.InvariantCulture);
}
