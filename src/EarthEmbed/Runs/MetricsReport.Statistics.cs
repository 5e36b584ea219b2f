using System.Text.Json.Nodes;
using EarthEmbed.Metrics;

namespace EarthEmbed.Runs;

/// <summary>A metric's values over repeats: one per <paramref name="Labels"/> entry (a seed, a fold, a site id), all
/// of one <paramref name="Unit"/> ("seed", "fold", "site"). metrics.json's "repeats" entries.</summary>
public sealed record Repeats(string Unit, IReadOnlyList<string> Labels, IReadOnlyList<double> Values);

public sealed partial class MetricsReport
{
    /// <summary>Per-repeat values: model → split → metric → <see cref="Repeats"/> (metrics.json's "repeats").</summary>
    public SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, Repeats>>> RepeatValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Intervals beside the point values: model → split → metric → <see cref="IntervalEstimate"/>
    /// (metrics.json's "intervals").</summary>
    public SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, IntervalEstimate>>> Intervals { get; } = new(StringComparer.Ordinal);

    /// <summary>The paper's claims decided on paired repeats, in the order added (metrics.json's "comparisons").</summary>
    public List<Comparison> Comparisons { get; } = [];

    /// <summary>Records a metric's values over repeats; <paramref name="labels"/> name them (distinct), in the same
    /// order as <paramref name="values"/> (NaN allowed: dropped by the statistics).</summary>
    /// <exception cref="ArgumentException">An unknown metric, an empty unit, labels and values of different lengths, or
    /// a label given twice.</exception>
    public void AddRepeats(string model, string split, string metric, string unit, IReadOnlyList<string> labels, IReadOnlyList<double> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        if (labels.Count != values.Count)
            throw new ArgumentException($"values: expected {labels.Count} values (one per label), got {values.Count}", nameof(values));
        var twice = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new ArgumentException($"labels: \"{twice.Key}\" appears twice for {model}/{split}/{metric}", nameof(labels));
        Put(RepeatValues, model, split, metric, new Repeats(unit, labels.ToArray(), values.ToArray()));
    }

    /// <summary>Records an interval beside a point value.</summary>
    public void AddInterval(string model, string split, string metric, IntervalEstimate interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        Put(Intervals, model, split, metric, interval);
    }

    /// <summary>Summarises the recorded repeats of (model, split, metric) as <paramref name="kind"/> says (mean ± sd
    /// over seeds, or a bootstrap interval of the median over sites; deterministic for <paramref name="seed"/>),
    /// records the interval and sets the point value in <see cref="Models"/> to its estimate, so the table and the
    /// error bars agree.</summary>
    /// <exception cref="KeyNotFoundException">No repeats recorded for (model, split, metric).</exception>
    public IntervalEstimate SummariseRepeats(string model, string split, string metric, IntervalKind kind, long seed = 0)
    {
        var repeats = RepeatsOf(model, split, metric);
        var interval = Statistics.Summarise(repeats.Values, kind, seed);
        AddInterval(model, split, metric, interval);
        Add(model, split, metric, interval.Estimate);
        return interval;
    }

