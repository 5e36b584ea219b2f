using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>Turns a displayed value into a Jupyter MIME bundle. The contract is structural, so the runner needs no
/// reference to the libraries a notebook loads: an <see cref="IHtmlContent"/> gives text/html (what .NET Interactive
/// shows too), a public <c>byte[] ToPng()</c> method gives image/png, a column store such as a DataFrame gives an HTML
/// table (<see cref="TabularDisplay"/>), a Plotly.NET chart gives EarthEmbed's offline figure
/// (<see cref="PlotlyNetDisplay"/>), and every value gives text/plain.</summary>
internal static class DisplayFormatter
{
    private const int MaxItems = 20;

    internal static JsonObject Format(object? value)
    {
        var data = new JsonObject { ["text/plain"] = PlainText(value) };
        if (value is null) return data;
        var png = value.GetType().GetMethod("ToPng", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (png?.ReturnType == typeof(byte[]))
        {
            var bytes = (byte[]?)png.Invoke(value, null);
            if (bytes != null) data["image/png"] = Convert.ToBase64String(bytes);
        }
        else if ((value as IHtmlContent ?? Converted(value, data)) is { } html)
        {
            // Through IHtmlContent.WriteTo: the first figure of a kernel process carries plotly.js (the runner keeps one copy per page).
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            html.WriteTo(writer, HtmlEncoder.Default);
            data["text/html"] = writer.ToString();
        }
        return data;
    }

    /// <summary>A DataFrame's table or a Plotly.NET chart's figure, which also gives the text/plain form (a DataFrame's
    /// own ToString runs wide numbers together; a chart's is its whole F# structure).</summary>
    private static IHtmlContent? Converted(object value, JsonObject data)
    {
        if (TabularDisplay.TryTable(value) is { } table)
        {
            data["text/plain"] = table.ToString();
            return table;
        }
        if (PlotlyNetDisplay.TryFigure(value) is { } figure)
        {
            data["text/plain"] = figure.ToString();
            return figure;
        }
        return null;
    }

    /// <summary>ToString, except for collections (their first items, like .NET Interactive's plain formatter) and
    /// null ("null").</summary>
    internal static string PlainText(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return s;
            case IFormattable f:
                return f.ToString(null, CultureInfo.InvariantCulture);
            case IEnumerable items when value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object):
                var shown = new List<string>();
                var more = false;
                foreach (var item in items)
                {
                    if (shown.Count == MaxItems)
                    {
                        more = true;
                        break;
                    }
                    shown.Add(PlainText(item));
                }
                return $"{Describe(value.GetType())} [{string.Join(", ", shown)}{(more ? ", ..." : "")}]";
            default:
                return value.ToString() ?? value.GetType().Name;
        }
    }

    private static string Describe(Type type) =>
        type.IsArray ? type.GetElementType()!.Name + "[]"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;
}
