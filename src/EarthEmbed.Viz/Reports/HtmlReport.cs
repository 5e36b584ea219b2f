using EarthEmbed.Geo;
using System.Net;
using System.Text;
using EarthEmbed.Viz.Display;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace EarthEmbed.Viz.Reports;

/// <summary>A self-contained HTML page: headings, markdown, text and any displayable object (figures, maps, tables,
/// or other <see cref="IHtmlContent"/>), with plotly.js inlined once when a figure needs it, so the file opens
/// offline and can be mailed or archived as one file.</summary>
public sealed class HtmlReport
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private readonly StringBuilder _body = new();

    /// <summary>An empty report whose page title (and first heading) is <paramref name="title"/>.</summary>
    public HtmlReport(string title)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>Whether the page heading repeats <see cref="Title"/> (a rendered notebook has its own headings).</summary>
    public bool ShowTitleHeading { get; set; } = true;

    /// <summary>Adds a heading of <paramref name="level"/> 1 to 6.</summary>
    public HtmlReport AddHeading(string text, int level = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 6);
        _body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h{level}>{WebUtility.HtmlEncode(text)}</h{level}>\n");
        return this;
    }

    /// <summary>Adds markdown (CommonMark with tables, rendered here).</summary>
    public HtmlReport AddMarkdown(string markdown)
    {
        _body.Append("<div class=\"markdown\">").Append(MarkdownToHtml(markdown)).Append("</div>\n");
        return this;
    }

    /// <summary>Adds preformatted text (e.g. a log).</summary>
    public HtmlReport AddText(string text)
    {
        _body.Append("<pre class=\"text\">").Append(WebUtility.HtmlEncode(text)).Append("</pre>\n");
        return this;
    }

    /// <summary>Adds a figure, map, table or any other <see cref="IHtmlContent"/>.</summary>
    public HtmlReport Add(IHtmlContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content is HtmlDisplay display) return AddHtml(display.ToHtml());
        using var writer = new StringWriter();
        content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return AddHtml(writer.ToString());
    }

    /// <summary>Adds raw HTML as it is (inlined plotly.js blocks inside it are dropped: the page carries one).</summary>
    public HtmlReport AddHtml(string html)
    {
        _body.Append(PlotlyJs.StripBlocks(html ?? string.Empty)).Append('\n');
        return this;
    }

    /// <summary>Markdown to an HTML fragment, as reports and rendered notebooks show it.</summary>
    public static string MarkdownToHtml(string markdown) => Markdown.ToHtml(markdown ?? string.Empty, Pipeline);

    /// <summary>The body so far, without the page around it: what a combined report embeds with
    /// <see cref="AddHtml"/>.</summary>
    public string BodyHtml => _body.ToString();

    /// <summary>The whole page.</summary>
    public string ToHtml()
    {
        var body = _body.ToString();
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"generator\" content=\"EarthEmbed\">\n")
            .Append("<title>").Append(WebUtility.HtmlEncode(Title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n");
        if (PlotlyJs.NeedsLibrary(body)) page.Append(PlotlyJs.InlineBlock()).Append('\n');
        page.Append("</head>\n<body>\n<main>\n");
        if (ShowTitleHeading) page.Append("<h1>").Append(WebUtility.HtmlEncode(Title)).Append("</h1>\n");
        page.Append(body).Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> (a temporary name first, renamed when complete), creating
    /// its folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, ToHtml());
    }

    /// <summary>The page's style sheet: readable text, tables, notebook cells.</summary>
    internal const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0; background: #fafafa; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; background: #fff; }
        pre, code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
        pre.text, pre.stream { background: #f6f6f6; padding: 8px; overflow-x: auto; margin: 4px 0; }
        pre.stderr { background: #fff4e5; }
        pre.error { background: #fdecea; color: #8a1c1c; padding: 8px; }
        table.earthembed-table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        table.earthembed-table th, table.earthembed-table td { border: 1px solid #ddd; padding: 3px 8px; }
        table.earthembed-table th { background: #f0f0f0; }
        table.earthembed-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .earthembed-pager { font-size: 12px; margin: 4px 0 12px 0; }
        .earthembed-pager button { margin: 0 4px; }
        .cell { margin: 14px 0; }
        .cell .input { border-left: 3px solid #4a90d9; background: #f7f9fc; padding: 4px 10px; }
        .cell .prompt { color: #888; font-size: 12px; }
        .cell .output { padding: 4px 10px; overflow-x: auto; }
        .cell.failed .input { border-left-color: #d62728; }
        """;
}
