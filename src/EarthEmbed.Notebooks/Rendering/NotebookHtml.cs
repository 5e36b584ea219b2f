using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Model;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Notebooks.Rendering;

/// <summary>An executed notebook as one self-contained HTML page: markdown rendered, code with its prompt, and each
/// output in its richest form (HTML, then PNG, then markdown, then text); plotly.js inlined once.</summary>
public static class NotebookHtml
{
    /// <summary>The page for <paramref name="document"/>, headed by its title, the run's parameters and, when the run
    /// stopped, the error.</summary>
    public static HtmlReport Render(NotebookDocument document, string title, IReadOnlyDictionary<string, string>? parameters = null,
        NotebookException? error = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var report = new HtmlReport(title) { ShowTitleHeading = false };
        var header = new StringBuilder("<p class=\"prompt\">");
        header.Append(WebUtility.HtmlEncode(title)).Append(CultureInfo.InvariantCulture, $" &middot; run by earthembed notebook run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        if (parameters is { Count: > 0 })
            header.Append(" &middot; parameters: ").Append(WebUtility.HtmlEncode(string.Join(", ", parameters.Select(p => $"{p.Key}={p.Value}"))));
        header.Append("</p>");
        report.AddHtml(header.ToString());
        if (error != null) report.AddHtml($"<pre class=\"error\">Run stopped: {WebUtility.HtmlEncode(error.Message)}</pre>");

        foreach (var cell in document.Cells.OfType<JsonObject>())
        {
            var source = NotebookDocument.SourceOf(cell);
            switch (cell["cell_type"]?.ToString())
            {
                case "markdown":
                    report.AddHtml($"<div class=\"cell markdown\">{HtmlReport.MarkdownToHtml(source)}</div>");
                    break;
                case "code":
                    report.AddHtml(Code(cell, source));
                    break;
                default:
                    report.AddHtml($"<div class=\"cell raw\"><pre class=\"text\">{WebUtility.HtmlEncode(source)}</pre></div>");
                    break;
            }
        }
        return report;
    }

    private static string Code(JsonObject cell, string source)
    {
        var outputs = cell["outputs"] as JsonArray ?? [];
        var failed = outputs.OfType<JsonObject>().Any(o => o["output_type"]?.ToString() == "error");
        var count = cell["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : " ";
        var html = new StringBuilder();
        html.Append(failed ? "<div class=\"cell code failed\">" : "<div class=\"cell code\">")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"prompt\">In [{count}]:</div>")
            .Append("<pre class=\"input\"><code class=\"language-csharp\">").Append(WebUtility.HtmlEncode(source)).Append("</code></pre>");
        foreach (var output in outputs.OfType<JsonObject>()) html.Append("<div class=\"output\">").Append(Output(output)).Append("</div>");
        return html.Append("</div>").ToString();
    }

    private static string Output(JsonObject output)
    {
        switch (output["output_type"]?.ToString())
        {
            case "stream":
                var stream = output["name"]?.ToString() == "stderr" ? "stream stderr" : "stream";
                return $"<pre class=\"{stream}\">{WebUtility.HtmlEncode(Text(output["text"]))}</pre>";
            case "error":
                var traceback = output["traceback"] as JsonArray ?? [];
                return $"<pre class=\"error\">{WebUtility.HtmlEncode(string.Join("\n", traceback.Select(t => t?.ToString())))}</pre>";
            default:
                var data = output["data"] as JsonObject ?? [];
                if (data["text/html"] != null) return Text(data["text/html"]);
                if (data["image/png"] != null) return $"<img src=\"data:image/png;base64,{Text(data["image/png"]).Trim()}\" alt=\"image output\">";
                if (data["text/markdown"] != null) return HtmlReport.MarkdownToHtml(Text(data["text/markdown"]));
                return $"<pre class=\"text\">{WebUtility.HtmlEncode(Text(data["text/plain"]))}</pre>";
        }
    }

    /// <summary>nbformat's multiline string: a string or a list of strings.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.ToString())),
        null => string.Empty,
        _ => node.ToString(),
    };
}
