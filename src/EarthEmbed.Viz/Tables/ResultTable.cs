using System.Globalization;
using System.Net;
using System.Text;
using EarthEmbed.Viz.Display;

namespace EarthEmbed.Viz.Tables;

/// <summary>A table of results (rows of values under named columns) with a .NET format string per column, shown
/// as an HTML table that pages past <see cref="PageSize"/> rows, as aligned text, and exported as CSV.</summary>
public sealed class ResultTable : HtmlDisplay
{
    private readonly List<object?[]> _rows = [];
    private readonly string?[] _formats;

    /// <summary>An empty table with these column names.</summary>
    public ResultTable(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("columns: give at least one column name", nameof(columns));
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"columns: \"{duplicate.Key}\" appears twice", nameof(columns));
        Columns = columns;
        _formats = new string?[columns.Length];
    }

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Rows per page in HTML (25 by default); the pager appears when there are more.</summary>
    public int PageSize { get; set; } = 25;

    /// <summary>A line shown above the table (HTML caption, first line of the text form), e.g. "first 1000 of 5000 rows".</summary>
    public string? Caption { get; set; }

    /// <summary>The raw value in a cell.</summary>
    public object? this[int row, string column] => _rows[row][IndexOf(column)];

    /// <summary>Adds a row with one value per column (numbers, strings, dates, null for empty).</summary>
    public ResultTable AddRow(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Columns.Count)
            throw new ArgumentException($"row {_rows.Count + 1}: expected {Columns.Count} values ({string.Join(", ", Columns)}), got {values.Length}", nameof(values));
        _rows.Add(values);
        return this;
    }

    /// <summary>Sets how <paramref name="column"/> is shown: a .NET format string such as "0.000", "N0", "P1" or
    /// "yyyy-MM-dd" (CSV export keeps the full values).</summary>
    public ResultTable Format(string column, string format)
    {
        _formats[IndexOf(column)] = format;
        return this;
    }

    /// <summary>A table with one column per public property of <typeparamref name="T"/> and one row per record.</summary>
    public static ResultTable FromRecords<T>(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var properties = typeof(T).GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        var table = new ResultTable(properties.Select(p => p.Name).ToArray());
        foreach (var record in records) table.AddRow(properties.Select(p => p.GetValue(record)).ToArray());
        return table;
    }

    /// <summary>A table from columns of values, such as a DataFrame's (see EarthEmbed.Viz.Frames.FrameTables), showing
    /// at most <paramref name="maxRows"/> rows; when there are more, <see cref="Caption"/> says how many were left out.</summary>
    /// <param name="columns">Each column's name and values (all of one length).</param>
    /// <param name="maxRows">The most rows to keep (HTML pages them by <see cref="PageSize"/>).</param>
    public static ResultTable FromColumns(IReadOnlyList<(string Name, IReadOnlyList<object?> Values)> columns, int maxRows = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var table = new ResultTable(columns.Select(c => c.Name).ToArray());
        var rows = columns.Count == 0 ? 0 : columns[0].Values.Count;
        var bad = columns.FirstOrDefault(c => c.Values.Count != rows);
        if (bad.Values != null) throw new ArgumentException($"columns: \"{bad.Name}\" has {bad.Values.Count} values, \"{columns[0].Name}\" has {rows}", nameof(columns));
        var shown = Math.Min(rows, maxRows);
        for (var r = 0; r < shown; r++) table.AddRow(columns.Select(c => c.Values[r]).ToArray());
        if (shown < rows) table.Caption = string.Create(CultureInfo.InvariantCulture, $"the first {shown} of {rows} rows");
        return table;
    }

    /// <summary>The text shown for a cell: its column's format applied (invariant culture), empty for null, NaN as "NaN".</summary>
    public string FormatCell(int row, int column)
    {
        var value = _rows[row][column];
        var format = _formats[column];
        return value switch
        {
            null => string.Empty,
            IFormattable f when format != null => f.ToString(format, CultureInfo.InvariantCulture),
            double d => d.ToString("G6", CultureInfo.InvariantCulture),
            float f => f.ToString("G6", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>RFC 4180 CSV: a header line, then one line per row with full-precision values (invariant culture,
    /// dates ISO 8601); fields with commas, quotes or line breaks are quoted.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(",", Columns.Select(Quote))).Append("\r\n");
        foreach (var row in _rows) csv.Append(string.Join(",", row.Select(v => Quote(Raw(v))))).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> (UTF-8, no byte order mark).</summary>
    public void SaveCsv(string path) => File.WriteAllText(path, ToCsv(), new UTF8Encoding(false));

    /// <summary>An HTML table (numbers right-aligned). Past <see cref="PageSize"/> rows, later pages are hidden and a
    /// pager switches between them; a link downloads the whole table as CSV.</summary>
    public override string ToHtml()
    {
        var id = "earthembed-table-" + Guid.NewGuid().ToString("N")[..12];
        var pages = Math.Max(1, (RowCount + PageSize - 1) / PageSize);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"earthembed-table-block\"><table id=\"{id}\" class=\"earthembed-table\">");
        if (Caption != null) html.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var c in Columns) html.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (var r = 0; r < RowCount; r++)
        {
            var page = r / PageSize;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-page=\"{page}\"{(page > 0 ? " style=\"display:none\"" : "")}>");
            for (var c = 0; c < Columns.Count; c++)
            {
                var numeric = _rows[r][c] is double or float or decimal or int or long or short or byte or uint or ulong;
                html.Append(numeric ? "<td class=\"num\">" : "<td>").Append(WebUtility.HtmlEncode(FormatCell(r, c))).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table><div class=\"earthembed-pager\">");
        if (pages > 1)
        {
            html.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" data-step=\"-1\">&lsaquo; previous</button><span class=\"earthembed-page\">rows 1-{PageSize} of {RowCount}</span><button type=\"button\" data-step=\"1\">next &rsaquo;</button> ");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<span>{RowCount} row{(RowCount == 1 ? "" : "s")}</span> ");
        }
        html.Append(CultureInfo.InvariantCulture, $"<a download=\"table.csv\" href=\"data:text/csv;charset=utf-8,{Uri.EscapeDataString(ToCsv())}\">CSV</a></div></div>");
        if (pages > 1)
        {
            html.Append(CultureInfo.InvariantCulture, $$"""
                <script type="text/javascript">(function () {
                  var table = document.getElementById("{{id}}"), pager = table.nextElementSibling, page = 0, pages = {{pages}}, size = {{PageSize}}, total = {{RowCount}};
                  pager.querySelectorAll("button").forEach(function (button) {
                    button.addEventListener("click", function () {
                      page = Math.min(pages - 1, Math.max(0, page + Number(button.getAttribute("data-step"))));
                      table.querySelectorAll("tbody tr").forEach(function (row) { row.style.display = Number(row.getAttribute("data-page")) === page ? "" : "none"; });
                      pager.querySelector(".earthembed-page").textContent = "rows " + (page * size + 1) + "-" + Math.min(total, (page + 1) * size) + " of " + total;
                    });
                  });
                })();</script>
                """);
        }
        return html.ToString();
    }

    /// <summary>The first page as aligned plain text (the text/plain form in a notebook).</summary>
    public override string ToString()
    {
        var shown = Math.Min(RowCount, PageSize);
        var cells = Enumerable.Range(0, shown).Select(r => Enumerable.Range(0, Columns.Count).Select(c => FormatCell(r, c)).ToArray()).ToArray();
        var widths = Enumerable.Range(0, Columns.Count).Select(c => cells.Select(row => row[c].Length).Prepend(Columns[c].Length).Max()).ToArray();
        var text = new StringBuilder();
        if (Caption != null) text.AppendLine(Caption);
        text.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells) text.AppendLine(string.Join("  ", row.Select((v, i) => v.PadLeft(widths[i]))).TrimEnd());
        if (RowCount > shown) text.AppendLine(CultureInfo.InvariantCulture, $"... {RowCount - shown} more rows ({RowCount} in all)");
        return text.ToString();
    }

    private int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i] == column) return i;
        throw new ArgumentException($"column: no column \"{column}\"; the table has {string.Join(", ", Columns)}", nameof(column));
    }

    private static string Raw(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
