using EarthEmbed.Geo;
namespace EarthEmbed.Data.Hydrology.Formats;

/// <summary>The static attributes of one basin read from the CAMELS tables: numbers with their group, and text
/// values (gauge name, HUC code, dominant land cover, geological class) as labels.</summary>
/// <param name="Attributes">Numeric attributes in table and column order.</param>
/// <param name="Labels">Text attributes by column name.</param>
public sealed record CamelsBasinAttributes(IReadOnlyList<StaticAttribute> Attributes, IReadOnlyDictionary<string, string> Labels);

/// <summary>Reader for the CAMELS-US attribute tables (Addor et al. 2017, "camels_attributes_v2.0"):
/// <c>camels_&lt;group&gt;.txt</c>, fields separated by ';', a header row, keyed by <c>gauge_id</c>. Groups: topo, soil,
/// geol, vege, clim, hydro (signatures computed from streamflow) and name. A column is numeric when every
/// non-missing value parses as a number (NA and empty are missing), otherwise it is a label; every column of the
/// name table is a label, so HUC codes keep their leading zeros.</summary>
public static class CamelsAttributes
{
    /// <summary>The CAMELS attribute groups and the group each maps to (name → labels only).</summary>
    public static IReadOnlyDictionary<string, AttributeGroup> Groups { get; } = new Dictionary<string, AttributeGroup>
    {
        ["topo"] = AttributeGroup.Topography, ["soil"] = AttributeGroup.Soil, ["geol"] = AttributeGroup.Geology,
        ["vege"] = AttributeGroup.Vegetation, ["clim"] = AttributeGroup.Climate, ["hydro"] = AttributeGroup.Hydrology,
        ["name"] = AttributeGroup.Other,
    };

    /// <summary>Reads <c>camels_&lt;group&gt;.txt</c> for each of <paramref name="groups"/> found in
    /// <paramref name="folder"/> (absent tables are skipped; if none is found the error lists what was looked for).
    /// Returns the attributes by gauge id; a basin missing from one table gets NaN for that table's numbers.</summary>
    public static IReadOnlyDictionary<string, CamelsBasinAttributes> Read(string folder, IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(groups);
        var tables = new List<(AttributeGroup Group, bool Labels, string[] Columns, bool[] Numeric, Dictionary<string, string[]> Rows)>();
        var wanted = groups.ToList();
        foreach (var g in wanted)
        {
            if (!Groups.TryGetValue(g, out var group))
                throw new ArgumentException($"unknown CAMELS attribute group '{g}' (known: {string.Join(", ", Groups.Keys)})", nameof(groups));
            var path = Path.Combine(folder, $"camels_{g}.txt");
            if (!File.Exists(path)) continue;
            var (columns, rows) = ReadTable(path);
            var numeric = new bool[columns.Length];
            for (var c = 1; c < columns.Length; c++)
                numeric[c] = g != "name" && rows.Values.All(r => TextRecords.TryParse(r[c], TextRecords.DefaultMissing, out _));
            tables.Add((group, g == "name", columns, numeric, rows));
        }
        if (tables.Count == 0)
            throw new FileNotFoundException($"no CAMELS attribute table in '{folder}' (looked for {string.Join(", ", wanted.Select(g => $"camels_{g}.txt"))})");

        var ids = tables.SelectMany(t => t.Rows.Keys).Distinct().Order(StringComparer.Ordinal);
        var result = new Dictionary<string, CamelsBasinAttributes>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var attributes = new List<StaticAttribute>();
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in tables)
            {
                t.Rows.TryGetValue(id, out var row);
                for (var c = 1; c < t.Columns.Length; c++)
                {
                    if (t.Numeric[c])
                    {
                        var v = double.NaN;
                        if (row is not null) TextRecords.TryParse(row[c], TextRecords.DefaultMissing, out v);
                        attributes.Add(new StaticAttribute(t.Columns[c], t.Group, v));
                    }
                    else if (row is not null && !TextRecords.DefaultMissing.Contains(row[c].Trim()))
                    {
                        labels[t.Columns[c]] = row[c].Trim();
                    }
                }
            }
            result[id] = new CamelsBasinAttributes(attributes, labels);
        }
        return result;
    }

    /// <summary>A gauge id as CAMELS writes it: eight digits with leading zeros (tables written by spreadsheet or
    /// pandas tools often lose them).</summary>
    public static string NormalizeGaugeId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var t = id.Trim();
        return t.Length is > 0 and < 8 && t.All(char.IsAsciiDigit) ? t.PadLeft(8, '0') : t;
    }

    private static (string[] Columns, Dictionary<string, string[]> Rows) ReadTable(string path)
    {
        string[]? columns = null;
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (n, text) in TextRecords.Lines(path, "CAMELS attribute table"))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var fields = CsvFields.Split(text.TrimEnd('\r'), ';').Select(f => f.Trim()).ToArray();
            if (columns is null)
            {
                columns = fields;
                if (columns[0] != "gauge_id") throw TextRecords.Error(path, n, $"the first column must be 'gauge_id', got '{columns[0]}'");
                var dup = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
                if (dup is not null) throw TextRecords.Error(path, n, $"column '{dup.Key}' appears twice");
                continue;
            }
            if (fields.Length != columns.Length)
                throw TextRecords.Error(path, n, $"expected {columns.Length} fields separated by ';' ({string.Join(";", columns)}), got {fields.Length}");
            var id = NormalizeGaugeId(fields[0]);
            if (!rows.TryAdd(id, fields)) throw TextRecords.Error(path, n, $"gauge_id {id} appears twice");
        }
        return columns is null ? throw TextRecords.Error(path, 1, "the table is empty (no header)") : (columns, rows);
    }
}
