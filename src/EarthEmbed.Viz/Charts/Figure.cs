using System.Text.Json;
using System.Text.Json.Nodes;
using EarthEmbed.Viz.Display;

namespace EarthEmbed.Viz.Charts;

/// <summary>A plotly.js figure: traces, a layout and a size. Build one with <see cref="Chart"/>, adjust it with the
/// fluent <c>With...</c> methods, show it in a notebook, put it in an <see cref="Reports.HtmlReport"/>, or read its
/// JSON (the exact object plotly.js's <c>Plotly.newPlot</c> receives).</summary>
public sealed class Figure : HtmlDisplay
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>A figure from plotly.js traces and an optional layout.</summary>
    public Figure(IEnumerable<JsonObject> traces, JsonObject? layout = null)
    {
        ArgumentNullException.ThrowIfNull(traces);
        Data = new JsonArray(traces.Select(t => (JsonNode?)t).ToArray());
        Layout = layout ?? [];
    }

    /// <summary>The traces (plotly.js <c>data</c>); edit freely for anything the factories do not cover.</summary>
    public JsonArray Data { get; }

    /// <summary>The plotly.js <c>layout</c>.</summary>
    public JsonObject Layout { get; }

    /// <summary>Width in CSS pixels.</summary>
    public int Width { get; set; } = 720;

    /// <summary>Height in CSS pixels.</summary>
    public int Height { get; set; } = 480;

    /// <summary>The title, or null.</summary>
    public string? Title => Layout["title"]?["text"]?.GetValue<string>();

    /// <inheritdoc />
    public override bool NeedsPlotly => true;

    /// <summary>Sets the title.</summary>
    public Figure WithTitle(string title)
    {
        Layout["title"] = new JsonObject { ["text"] = title };
        return this;
    }

    /// <summary>Labels the x axis, with its unit in brackets when given: "Discharge (m³/s)".</summary>
    public Figure WithXAxis(string label, string? unit = null) => WithAxis("xaxis", label, unit);

    /// <summary>Labels the y axis, with its unit in brackets when given.</summary>
    public Figure WithYAxis(string label, string? unit = null) => WithAxis("yaxis", label, unit);

    /// <summary>Sets the size in CSS pixels.</summary>
    public Figure WithSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 50);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 50);
        (Width, Height) = (width, height);
        return this;
    }

    /// <summary>Adds the traces of <paramref name="other"/> to this figure (one plot, shared axes).</summary>
    public Figure Overlay(Figure other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var trace in other.Data) Data.Add(trace!.DeepClone());
        return this;
    }

    /// <summary>A figure from plotly.js JSON, <c>{"data": [...], "layout": {...}}</c>, as other libraries write it
    /// (Plotly.NET's <c>GenericChart.toJson</c>, plotly.py's <c>fig.to_json()</c>), so it shows through this layer:
    /// offline, plotly.js inlined once per page. The layout's width and height become the size when given.</summary>
    /// <exception cref="ArgumentException">Not a JSON object with a "data" array.</exception>
    public static Figure FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"json: not valid JSON: {e.Message}", nameof(json), e);
        }
        if (root is not JsonObject { } figure || figure["data"] is not JsonArray data)
            throw new ArgumentException("json: expected a plotly.js figure, {\"data\": [...], \"layout\": {...}}", nameof(json));
        var layout = figure["layout"] as JsonObject ?? [];
        var result = new Figure(data.OfType<JsonObject>().Select(t => (JsonObject)t.DeepClone()), (JsonObject)layout.DeepClone());
        if (layout["width"] is JsonValue w && w.TryGetValue<double>(out var width) && width >= 50) result.Width = (int)width;
        if (layout["height"] is JsonValue h && h.TryGetValue<double>(out var height) && height >= 50) result.Height = (int)height;
        return result;
    }

    /// <summary>A grid of subplots, filled row by row, each panel keeping its traces, axis labels and title.</summary>
    public static Figure Grid(int columns, params Figure[] panels) => Subplots.Grid(columns, panels);

    /// <summary>The plotly.js figure as JSON: <c>{"data": [...], "layout": {...}, "config": {...}}</c>.</summary>
    public string ToJson() => ToJsonObject().ToJsonString(Compact);

    /// <summary>The figure as one JSON object (a copy: editing it leaves the figure unchanged).</summary>
    public JsonObject ToJsonObject()
    {
        var layout = (JsonObject)Layout.DeepClone();
        layout["width"] = Width;
        layout["height"] = Height;
        if (!layout.ContainsKey("margin")) layout["margin"] = new JsonObject { ["l"] = 70, ["r"] = 30, ["t"] = 60, ["b"] = 60 };
        return new JsonObject
        {
            ["data"] = Data.DeepClone(),
            ["layout"] = layout,
            ["config"] = new JsonObject { ["displaylogo"] = false, ["responsive"] = false },
        };
    }

    /// <summary>A div and a script that draws the figure once plotly.js is on the page (at once if it is already).</summary>
    public override string ToHtml()
    {
        var id = "earthembed-" + Guid.NewGuid().ToString("N")[..12];
        // The default JSON encoder escapes <, > and &, so the figure cannot close the script element early.
        return $"<div id=\"{id}\" class=\"{PlotlyJs.FigureClass}\" style=\"width:{Width}px;height:{Height}px\"></div>\n" +
               "<script type=\"text/javascript\">(function () {\n" +
               $"  var figure = {ToJson()};\n" +
               $"  var draw = function () {{ window.Plotly.newPlot(\"{id}\", figure.data, figure.layout, figure.config); }};\n" +
               "  if (window.Plotly) { draw(); } else { (window.earthembedPending = window.earthembedPending || []).push(draw); }\n" +
               "})();</script>";
    }

    /// <inheritdoc />
    public override string ToString() => $"Figure \"{Title}\": {Data.Count} trace(s), {Width}x{Height}";

    private Figure WithAxis(string axis, string label, string? unit)
    {
        var node = Layout[axis] as JsonObject ?? [];
        node["title"] = new JsonObject { ["text"] = Json.AxisTitle(label, unit) };
        Layout[axis] = node;
        return this;
    }
}
