using System.Text.RegularExpressions;
using EarthEmbed.Viz.Tables;

namespace EarthEmbed.Viz.Tests.Tables;

public class ResultTableTests
{
    private static ResultTable Numbers(int rows)
    {
        var table = new ResultTable("model", "r2", "rmse");
        for (var i = 0; i < rows; i++) table.AddRow($"m{i}", 0.123456 + i, 10.0 / 3);
        return table;
    }

    [Fact]
    public void Column_formats_change_what_is_shown_but_not_what_CSV_exports()
    {
        var table = Numbers(1).Format("r2", "0.000").Format("rmse", "N1");
        Assert.Equal("0.123", table.FormatCell(0, 1));
        Assert.Equal("3.3", table.FormatCell(0, 2));
        Assert.Equal("model,r2,rmse\r\nm0,0.123456,3.3333333333333335\r\n", table.ToCsv());
    }

    [Fact]
    public void CSV_quotes_fields_with_commas_quotes_and_line_breaks_and_writes_dates_ISO()
    {
        var table = new ResultTable("name", "when", "note");
        table.AddRow("a,b", new DateTime(2024, 5, 6), "say \"hi\"\nthen go");
        table.AddRow(null, null, 1.5);
        Assert.Equal("name,when,note\r\n\"a,b\",2024-05-06,\"say \"\"hi\"\"\nthen go\"\r\n,,1.5\r\n", table.ToCsv());
    }

    [Fact]
    public void More_than_25_rows_page_with_later_pages_hidden()
    {
        var html = Numbers(60).ToHtml();
        Assert.Equal(60, Regex.Count(html, "<tr data-page="));
        Assert.Equal(35, Regex.Count(html, "style=\"display:none\""));
        Assert.Equal(10, Regex.Count(html, "data-page=\"2\""));
        Assert.Contains("rows 1-25 of 60", html, StringComparison.Ordinal);
        Assert.Contains("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_table_has_no_pager()
    {
        var html = Numbers(10).ToHtml();
        Assert.DoesNotContain("display:none", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<button", html, StringComparison.Ordinal);
        Assert.Contains("10 rows", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_right_aligned_and_text_is_escaped()
    {
        var table = new ResultTable("name", "value").AddRow("<b>x</b>", 2.5);
        var html = table.ToHtml();
        Assert.Contains("<td>&lt;b&gt;x&lt;/b&gt;</td><td class=\"num\">2.5</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_shows_the_first_page_and_says_how_many_rows_are_left()
    {
        var text = Numbers(30).Format("r2", "0.00").ToString();
        var lines = text.TrimEnd().Split('\n');
        Assert.Equal(2 + 25 + 1, lines.Length);
        Assert.StartsWith("model  r2", lines[0], StringComparison.Ordinal);
        Assert.Contains("5 more rows (30 in all)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_of_the_wrong_width_names_the_row_and_the_columns()
    {
        var table = new ResultTable("a", "b");
        var e = Assert.Throws<ArgumentException>(() => table.AddRow(1));
        Assert.Contains("row 1: expected 2 values (a, b), got 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => table.Format("c", "0.0"));
    }

    private sealed record Score(string Model, double F1);

    [Fact]
    public void Records_become_one_column_per_property()
    {
        var table = ResultTable.FromRecords([new Score("unet", 0.8), new Score("unet++", 0.85)]);
        Assert.Equal(["Model", "F1"], table.Columns);
        Assert.Equal(0.85, table[1, "F1"]);
    }

    [Fact]
    public void SaveCsv_writes_the_same_text_to_disk()
    {
        var path = Path.Combine(Tools.OutputFolder("table-csv"), "t.csv");
        var table = Numbers(3);
        table.SaveCsv(path);
        Assert.Equal(table.ToCsv(), File.ReadAllText(path));
    }
}
