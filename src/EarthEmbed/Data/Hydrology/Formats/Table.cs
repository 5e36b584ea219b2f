namespace EarthEmbed.Data.Hydrology.Formats;

/// <summary>Rows of one or more CSV files joined on an id column (the attribute tables of the generic layout):
/// fields are kept as text until the reader knows whether a column is numeric. Errors name the file and line.</summary>
internal sealed class Table(string idColumn)
{
    private readonly Dictionary<string, Dictionary<string, string>> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);
    private readonly List<string> ids = [];

    /// <summary>Columns other than the id, in first-seen order.</summary>
    public List<string> Columns { get; } = [];

    /// <summary>Row ids in first-seen order.</summary>
    public IReadOnlyList<string> Ids => ids;

    /// <summary>Reads a CSV file and joins its columns to the rows read so far.</summary>
    public void Add(string path, IReadOnlySet<string> missing)
    {
        string[]? header = null;
        var idCol = -1;
        foreach (var (n, text) in TextRecords.Lines(path, "attribute file"))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var f = TextRecords.SplitCsv(text.TrimEnd('\r')).Select(x => x.Trim()).ToArray();
            if (header is null)
            {
                header = f;
                idCol = Array.IndexOf(header, idColumn);
                if (idCol < 0) throw TextRecords.Error(path, n, $"no id column '{idColumn}' (found: {string.Join(", ", header)})");
                foreach (var c in header.Where((_, i) => i != idCol))
                {
                    if (Columns.Contains(c)) throw TextRecords.Error(path, n, $"column '{c}' is already defined by an earlier attribute file or appears twice");
                    Columns.Add(c);
                }
                continue;
            }
            if (f.Length != header.Length) throw TextRecords.Error(path, n, $"expected {header.Length} fields, got {f.Length}");
            var id = f[idCol];
            if (missing.Contains(id)) throw TextRecords.Error(path, n, $"empty {idColumn}");
            if (!rows.TryGetValue(id, out var row))
            {
                rows[id] = row = new Dictionary<string, string>(StringComparer.Ordinal);
                lines[id] = n;
                ids.Add(id);
            }
            for (var c = 0; c < f.Length; c++)
                if (c != idCol && !row.TryAdd(header[c], f[c])) throw TextRecords.Error(path, n, $"{idColumn} '{id}' appears twice");
        }
        if (header is null) throw TextRecords.Error(path, 1, "the file is empty (no header)");
    }

    /// <summary>The field of row <paramref name="id"/> in column <paramref name="column"/>; empty if that file had no row.</summary>
    public string Get(string id, string column) =>
        rows.TryGetValue(id, out var row) && row.TryGetValue(column, out var v) ? v : "";

    /// <summary>The line where row <paramref name="id"/> first appeared (for errors).</summary>
    public int LineOf(string id) => lines.GetValueOrDefault(id);
}
