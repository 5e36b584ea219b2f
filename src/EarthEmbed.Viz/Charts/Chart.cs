using System.Text.Json.Nodes;

namespace EarthEmbed.Viz.Charts;

/// <summary>Figure factories over plain arrays: scatter, lines (numeric or date axes), bars, histograms, heatmaps,
/// confusion matrices, raster images and observed-vs-predicted densities. Each returns a <see cref="Figure"/> to
/// refine with <c>WithTitle</c>, <c>WithXAxis(label, unit)</c>, <c>WithSize</c>.</summary>
public static partial class Chart
{
    /// <summary>Points (x[i], y[i]); NaN points are left out by plotly.js.</summary>
    public static Figure Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Json.CheckSameLength(x.Count, y.Count, nameof(y));
        return new Figure([Trace("scatter", name, x: Json.Numbers(x), y: Json.Numbers(y), mode: "markers")]);
    }

    /// <summary>A line through (x[i], y[i]), e.g. a loss curve over epochs.</summary>
    public static Figure Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Json.CheckSameLength(x.Count, y.Count, nameof(y));
        return new Figure([Trace("scatter", name, x: Json.Numbers(x), y: Json.Numbers(y), mode: "lines")]);
    }

    /// <summary>One line per series over a date axis, e.g. a hydrograph of observed and simulated discharge.
    /// NaN values (missing days) break the line instead of bridging the gap.</summary>
    public static Figure Lines(IReadOnlyList<DateTime> dates, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0) throw new ArgumentException("series: give at least one (name, values) pair", nameof(series));
        var traces = new List<JsonObject>();
        foreach (var (name, values) in series)
        {
            Json.CheckSameLength(dates.Count, values.Count, $"series \"{name}\"");
            traces.Add(Trace("scatter", name, x: Json.Dates(dates), y: Json.Numbers(values), mode: "lines"));
        }
        var figure = new Figure(traces, new JsonObject { ["xaxis"] = new JsonObject { ["type"] = "date" } });
        figure.Layout["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = -0.15 };
        return figure;
    }

    /// <summary>One bar per category.</summary>
    public static Figure Bar(IReadOnlyList<string> categories, IReadOnlyList<double> values, string? name = null) =>
        Bars(categories, (name ?? string.Empty, values));

    /// <summary>Grouped bars: for each category, one bar per series (e.g. a metric per model and split).</summary>
    public static Figure Bars(IReadOnlyList<string> categories, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var traces = series.Select(s =>
        {
            Json.CheckSameLength(categories.Count, s.Values.Count, $"series \"{s.Name}\"");
            return Trace("bar", s.Name, x: Json.Strings(categories), y: Json.Numbers(s.Values));
        }).ToList();
        return new Figure(traces, new JsonObject { ["barmode"] = "group", ["showlegend"] = series.Length > 1 });
    }

    /// <summary>A histogram with <paramref name="bins"/> equal-width bins from the smallest to the largest finite
    /// value (NaN and infinities are not counted). The counts are computed here, so a million pixels make a small figure.</summary>
    public static Figure Histogram(IReadOnlyList<double> values, int bins = 30, string? name = null)
    {
        var (centers, counts, width) = HistogramCounts(values, bins);
        var trace = Trace("bar", name, x: Json.Numbers(centers), y: Json.Numbers(counts.Select(c => (double)c)));
        trace["width"] = width;
        trace["marker"] = new JsonObject { ["line"] = new JsonObject { ["width"] = 0.5, ["color"] = "#ffffff" } };
        var figure = new Figure([trace], new JsonObject { ["bargap"] = 0 });
        return figure.WithYAxis("Count");
    }

    /// <summary>Bin centres, counts and bin width of a histogram; the last bin includes the maximum.</summary>
    internal static (double[] Centers, long[] Counts, double Width) HistogramCounts(IReadOnlyList<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) throw new ArgumentException($"values: no finite value among {values.Count}", nameof(values));
        double lo = finite.Min(), hi = finite.Max();
        if (hi == lo) (lo, hi) = (lo - 0.5, hi + 0.5);
        var width = (hi - lo) / bins;
        var counts = new long[bins];
        foreach (var v in finite) counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        var centers = Enumerable.Range(0, bins).Select(i => lo + ((i + 0.5) * width)).ToArray();
        return (centers, counts, width);
    }

    internal static JsonObject Trace(string type, string? name, JsonArray? x = null, JsonArray? y = null, string? mode = null)
    {
        var trace = new JsonObject { ["type"] = type };
        if (!string.IsNullOrEmpty(name)) trace["name"] = name;
        if (x != null) trace["x"] = x;
        if (y != null) trace["y"] = y;
        if (mode != null) trace["mode"] = mode;
        return trace;
    }
}
