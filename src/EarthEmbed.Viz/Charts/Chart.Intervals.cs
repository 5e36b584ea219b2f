using System.Text.Json.Nodes;

namespace EarthEmbed.Viz.Charts;

/// <summary>One series of estimates with their intervals, for <see cref="Chart.BarsWithIntervals"/>: per category the
/// value and the interval's ends (NaN ends: no error bar there).</summary>
/// <param name="Name">The legend entry (e.g. a model).</param>
/// <param name="Values">One estimate per category.</param>
/// <param name="Lo">The interval's lower end per category.</param>
/// <param name="Hi">The interval's upper end per category.</param>
public sealed record IntervalSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<double> Lo, IReadOnlyList<double> Hi);

public static partial class Chart
{
    /// <summary>Grouped bars (or points, with <paramref name="bars"/> false) with asymmetric error bars from each
    /// series' interval: plotly.js's <c>error_y</c> with <c>array</c> = hi - value and <c>arrayminus</c> = value - lo.
    /// An interval that does not hold its value (a percentile bootstrap can do that) draws a zero-length arm on that
    /// side rather than a reversed one.</summary>
    /// <exception cref="ArgumentException">A series whose lengths differ from the categories', named.</exception>
    public static Figure BarsWithIntervals(IReadOnlyList<string> categories, IReadOnlyList<IntervalSeries> series, bool bars = true)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("series: give at least one series", nameof(series));
        var traces = series.Select(s =>
        {
            ArgumentNullException.ThrowIfNull(s);
            Json.CheckSameLength(categories.Count, s.Values.Count, $"series \"{s.Name}\" values");
            Json.CheckSameLength(categories.Count, s.Lo.Count, $"series \"{s.Name}\" lo");
            Json.CheckSameLength(categories.Count, s.Hi.Count, $"series \"{s.Name}\" hi");
            var trace = Trace(bars ? "bar" : "scatter", s.Name, x: Json.Strings(categories), y: Json.Numbers(s.Values), mode: bars ? null : "markers");
            trace["error_y"] = ErrorBars(s.Values, s.Lo, s.Hi);
            return trace;
        }).ToList();
        return new Figure(traces, new JsonObject { ["barmode"] = "group", ["showlegend"] = series.Count > 1 });
    }

    /// <summary>Paired differences with their intervals, one row per comparison (a forest plot): a point at each
    /// difference, a horizontal error bar from lo to hi, and a dashed vertical line at 0, so an interval that crosses
    /// it reads at a glance. The first label is drawn at the top.</summary>
    /// <param name="labels">One label per comparison (the y axis).</param>
    /// <param name="differences">The differences (x).</param>
    /// <param name="lo">Lower ends.</param>
    /// <param name="hi">Upper ends.</param>
    /// <param name="name">The legend name of the points.</param>
    public static Figure Differences(IReadOnlyList<string> labels, IReadOnlyList<double> differences, IReadOnlyList<double> lo,
        IReadOnlyList<double> hi, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentNullException.ThrowIfNull(lo);
        ArgumentNullException.ThrowIfNull(hi);
        Json.CheckSameLength(labels.Count, differences.Count, nameof(differences));
        Json.CheckSameLength(labels.Count, lo.Count, nameof(lo));
        Json.CheckSameLength(labels.Count, hi.Count, nameof(hi));
        var points = Trace("scatter", name, x: Json.Numbers(differences), y: Json.Strings(labels), mode: "markers");
        points["error_x"] = ErrorBars(differences, lo, hi);
        points["marker"] = new JsonObject { ["size"] = 9, ["color"] = "#1f77b4" };
        var layout = new JsonObject
        {
            ["showlegend"] = false,
            ["yaxis"] = new JsonObject { ["autorange"] = "reversed", ["automargin"] = true },
            ["shapes"] = new JsonArray(new JsonObject
            {
                ["type"] = "line", ["xref"] = "x", ["yref"] = "paper", ["x0"] = 0, ["x1"] = 0, ["y0"] = 0, ["y1"] = 1,
                ["line"] = new JsonObject { ["color"] = "#888888", ["dash"] = "dash", ["width"] = 1 },
            }),
        };
        return new Figure([points], layout).WithXAxis("Difference");
    }

    /// <summary>plotly.js error bars from interval ends: arms hi - v and v - lo, never negative; NaN arms are null.</summary>
    internal static JsonObject ErrorBars(IReadOnlyList<double> values, IReadOnlyList<double> lo, IReadOnlyList<double> hi) => new()
    {
        ["type"] = "data",
        ["symmetric"] = false,
        ["array"] = Json.Numbers(values.Select((v, i) => Math.Max(0, hi[i] - v))),
        ["arrayminus"] = Json.Numbers(values.Select((v, i) => Math.Max(0, v - lo[i]))),
        ["visible"] = true,
    };
}
