using EarthEmbed.Geo;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Viz.Frames;

/// <summary>Loads a run's results as <see cref="DataFrame"/>s (Microsoft.Data.Analysis) for filtering, grouping and
/// plotting in a notebook: metrics.json, per-site and per-bin CSVs, training histories (CSV or JSON). It knows the
/// generic shapes only, never a paper: metrics.json is
/// <c>{"experiment", "data", "models": {model: {split: {metric: value}}}, "paper": {same}}</c>, and a CSV
/// is any header line plus rows. Numbers load as <see cref="double"/> (whole numbers as <see cref="long"/>), never as
/// <see cref="float"/> as <see cref="DataFrame.LoadCsv(string, char, bool, string[], Type[], int, int, bool, Encoding, bool, CultureInfo)"/>
/// does unless told the types; an empty field or a JSON null is a missing value.</summary>
/// <remarks>A DataFrame shows as an HTML table in both notebook kernels: .NET Interactive formats it with the package's
/// own formatter (load it with <c>#r "nuget: Microsoft.Data.Analysis, 0.23.1"</c>), EarthEmbed's runner and kernel by
/// their display contract. <see cref="FrameTables.ToResultTable"/> gives the same table for reports.</remarks>
public static partial class ResultFrames
{
    /// <summary>The column that says whose numbers a metrics row holds: "ours" (models) or "paper".</summary>
    public const string SourceColumn = "source";

    /// <summary>metrics.json as one row per (source, model, split) and one column per metric (sorted by name): the
    /// table a paper shows. <c>source</c> is "ours" for the "models" section and "paper" for the "paper" section; a
    /// metric a row lacks is missing. A metric given as an object (an interval <c>{"low": .., "high": ..}</c>,
    /// repeats) becomes one column per key, named <c>metric.key</c>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not JSON, or a section not shaped model → split → metric; the message
    /// names the file and the JSON path.</exception>
    public static DataFrame Metrics(string path) => Wide(MetricRows(path));

    /// <summary><see cref="Metrics(string)"/> for metrics.json's text still in memory (a report a notebook has not
    /// written yet: <c>report.ToFrame()</c> in the science library calls this); <paramref name="source"/> names it
    /// in errors.</summary>
    public static DataFrame MetricsFromJson(string json, string source = "metrics.json") => Wide(MetricRows(json, source));

    private static DataFrame Wide(List<MetricRow> rows)
    {
        var metrics = rows.SelectMany(r => r.Values.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn(SourceColumn, rows.Select(r => r.Source)),
            new StringDataFrameColumn("model", rows.Select(r => r.Model)),
            new StringDataFrameColumn("split", rows.Select(r => r.Split)),
        };
        foreach (var metric in metrics)
            columns.Add(new DoubleDataFrameColumn(metric, rows.Select(r => r.Values.TryGetValue(metric, out var v) ? v : null)));
        return new DataFrame(columns);
    }

    /// <summary>metrics.json in long ("tidy") form: one row per (source, model, split, metric) with its
    /// <c>value</c>, for grouping and charts (<c>frame.GroupBy("metric")</c>).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not JSON or not shaped as the contract says.</exception>
    public static DataFrame MetricsLong(string path) => Long(MetricRows(path));

    /// <summary><see cref="MetricsLong(string)"/> for metrics.json's text still in memory.</summary>
    public static DataFrame MetricsLongFromJson(string json, string source = "metrics.json") => Long(MetricRows(json, source));

