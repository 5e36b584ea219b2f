using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Viz.Frames;

public static partial class ResultFrames
{
    /// <summary>The columns of <see cref="Intervals(string)"/>, in order.</summary>
    public static readonly IReadOnlyList<string> IntervalColumns = ["model", "split", "metric", "estimate", "lo", "hi", "sd", "n", "kind", "level"];

    /// <summary>The columns of <see cref="Comparisons(string)"/>, in order.</summary>
    public static readonly IReadOnlyList<string> ComparisonColumns =
        ["claim", "a", "b", "split", "metric", "direction", "unit", "n", "center", "difference", "lo", "hi", "level", "test", "statistic", "p", "margin", "alpha", "verdict"];

    /// <summary>metrics.json's <c>"intervals"</c> section ({model: {split: {metric: {"estimate", "lo", "hi", "sd", "n",
    /// "kind", "level"}}}}) as one row per (model, split, metric) with the columns of <see cref="IntervalColumns"/>;
    /// no rows when the file has no such section. The meaning of the keys is the science's (docs/statistics.md).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not JSON, or the section is not shaped so; the message names the file.</exception>
    public static DataFrame Intervals(string path) => IntervalsFromJson(ReadText(path), path);

    /// <summary><see cref="Intervals(string)"/> for metrics.json's text in memory.</summary>
    public static DataFrame IntervalsFromJson(string json, string source = "metrics.json")
    {
        var rows = new List<JsonObject>();
        foreach (var (model, split, metric, leaf) in Leaves(Root(json, source), "intervals", source))
            rows.Add(With(leaf, ("model", model), ("split", split), ("metric", metric)));
        return Fixed(rows, IntervalColumns, text: ["model", "split", "metric", "kind"], whole: ["n"], source, "intervals");
    }

    /// <summary>metrics.json's <c>"comparisons"</c> array (one record per claim) as one row per claim with the
    /// columns of <see cref="ComparisonColumns"/>; no rows when the file has none.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not JSON, or "comparisons" is not an array of objects.</exception>
    public static DataFrame Comparisons(string path) => ComparisonsFromJson(ReadText(path), path);

    /// <summary><see cref="Comparisons(string)"/> for metrics.json's text in memory.</summary>
    public static DataFrame ComparisonsFromJson(string json, string source = "metrics.json")
    {
        var root = Root(json, source);
        var rows = root["comparisons"] switch
        {
            null => [],
            JsonArray a => a.Select((n, i) => n as JsonObject ?? throw new InvalidDataException($"{source}: \"comparisons[{i}]\" should be an object")).ToList(),
            _ => throw new InvalidDataException($"{source}: \"comparisons\" should be an array of objects"),
        };
        return Fixed(rows, ComparisonColumns, text: ["claim", "a", "b", "split", "metric", "direction", "unit", "center", "test", "verdict"],
            whole: ["n"], source, "comparisons");
    }

    /// <summary>metrics.json's <c>"repeats"</c> section ({model: {split: {metric: {"unit", "labels": [..], "values":
    /// [..]}}}}) in long form: one row per (model, split, metric, label) with <c>unit</c> and <c>value</c>, for
    /// per-seed or per-site charts; no rows when the file has none.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not JSON, or labels and values of different lengths.</exception>
    public static DataFrame Repeats(string path) => RepeatsFromJson(ReadText(path), path);

    /// <summary><see cref="Repeats(string)"/> for metrics.json's text in memory.</summary>
    public static DataFrame RepeatsFromJson(string json, string source = "metrics.json")
    {
        var rows = new List<(string Model, string Split, string Metric, string? Unit, string? Label, double? Value)>();
        foreach (var (model, split, metric, leaf) in Leaves(Root(json, source), "repeats", source))
        {
            var at = $"repeats.{model}.{split}.{metric}";
            var labels = leaf["labels"] as JsonArray ?? throw Shape(source, at + ".labels", "an array of labels");
            var values = leaf["values"] as JsonArray ?? throw Shape(source, at + ".values", "an array of numbers");
            if (labels.Count != values.Count)
                throw new InvalidDataException($"{source}: \"{at}\" has {labels.Count} labels but {values.Count} values");
            for (var i = 0; i < labels.Count; i++)
                rows.Add((model, split, metric, Scalar(leaf["unit"]), Scalar(labels[i]), values[i]?.GetValue<double>()));
        }
        return new DataFrame(
            new StringDataFrameColumn("model", rows.Select(r => r.Model)),
            new StringDataFrameColumn("split", rows.Select(r => r.Split)),
            new StringDataFrameColumn("metric", rows.Select(r => r.Metric)),
            new StringDataFrameColumn("unit", rows.Select(r => r.Unit)),
            new StringDataFrameColumn("label", rows.Select(r => r.Label)),
            new DoubleDataFrameColumn("value", rows.Select(r => r.Value)));
    }

    private static string ReadText(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return File.ReadAllText(path);
    }

    private static JsonObject Root(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: expected a JSON object (metrics.json)");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    private static IEnumerable<(string Model, string Split, string Metric, JsonObject Leaf)> Leaves(JsonObject root, string section, string source)
    {
        if (root[section] is null) yield break;
        var models = root[section] as JsonObject ?? throw Shape(source, section, "an object of models");
        foreach (var (model, splits) in models)
            foreach (var (split, metrics) in splits as JsonObject ?? throw Shape(source, $"{section}.{model}", "an object of splits"))
                foreach (var (metric, leaf) in metrics as JsonObject ?? throw Shape(source, $"{section}.{model}.{split}", "an object of metrics"))
                    yield return (model, split, metric, leaf as JsonObject ?? throw Shape(source, $"{section}.{model}.{split}.{metric}", "an object"));
    }

    private static JsonObject With(JsonObject leaf, params (string Key, string Value)[] keys)
    {
        var row = new JsonObject();
        foreach (var (key, value) in keys) row[key] = value;
        foreach (var (key, value) in leaf) row[key] = value?.DeepClone();
        return row;
    }

    /// <summary>A frame with exactly <paramref name="columns"/>: text columns as strings, <paramref name="whole"/> as
    /// long, the rest as double (JSON null: missing), whatever the rows hold.</summary>
    private static DataFrame Fixed(List<JsonObject> rows, IReadOnlyList<string> columns, string[] text, string[] whole, string source, string section)
    {
        double? Number(JsonObject row, string key, int i) => row[key] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            _ => throw new InvalidDataException($"{source}: \"{section}\" row {i + 1}: \"{key}\" should be a number or null"),
        };
        return new DataFrame(columns.Select<string, DataFrameColumn>(c =>
            text.Contains(c) ? new StringDataFrameColumn(c, rows.Select(r => Scalar(r[c])))
            : whole.Contains(c) ? new Int64DataFrameColumn(c, rows.Select((r, i) => (long?)Number(r, c, i)))
            : new DoubleDataFrameColumn(c, rows.Select((r, i) => Number(r, c, i)))));
    }
}
