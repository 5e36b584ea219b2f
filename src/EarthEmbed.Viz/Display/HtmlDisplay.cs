using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace EarthEmbed.Viz.Display;

/// <summary>The one display contract of charts, maps and tables: an HTML fragment. The notebook runner, the HTML
/// report and .NET Interactive (through <see cref="IHtmlContent"/>) all show the same fragment.</summary>
/// <remarks>Fragments that draw plotly.js figures expect the page to load plotly.js (reports and the runner inline it
/// once). Written through <see cref="IHtmlContent.WriteTo"/>, the first figure of the process carries the library
/// itself, so an existing Polyglot Notebooks install shows charts offline without any set-up.</remarks>
public abstract class HtmlDisplay : IHtmlContent
{
    /// <summary>The HTML fragment that shows this object.</summary>
    public abstract string ToHtml();

    /// <summary>True when the fragment draws with plotly.js.</summary>
    public virtual bool NeedsPlotly => false;

    /// <summary>Writes the fragment (preceded by plotly.js the first time a figure is written in this process).</summary>
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (NeedsPlotly) writer.Write(PlotlyJs.BlockForHostOnce());
        writer.Write(ToHtml());
    }

    /// <summary>Writes this object to a self-contained HTML page at <paramref name="path"/> (plotly.js inlined).</summary>
    public void SaveHtml(string path, string? title = null)
    {
        var report = new Reports.HtmlReport(title ?? Path.GetFileNameWithoutExtension(path));
        report.Add(this);
        report.Save(path);
    }
}
