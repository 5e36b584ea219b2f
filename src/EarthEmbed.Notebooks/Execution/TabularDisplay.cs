using System.Collections;
using System.Reflection;
using EarthEmbed.Viz.Tables;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>The display contract for column stores: an object with a public <c>Columns</c> collection whose items
/// each have a <c>string Name</c>, a <c>long Length</c> and an indexer <c>this[long row]</c> (the shape of
/// Microsoft.Data.Analysis's DataFrame) shows as EarthEmbed's HTML table. Read by reflection, so the runner needs no
/// reference to the package, and a DataFrame from any copy of it (a <c>#r</c> by path, a <c>#r "nuget:"</c>) shows.</summary>
internal static class TabularDisplay
{
    /// <summary>The most rows shown; the table's caption says how many more there are.</summary>
    internal const int MaxRows = 1000;

    /// <summary>The table of <paramref name="value"/>, or null when it is not shaped as a column store.</summary>
    internal static ResultTable? TryTable(object value)
    {
        if (value.GetType().GetProperty("Columns", BindingFlags.Public | BindingFlags.Instance)?.GetValue(value) is not IEnumerable columns) return null;
        var read = new List<(string Name, IReadOnlyList<object?> Values)>();
        long rows = -1;
        foreach (var column in columns)
        {
            if (column is null) return null;
            var type = column.GetType();
            var name = type.GetProperty("Name", typeof(string))?.GetValue(column) as string;
            var length = type.GetProperty("Length", typeof(long))?.GetValue(column) as long?;
            var indexer = type.GetProperty("Item", typeof(object), [typeof(long)]);
            if (name is null || length is null || indexer is null || (rows >= 0 && length != rows)) return null;
            rows = length.Value;
            var shown = (int)Math.Min(rows, MaxRows);
            var values = new object?[shown];
            for (var r = 0; r < shown; r++) values[r] = indexer.GetValue(column, [(long)r]);
            read.Add((name, values));
        }
        if (read.Count == 0) return null;
        var table = ResultTable.FromColumns(read);
        if (rows > MaxRows) table.Caption = $"the first {MaxRows} of {rows} rows";
        return table;
    }
}
