using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Runs;

/// <summary>The metrics.json contract of architecture.md:
/// {"experiment", "data", "models": {model: {split: {metric: value}}}, "paper": {model: {split: {metric: value}}}}
/// with lower-case metric names, and beside them, when a run has repeats, "repeats", "intervals" and "comparisons"
/// (MetricsReport.Statistics.cs; keys in docs/statistics.md). NaN (undefined) values are written as null.</summary>
public sealed partial class MetricsReport
{
    /// <summary>Metric names the contract allows.</summary>
    public static readonly IReadOnlySet<string> KnownMetrics = new HashSet<string>(StringComparer.Ordinal)
    {
        "r2", "rmse", "mae", "median_diff", "pearson", "spearman", "nse", "kge", "ubrmse", "f1", "precision",
        "recall", "iou", "oa", "kappa", "auc", "nmad", "bias", "psnr", "accuracy",
    };

    /// <summary>Creates a report for one experiment run on one dataset.</summary>
    public MetricsReport(string experiment, string data)
    {
        Experiment = experiment;
        Data = data;
    }

    /// <summary>The experiment name (height, stefaland, jointseg, ...).</summary>
    public string Experiment { get; }

    /// <summary>What data the numbers came from, in words (e.g. "synthetic landscape, seed 7").</summary>
    public string Data { get; }

    /// <summary>Our numbers: model → split → metric → value.</summary>
    public SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, double>>> Models { get; } = new(StringComparer.Ordinal);

    /// <summary>The paper's numbers, same shape.</summary>
    public SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, double>>> Paper { get; } = new(StringComparer.Ordinal);

    /// <summary>Records one of our values.</summary>
    public void Add(string model, string split, string metric, double value) => Put(Models, model, split, metric, value);

    /// <summary>Records one of the paper's values.</summary>
    public void AddPaper(string model, string split, string metric, double value) => Put(Paper, model, split, metric, value);

    private static void Put<T>(SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, T>>> table,
        string model, string split, string metric, T value)
    {
        CheckMetric(metric);
        if (!table.TryGetValue(model, out var splits)) table[model] = splits = new(StringComparer.Ordinal);
        if (!splits.TryGetValue(split, out var metrics)) splits[split] = metrics = new(StringComparer.Ordinal);
        metrics[metric] = value;
    }

    private static void CheckMetric(string metric)
    {
        if (!KnownMetrics.Contains(metric))
            throw new ArgumentException($"metric '{metric}' is not one of the contract's names: {string.Join(", ", KnownMetrics.Order())}", nameof(metric));
    }

    /// <summary>The JSON text.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["experiment"] = Experiment,
            ["data"] = Data,
            ["models"] = Tree(Models),
            ["paper"] = Tree(Paper),
        };
        WriteStatistics(root);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads a metrics.json back.</summary>
    public static MetricsReport Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidDataException($"'{path}' is not a JSON object");
        var report = new MetricsReport(root["experiment"]?.GetValue<string>() ?? "", root["data"]?.GetValue<string>() ?? "");
        Fill(root["models"]?.AsObject(), report.Add);
        Fill(root["paper"]?.AsObject(), report.AddPaper);
        try
        {
            report.ReadStatistics(root);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}': the repeats, intervals or comparisons are not shaped as docs/statistics.md says: {e.Message}", e);
        }
        return report;
    }

    private static void Fill(JsonObject? tree, Action<string, string, string, double> add)
    {
        if (tree is null) return;
        foreach (var (model, splits) in tree)
            foreach (var (split, metrics) in splits!.AsObject())
                foreach (var (metric, value) in metrics!.AsObject())
                    add(model, split, metric, value is null ? double.NaN : value.GetValue<double>());
    }

    private static JsonObject Tree(SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, double>>> table)
    {
        var o = new JsonObject();
        foreach (var (model, splits) in table)
        {
            var s = new JsonObject();
            foreach (var (split, metrics) in splits)
            {
                var m = new JsonObject();
                foreach (var (name, value) in metrics) m[name] = double.IsFinite(value) ? JsonValue.Create(value) : null;
                s[split] = m;
            }
            o[model] = s;
        }
        return o;
    }
}
