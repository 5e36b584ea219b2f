using System.Globalization;
using System.Text;

namespace EarthEmbed.Data.Hydrology.Formats;

/// <summary>Shared pieces of the text-format readers: locale-independent numbers, missing-value tokens, CSV fields
/// with quotes, and errors that name the file and line (<c>path:line: message</c>), so a broken record in a
/// 12,000-line file can be found at once.</summary>
public static class TextRecords
{
    /// <summary>Tokens read as a missing value (NaN) in CSV and attribute tables.</summary>
    public static IReadOnlySet<string> DefaultMissing { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "", "NA", "N/A", "NaN", "null", "None", "-nan" };

    /// <summary>Parses an invariant-culture number; missing tokens give NaN; anything else returns false.</summary>
    public static bool TryParse(string token, IReadOnlySet<string> missing, out double value)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(missing);
        var t = token.Trim();
        if (missing.Contains(t))
        {
            value = double.NaN;
            return true;
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses a number or throws an <see cref="InvalidDataException"/> naming the file, line and column.</summary>
    public static double Parse(string token, IReadOnlySet<string> missing, string path, int line, string column) =>
        TryParse(token, missing, out var v) ? v : throw Error(path, line, $"column '{column}': '{token}' is not a number");

    /// <summary>Parses an integer field (year, month, day) or throws naming the file, line and column.</summary>
    public static int ParseInt(string token, string path, int line, string column) =>
        int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw Error(path, line, $"column '{column}': '{token}' is not an integer");

    /// <summary>A calendar date from year, month and day fields, or an error naming the file and line (e.g. 29
    /// February of a common year).</summary>
    public static DateOnly Date(int year, int month, int day, string path, int line)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            throw Error(path, line, $"{year:D4}-{month:D2}-{day:D2} is not a calendar date");
        return new DateOnly(year, month, day);
    }

    /// <summary>Parses an ISO date (yyyy-MM-dd, optionally followed by a time, which is ignored) or throws naming the
    /// file and line.</summary>
    public static DateOnly ParseDate(string token, string path, int line)
    {
        ArgumentNullException.ThrowIfNull(token);
        var t = token.Trim();
        if (t.Length > 10 && (t[10] == ' ' || t[10] == 'T')) t = t[..10];
        return DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw Error(path, line, $"'{token}' is not a date of the form yyyy-MM-dd");
    }

    /// <summary>Splits on runs of spaces and tabs.</summary>
    public static string[] SplitWhitespace(string line) =>
        line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A number as round-trip invariant text; NaN as an empty field (how Caravan writes missing values).</summary>
    public static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A float32 number as round-trip invariant text; NaN as an empty field.</summary>
    public static string Format(float value) => float.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An error for line <paramref name="line"/> (1-based) of <paramref name="path"/>.</summary>
    public static InvalidDataException Error(string path, int line, string message) => new($"{path}:{line}: {message}");

    /// <summary>The lines of a file with 1-based numbers, or a <see cref="FileNotFoundException"/> naming what the file
    /// was expected to hold.</summary>
    public static IEnumerable<(int Number, string Text)> Lines(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} '{path}' does not exist", path);
        return File.ReadLines(path).Select((text, i) => (i + 1, text));
    }
}
