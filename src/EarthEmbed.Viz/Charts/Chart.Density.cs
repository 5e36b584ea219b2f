using System.Globalization;
using System.Text.Json.Nodes;
using EarthEmbed.Viz.Colors;

namespace EarthEmbed.Viz.Charts;

public static partial class Chart
{
    /// <summary>Observed against predicted as a 2-D density (pairs counted on a <paramref name="bins"/> x
    /// <paramref name="bins"/> grid, empty cells left blank), with the 1:1 line and R² and RMSE in the title. Pairs with
    /// a NaN on either side are left out. The counting happens here, so millions of pixels make a small figure.</summary>
    /// <param name="observed">Reference values (x axis).</param>
    /// <param name="predicted">Model values (y axis).</param>
    /// <param name="unit">Unit of both, shown on the axes and after the RMSE, e.g. "m".</param>
    /// <param name="bins">Grid cells per axis.</param>
    /// <param name="what">What is compared, at the start of the title, e.g. "Canopy height".</param>
    public static Figure ObservedVsPredicted(IReadOnlyList<double> observed, IReadOnlyList<double> predicted,
        string? unit = null, int bins = 60, string? what = null)
    {
        var stats = FitStats.Compute(observed, predicted);
        if (stats.Count == 0) throw new ArgumentException($"observed/predicted: no pair of finite values among {observed.Count}", nameof(observed));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < observed.Count; i++)
        {
            if (!double.IsFinite(observed[i]) || !double.IsFinite(predicted[i])) continue;
            lo = Math.Min(lo, Math.Min(observed[i], predicted[i]));
            hi = Math.Max(hi, Math.Max(observed[i], predicted[i]));
        }
        if (hi == lo) (lo, hi) = (lo - 0.5, hi + 0.5);
        var width = (hi - lo) / bins;
        var counts = new double[bins, bins]; // [y bin, x bin]
        for (var i = 0; i < observed.Count; i++)
        {
            if (!double.IsFinite(observed[i]) || !double.IsFinite(predicted[i])) continue;
            var cx = Math.Min(bins - 1, (int)((observed[i] - lo) / width));
            var cy = Math.Min(bins - 1, (int)((predicted[i] - lo) / width));
            counts[cy, cx]++;
        }
        for (var r = 0; r < bins; r++)
            for (var c = 0; c < bins; c++)
                if (counts[r, c] == 0) counts[r, c] = double.NaN;
        var centers = Enumerable.Range(0, bins).Select(i => lo + ((i + 0.5) * width)).ToArray();

        var density = Trace("heatmap", "pairs", Json.Numbers(centers), Json.Numbers(centers));
        density["z"] = Json.Rows(counts);
        density["colorscale"] = Json.Colorscale(Colormap.Viridis);
        density["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "count" } };
        density["hovertemplate"] = "observed %{x:.3g}<br>predicted %{y:.3g}<br>%{z} pairs<extra></extra>";
        var identity = Trace("scatter", "1:1", Json.Numbers([lo, hi]), Json.Numbers([lo, hi]), "lines");
        identity["line"] = new JsonObject { ["color"] = "#d62728", ["dash"] = "dash", ["width"] = 1.5 };

        var layout = new JsonObject
        {
            ["showlegend"] = false,
            ["xaxis"] = new JsonObject { ["range"] = new JsonArray(lo, hi), ["constrain"] = "domain" },
            ["yaxis"] = new JsonObject { ["range"] = new JsonArray(lo, hi), ["scaleanchor"] = "x", ["scaleratio"] = 1, ["constrain"] = "domain" },
        };
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{(string.IsNullOrEmpty(what) ? "Observed vs predicted" : what)}: R² = {stats.R2:0.000}, RMSE = {stats.Rmse:0.###}{(string.IsNullOrEmpty(unit) ? "" : " " + unit)} (n = {stats.Count})");
        return new Figure([density, identity], layout)
            .WithTitle(title).WithXAxis("Observed", unit).WithYAxis("Predicted", unit).WithSize(600, 540);
    }
}