    private static DataFrame Long(List<MetricRow> rows)
    {
        var cells = rows.SelectMany(r => r.Values.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => (r.Source, r.Model, r.Split, Metric: v.Key, v.Value))).ToList();
        return new DataFrame(
            new StringDataFrameColumn(SourceColumn, cells.Select(c => c.Source)),
            new StringDataFrameColumn("model", cells.Select(c => c.Model)),
            new StringDataFrameColumn("split", cells.Select(c => c.Split)),
            new StringDataFrameColumn("metric", cells.Select(c => c.Metric)),
            new DoubleDataFrameColumn("value", cells.Select(c => c.Value)));
    }

    /// <summary>Any CSV with a header line (per-site scores, per-bin biases, a history): each column typed by all of
    /// its values (long when every value is a whole number, double when every value is a number (NaN and Infinity
    /// included), bool for true/false, DateTime for ISO dates, string otherwise); empty fields are missing.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">No header line, or a row with more fields than the header.</exception>
    public static DataFrame Csv(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        var header = File.ReadLines(path).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(header)) throw new InvalidDataException($"{path}: no header line (expected column names on line 1)");
        var count = CsvFields.Split(header).Length;
        DataFrame raw;
        try
        {
            // Every column as text first: the package would guess types from the first rows only, and read numbers as float.
            raw = DataFrame.LoadCsv(path, dataTypes: Enumerable.Repeat(typeof(string), count).ToArray(), cultureInfo: CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a CSV table with {count} columns: {e.Message}", e);
        }
        return new DataFrame(raw.Columns.Select(c => FrameColumns.Typed(c.Name, Strings(c))));
    }

    /// <summary>A training history: a CSV (as <see cref="Csv"/>), a JSON array of records, or a JSON object holding
    /// one array of records (such as the trainer's <c>{"Epochs": [{"Epoch": 0, "TrainLoss": ..}, ..], "BestEpoch": ..}</c>):
    /// one row per record, one column per field (the union of the records' fields, in order of appearance).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">JSON without an array of records.</exception>
    public static DataFrame History(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return Csv(path);
        var root = Parse(path);
        var records = root as JsonArray
            ?? (root as JsonObject)?.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault(a => a.All(i => i is JsonObject))
            ?? throw new InvalidDataException($"{path}: expected a JSON array of records, or an object holding one (such as {{\"Epochs\": [...]}})");
        return Records(records.Select((r, i) => r as JsonObject ?? throw new InvalidDataException($"{path}: record {i + 1} is not a JSON object")).ToList());
    }

    /// <summary>JSON records (objects of scalar fields) as a frame: the union of their fields as columns.</summary>
    internal static DataFrame Records(IReadOnlyList<JsonObject> records)
    {
        var names = records.SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
        return new DataFrame(names.Select(n => FrameColumns.Typed(n, records.Select(r => Scalar(r[n])).ToList())));
    }

    private sealed record MetricRow(string Source, string Model, string Split, Dictionary<string, double?> Values);

    private static List<MetricRow> MetricRows(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return MetricRows(Parse(path), path);
    }

    private static List<MetricRow> MetricRows(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return MetricRows(JsonNode.Parse(json), source);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    private static List<MetricRow> MetricRows(JsonNode? parsed, string path)
    {
        var root = parsed as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object (metrics.json)");
        var rows = new List<MetricRow>();
        foreach (var (section, source) in new[] { ("models", "ours"), ("paper", "paper") })
        {
            if (root[section] is null) continue;
            var models = root[section] as JsonObject ?? throw Shape(path, section, "an object of models");
            foreach (var (model, splits) in models)
            {
                var splitObject = splits as JsonObject ?? throw Shape(path, $"{section}.{model}", "an object of splits");
                foreach (var (split, metrics) in splitObject)
                {
                    var values = new Dictionary<string, double?>(StringComparer.Ordinal);
                    Flatten(path, $"{section}.{model}.{split}", "", metrics, values);
                    rows.Add(new MetricRow(source, model, split, values));
                }
            }
        }
        return rows;
    }

    /// <summary>Metric values: numbers and nulls as they are, objects one level down as metric.key.</summary>
    private static void Flatten(string path, string at, string prefix, JsonNode? node, Dictionary<string, double?> values)
    {
        var metrics = node as JsonObject ?? throw Shape(path, at, "an object of metric values");
        foreach (var (name, value) in metrics)
        {
            var key = prefix + name;
            switch (value)
            {
                case null:
                    values[key] = null;
                    break;
                case JsonObject when prefix.Length == 0:
                    Flatten(path, $"{at}.{name}", key + ".", value, values);
                    break;
                case JsonValue v when v.TryGetValue<double>(out var d):
                    values[key] = d;
                    break;
                default:
                    throw Shape(path, $"{at}.{name}", "a number, null or an object of numbers");
            }
        }
    }

    private static JsonNode? Parse(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    private static InvalidDataException Shape(string path, string at, string expected) =>
        new($"{path}: \"{at}\" should be {expected} ({{\"models\": {{model: {{split: {{metric: value}}}}}}}})");

    private static string? Scalar(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    private static List<string?> Strings(DataFrameColumn column)
    {
        var values = new List<string?>((int)column.Length);
        for (long i = 0; i < column.Length; i++) values.Add(column[i] as string);
        return values;
    }
}
