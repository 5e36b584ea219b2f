using System.Text;

namespace EarthEmbed.Geo;

/// <summary>Fields of one CSV line (RFC 4180 quoting: a quoted field may hold the separator, and "" inside quotes is
/// a quote) and the quoting that writes them back. The one splitter for every reader above Geo: the hydrology loaders
/// (CAMELS attribute tables with ';', the generic layout), and Viz's result frames.</summary>
public static class CsvFields
{
    /// <summary>Splits <paramref name="line"/> on <paramref name="separator"/>, honouring double quotes.</summary>
    public static string[] Split(string line, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>Quotes <paramref name="field"/> when it holds the separator, a quote or a line break.</summary>
    public static string Quote(string field, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.IndexOfAny([separator, '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
