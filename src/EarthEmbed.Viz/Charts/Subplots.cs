using System.Text.Json.Nodes;

namespace EarthEmbed.Viz.Charts;

/// <summary>Lays figures out as a grid of subplots: each panel gets its own pair of axes (x2/y2, x3/y3 ...) with its
/// domain computed here, its axis labels, its colorbar beside it and its title above it.</summary>
internal static class Subplots
{
    private const double GapX = 0.08;
    private const double GapY = 0.14;
    private const double ColorbarRoom = 0.07;
    private const int MaxWidth = 1050;

    internal static Figure Grid(int columns, IReadOnlyList<Figure> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (panels.Count == 0) throw new ArgumentException("panels: give at least one figure", nameof(panels));
        var rows = (panels.Count + columns - 1) / columns;
        columns = Math.Min(columns, panels.Count);
        var traces = new List<JsonObject>();
        var layout = new JsonObject();
        var annotations = new JsonArray();
        for (var k = 0; k < panels.Count; k++)
        {
            var panel = panels[k];
            int row = k / columns, col = k % columns;
            var suffix = k == 0 ? string.Empty : (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hasColorbar = panel.Data.Any(t => t!["type"]?.GetValue<string>() is "heatmap" or "histogram2d");
            double x0 = (col / (double)columns) + (GapX / 2), x1 = ((col + 1) / (double)columns) - (GapX / 2) - (hasColorbar ? ColorbarRoom : 0);
            double y1 = 1 - (row / (double)rows) - (GapY / 2), y0 = 1 - ((row + 1) / (double)rows) + (GapY / 2);

            foreach (var source in panel.Data)
            {
                var trace = (JsonObject)source!.DeepClone();
                trace["xaxis"] = "x" + suffix;
                trace["yaxis"] = "y" + suffix;
                if (hasColorbar && trace["type"]?.GetValue<string>() is "heatmap" or "histogram2d")
                {
                    var bar = trace["colorbar"] as JsonObject ?? [];
                    bar["x"] = x1 + 0.01;
                    bar["xanchor"] = "left";
                    bar["y"] = (y0 + y1) / 2;
                    bar["yanchor"] = "middle";
                    bar["len"] = y1 - y0;
                    bar["thickness"] = 12;
                    trace["colorbar"] = bar;
                }
                traces.Add(trace);
            }
            layout["xaxis" + suffix] = Axis(panel.Layout["xaxis"], suffix, x0, x1, "y" + suffix);
            layout["yaxis" + suffix] = Axis(panel.Layout["yaxis"], suffix, y0, y1, "x" + suffix);
            foreach (var (key, value) in panel.Layout)
            {
                if (key is "xaxis" or "yaxis" or "title" or "width" or "height" or "margin" || layout.ContainsKey(key)) continue;
                layout[key] = value?.DeepClone();
            }
            if (panel.Title is { } title)
            {
                annotations.Add(new JsonObject
                {
                    ["text"] = title, ["showarrow"] = false, ["xref"] = "paper", ["yref"] = "paper",
                    ["x"] = (x0 + x1) / 2, ["y"] = y1 + 0.01, ["xanchor"] = "center", ["yanchor"] = "bottom",
                    ["font"] = new JsonObject { ["size"] = 13 },
                });
            }
        }
        layout["annotations"] = annotations;
        layout["showlegend"] = false;
        var width = Enumerable.Range(0, columns).Sum(c => Enumerable.Range(0, rows).Select(r => (r * columns) + c)
            .Where(i => i < panels.Count).Max(i => panels[i].Width));
        var height = Enumerable.Range(0, rows).Sum(r => Enumerable.Range(0, columns).Select(c => (r * columns) + c)
            .Where(i => i < panels.Count).Max(i => panels[i].Height));
        // Fit a report's column (about 1050 px): a wider grid is scaled down as a whole, keeping its proportions.
        var shrink = Math.Min(1.0, MaxWidth / (double)width);
        return new Figure(traces, layout) { Width = (int)(width * shrink), Height = Math.Min((int)(height * shrink) + 40, 2400) };
    }

    private static JsonObject Axis(JsonNode? source, string suffix, double from, double to, string anchor)
    {
        var axis = source?.DeepClone() as JsonObject ?? [];
        axis["domain"] = new JsonArray(from, to);
        axis["anchor"] = anchor;
        if (axis["scaleanchor"] is JsonValue scale && scale.GetValue<string>() is "x" or "y")
            axis["scaleanchor"] = scale.GetValue<string>() + suffix;
        return axis;
    }
}
