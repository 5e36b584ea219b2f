using System.Reflection;
using EarthEmbed.Viz.Charts;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>The display contract for Plotly.NET charts: a value whose type is (or derives from)
/// <c>Plotly.NET.GenericChart</c> is drawn by EarthEmbed's own plotly.js layer from the JSON the library writes
/// (<c>GenericChart.toJson</c>), so it shows offline with plotly.js inlined once per page. Plotly.NET's own notebook
/// output loads plotly.js from a CDN, which draws nothing offline. Found by reflection: the runner references no
/// Plotly.NET, and a chart from any copy of it (<c>#r "nuget: Plotly.NET.CSharp, 0.14.0"</c>) shows.</summary>
internal static class PlotlyNetDisplay
{
    private const string ChartType = "Plotly.NET.GenericChart";

    /// <summary>The chart as an EarthEmbed figure, or null when <paramref name="value"/> is no Plotly.NET chart.</summary>
    internal static Figure? TryFigure(object value)
    {
        for (var type = value.GetType(); type != null; type = type.BaseType)
        {
            if (type.FullName != ChartType) continue;
            var toJson = type.GetMethod("toJson", BindingFlags.Public | BindingFlags.Static, [type]);
            if (toJson?.ReturnType != typeof(string)) return null;
            return toJson.Invoke(null, [value]) is string json ? Figure.FromJson(json) : null;
        }
        return null;
    }
}
