using System.Globalization;
using System.Text.Json.Nodes;

namespace EarthEmbed.Viz.Charts;

/// <summary>Plain arrays to plotly.js JSON: NaN and infinities become null (plotly.js leaves a gap), dates ISO 8601.</summary>
internal static class Json
{
    internal static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    internal static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Number).ToArray());

    internal static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    internal static JsonArray Dates(IEnumerable<DateTime> values) => new(values.Select(d => (JsonNode?)JsonValue.Create(
        d.TimeOfDay == TimeSpan.Zero
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).ToArray());

    /// <summary>Rows of a 2-D array, row 0 first (plotly.js draws it at the bottom unless the y axis is reversed).</summary>
    internal static JsonArray Rows(double[,] z)
    {
        var rows = new JsonNode?[z.GetLength(0)];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new JsonNode?[z.GetLength(1)];
            for (var c = 0; c < row.Length; c++) row[c] = Number(z[r, c]);
            rows[r] = new JsonArray(row);
        }
        return new JsonArray(rows);
    }

    internal static JsonArray Colorscale(Colors.Colormap map) =>
        new(map.ToPlotlyColorscale().Select(s => (JsonNode?)new JsonArray(s.Position, s.Color)).ToArray());

    internal static void CheckSameLength(int expected, int actual, string name)
    {
        if (expected != actual)
            throw new ArgumentException($"{name}: expected {expected} values (the length of x), got {actual}", name);
    }

    /// <summary>"label (unit)", or the label alone when there is no unit.</summary>
    internal static string AxisTitle(string label, string? unit) => string.IsNullOrEmpty(unit) ? label : $"{label} ({unit})";
}
