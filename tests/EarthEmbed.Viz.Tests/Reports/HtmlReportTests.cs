using System.Text.RegularExpressions;
using EarthEmbed.Viz.Charts;
using EarthEmbed.Viz.Display;
using EarthEmbed.Viz.Reports;
using EarthEmbed.Viz.Tables;
using Microsoft.AspNetCore.Html;

namespace EarthEmbed.Viz.Tests.Reports;

public class HtmlReportTests
{
    [Fact]
    public void A_report_with_several_figures_inlines_plotly_js_once_and_loads_nothing_from_outside()
    {
        var report = new HtmlReport("Run");
        report.AddMarkdown("Some **bold** text.");
        report.Add(Chart.Scatter([1], [2]));
        report.Add(Chart.Bar(["a"], [1]));
        report.Add(new ResultTable("a").AddRow(1));
        var html = report.ToHtml();
        Assert.Equal(1, Regex.Count(html, Regex.Escape(PlotlyJs.BlockBegin)));
        Assert.Contains("plotly.js v" + PlotlyJs.Version, html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", PlotlyJs.StripBlocks(html)); // plotly.js itself holds attribution links
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "class=\"earthembed-figure\""));
    }

    [Fact]
    public void A_report_without_figures_does_not_carry_plotly_js()
    {
        var html = new HtmlReport("Tables only").Add(new ResultTable("a").AddRow(1)).ToHtml();
        Assert.DoesNotContain(PlotlyJs.BlockBegin, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_as_IHtmlContent_a_figure_carries_plotly_js_the_first_time_only()
    {
        PlotlyJs.ResetHostInlining();
        string Write(IHtmlContent content)
        {
            using var writer = new StringWriter();
            content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
            return writer.ToString();
        }
        var first = Write(Chart.Scatter([1], [1]));
        var second = Write(Chart.Scatter([1], [1]));
        Assert.Contains(PlotlyJs.BlockBegin, first, StringComparison.Ordinal);
        Assert.DoesNotContain(PlotlyJs.BlockBegin, second, StringComparison.Ordinal);
        Assert.Equal(PlotlyJs.StripBlocks(first).Length, second.Length);
    }

    [Fact]
    public void Save_writes_the_page_and_leaves_no_temporary_file()
    {
        var dir = Tools.OutputFolder("report-save");
        var path = Path.Combine(dir, "sub", "report.html");
        new HtmlReport("Saved").AddText("a < b").Save(path);
        Assert.Contains("a &lt; b", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "sub")));
    }
}
