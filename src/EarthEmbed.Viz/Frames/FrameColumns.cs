using System.Globalization;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Viz.Frames;

/// <summary>Turns a column of text values into a typed DataFrame column, choosing the type from every value (not
/// the first rows): long, double, bool, DateTime, or string, in that order of preference. Empty and null values are
/// missing and do not vote.</summary>
internal static class FrameColumns
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    internal static DataFrameColumn Typed(string name, IReadOnlyList<string?> values)
    {
        var present = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!.Trim()).ToList();
        if (present.Count > 0 && present.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            return new Int64DataFrameColumn(name, values.Select(v => Missing(v) ? (long?)null : long.Parse(v!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
        if (present.Count > 0 && present.All(v => TryDouble(v, out _)))
            return new DoubleDataFrameColumn(name, values.Select(v => Missing(v) ? (double?)null : TryDouble(v!, out var d) ? d : null));
        if (present.Count > 0 && present.All(v => bool.TryParse(v, out _)))
            return new BooleanDataFrameColumn(name, values.Select(v => Missing(v) ? (bool?)null : bool.Parse(v!)));
        if (present.Count > 0 && present.All(v => TryDate(v, out _)))
            return new DateTimeDataFrameColumn(name, values.Select(v => Missing(v) ? (DateTime?)null : TryDate(v!, out var t) ? t : null));
        return new StringDataFrameColumn(name, values.Select(v => Missing(v) ? null : v));
    }

    private static bool Missing(string? value) => string.IsNullOrEmpty(value);

    private static bool TryDouble(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool TryDate(string text, out DateTime value) =>
        DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
}