    /// <summary>Decides a claim "<paramref name="a"/> beats <paramref name="b"/>" on the recorded repeats of both
    /// models, paired by label (labels only one model has are left out; the units must match), records it in
    /// <see cref="Comparisons"/> and returns it (see <see cref="Claims.Compare"/> for the rule).</summary>
    /// <exception cref="KeyNotFoundException">Either model has no repeats for (split, metric).</exception>
    /// <exception cref="ArgumentException">The two models' repeats are of different units, or share no label.</exception>
    public Comparison Compare(string claim, string a, string b, string split, string metric, ClaimDirection direction, CompareOptions? options = null)
    {
        var ra = RepeatsOf(a, split, metric);
        var rb = RepeatsOf(b, split, metric);
        if (ra.Unit != rb.Unit) throw new ArgumentException($"{a} has repeats per {ra.Unit} but {b} per {rb.Unit}: they cannot be paired", nameof(b));
        var byLabel = rb.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => rb.Values[p.i], StringComparer.Ordinal);
        var shared = ra.Labels.Select((l, i) => (l, i)).Where(p => byLabel.ContainsKey(p.l)).ToList();
        if (shared.Count == 0) throw new ArgumentException($"{a} and {b} share no {ra.Unit} label on {split}/{metric}", nameof(b));
        var comparison = Claims.Compare(claim, a, b, split, metric, direction,
            shared.Select(p => ra.Values[p.i]).ToArray(), shared.Select(p => byLabel[p.l]).ToArray(),
            (options ?? new CompareOptions()) with { Unit = ra.Unit });
        AddComparison(comparison);
        return comparison;
    }

    /// <summary>Records a comparison decided elsewhere (<see cref="Claims.Compare"/>).</summary>
    public void AddComparison(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        CheckMetric(comparison.Metric);
        Comparisons.Add(comparison);
    }

    private Repeats RepeatsOf(string model, string split, string metric) =>
        RepeatValues.TryGetValue(model, out var s) && s.TryGetValue(split, out var m) && m.TryGetValue(metric, out var r) ? r
            : throw new KeyNotFoundException($"no repeats recorded for {model}/{split}/{metric} (AddRepeats first)");

    /// <summary>Adds the three sections to metrics.json's root, each only when it has content (a run without repeats
    /// writes the file it always did).</summary>
    private void WriteStatistics(JsonObject root)
    {
        if (RepeatValues.Count > 0)
            root["repeats"] = Tree(RepeatValues, r => new JsonObject
            {
                ["unit"] = r.Unit,
                ["labels"] = new JsonArray(r.Labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
                ["values"] = new JsonArray(r.Values.Select(Number).ToArray()),
            });
        if (Intervals.Count > 0)
            root["intervals"] = Tree(Intervals, e => new JsonObject
            {
                ["estimate"] = Number(e.Estimate), ["lo"] = Number(e.Lo), ["hi"] = Number(e.Hi), ["sd"] = Number(e.Sd),
                ["n"] = e.N, ["kind"] = KindName(e.Kind), ["level"] = Number(e.Level),
            });
        if (Comparisons.Count > 0)
            root["comparisons"] = new JsonArray(Comparisons.Select(c => (JsonNode?)new JsonObject
            {
                ["claim"] = c.Claim, ["a"] = c.A, ["b"] = c.B, ["split"] = c.Split, ["metric"] = c.Metric,
                ["direction"] = c.Direction == ClaimDirection.Greater ? "greater" : "less", ["unit"] = c.Unit, ["n"] = c.N,
                ["center"] = c.Center == DifferenceCenter.Mean ? "mean" : "median", ["difference"] = Number(c.Difference),
                ["lo"] = Number(c.Lo), ["hi"] = Number(c.Hi), ["level"] = Number(c.Level), ["test"] = c.Test,
                ["statistic"] = Number(c.Statistic), ["p"] = Number(c.P), ["margin"] = Number(c.Margin),
                ["alpha"] = Number(c.Alpha), ["verdict"] = c.Verdict.ToJsonName(),
            }).ToArray());
    }

    private void ReadStatistics(JsonObject root)
    {
        foreach (var (model, split, metric, node) in Leaves(root["repeats"]))
            AddRepeats(model, split, metric, Text(node, "unit"),
                Array(node, "labels").Select(l => l?.GetValue<string>() ?? throw new FormatException("a label is null")).ToArray(),
                Array(node, "values").Select(Double).ToArray());
        foreach (var (model, split, metric, node) in Leaves(root["intervals"]))
            AddInterval(model, split, metric, new IntervalEstimate(Double(node["estimate"]), Double(node["lo"]), Double(node["hi"]),
                Double(node["sd"]), Count(node),  ParseKind(Text(node, "kind")), Double(node["level"])));
        foreach (var c in root["comparisons"]?.AsArray().Select(n => n!.AsObject()) ?? [])
            AddComparison(new Comparison(Text(c, "claim"), Text(c, "a"), Text(c, "b"), Text(c, "split"), Text(c, "metric"),
                Text(c, "direction") == "less" ? ClaimDirection.Less : ClaimDirection.Greater, Text(c, "unit"), Count(c),
                Text(c, "center") == "mean" ? DifferenceCenter.Mean : DifferenceCenter.Median, Double(c["difference"]),
                Double(c["lo"]), Double(c["hi"]), Double(c["level"]), Text(c, "test"), Double(c["statistic"]), Double(c["p"]),
                Double(c["margin"]), Double(c["alpha"]), Claims.ParseVerdict(Text(c, "verdict"))));
    }

    /// <summary>metrics.json's names of <see cref="IntervalKind"/>: "mean_sd", "mean_bootstrap", "median_bootstrap".</summary>
    public static string KindName(IntervalKind kind) => kind switch
    {
        IntervalKind.MeanSd => "mean_sd",
        IntervalKind.MeanBootstrap => "mean_bootstrap",
        _ => "median_bootstrap",
    };

    private static IntervalKind ParseKind(string name) => name switch
    {
        "mean_sd" => IntervalKind.MeanSd,
        "mean_bootstrap" => IntervalKind.MeanBootstrap,
        "median_bootstrap" => IntervalKind.MedianBootstrap,
        _ => throw new FormatException($"interval kind \"{name}\": expected mean_sd, mean_bootstrap or median_bootstrap"),
    };

    private static IEnumerable<(string Model, string Split, string Metric, JsonObject Node)> Leaves(JsonNode? section)
    {
        if (section is null) yield break;
        foreach (var (model, splits) in section.AsObject())
            foreach (var (split, metrics) in splits!.AsObject())
                foreach (var (metric, node) in metrics!.AsObject())
                    yield return (model, split, metric, node?.AsObject() ?? throw new FormatException($"{model}.{split}.{metric} is null, expected an object"));
    }

    private static string Text(JsonObject o, string key) =>
        o[key]?.GetValue<string>() ?? throw new FormatException($"key \"{key}\" missing (has {string.Join(", ", o.Select(p => p.Key))})");

    private static JsonArray Array(JsonObject o, string key) =>
        o[key] as JsonArray ?? throw new FormatException($"key \"{key}\" should be an array");

    private static int Count(JsonObject o) =>
        o["n"]?.GetValue<int>() ?? throw new FormatException("key \"n\" missing (the number of values)");

    private static double Double(JsonNode? n) => n is null ? double.NaN : n.GetValue<double>();

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonObject Tree<T>(SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, T>>> table, Func<T, JsonNode> leaf)
    {
        var o = new JsonObject();
        foreach (var (model, splits) in table)
        {
            var s = new JsonObject();
            foreach (var (split, metrics) in splits)
            {
                var m = new JsonObject();
                foreach (var (name, value) in metrics) m[name] = leaf(value);
                s[split] = m;
            }
            o[model] = s;
        }
        return o;
    }
}
