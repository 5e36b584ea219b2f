using System.Text.Json.Nodes;
using EarthEmbed.Viz.Charts;
using EarthEmbed.Viz.Colors;

namespace EarthEmbed.Viz.Tests.Charts;

public class FigureJsonTests
{
    private static JsonObject Parse(Figure figure) => JsonNode.Parse(figure.ToJson())!.AsObject();

    private static JsonObject Trace(Figure figure, int i = 0) => Parse(figure)["data"]![i]!.AsObject();

    [Fact]
    public void Scatter_carries_the_points_and_turns_NaN_into_null()
    {
        var trace = Trace(Chart.Scatter([1, 2, 3], [4, double.NaN, 6], "pts"));
        Assert.Equal("scatter", trace["type"]!.GetValue<string>());
        Assert.Equal("markers", trace["mode"]!.GetValue<string>());
        Assert.Equal("pts", trace["name"]!.GetValue<string>());
        Assert.Equal("[1,2,3]", trace["x"]!.ToJsonString());
        Assert.Equal("[4,null,6]", trace["y"]!.ToJsonString());
    }

    [Fact]
    public void Title_axis_labels_with_units_and_size_land_in_the_layout()
    {
        var json = Parse(Chart.Line([0, 1], [1, 2]).WithTitle("Loss").WithXAxis("Epoch").WithYAxis("Discharge", "m³/s").WithSize(640, 320));
        Assert.Equal("Loss", json["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("Epoch", json["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("Discharge (m³/s)", json["layout"]!["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal(640, json["layout"]!["width"]!.GetValue<int>());
        Assert.Equal(320, json["layout"]!["height"]!.GetValue<int>());
    }

    [Fact]
    public void Hydrograph_lines_use_a_date_axis_with_ISO_dates()
    {
        DateTime[] days = [new(2020, 1, 1), new(2020, 1, 2), new(2020, 1, 3)];
        var figure = Chart.Lines(days, ("observed", [1.0, 2.0, double.NaN]), ("simulated", [1.5, 2.5, 3.5]));
        var json = Parse(figure);
        Assert.Equal("date", json["layout"]!["xaxis"]!["type"]!.GetValue<string>());
        Assert.Equal(2, json["data"]!.AsArray().Count);
        Assert.Equal("[\"2020-01-01\",\"2020-01-02\",\"2020-01-03\"]", json["data"]![0]!["x"]!.ToJsonString());
        Assert.Equal("[1,2,null]", json["data"]![0]!["y"]!.ToJsonString());
        Assert.Equal("simulated", json["data"]![1]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void A_series_of_the_wrong_length_is_named_in_the_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.Lines([DateTime.Today, DateTime.Today.AddDays(1)], ("observed", [1.0])));
        Assert.Contains("series \"observed\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grouped_bars_have_one_trace_per_series_over_the_categories()
    {
        var json = Parse(Chart.Bars(["train", "test"], ("unet", [0.9, 0.8]), ("unet++", [0.92, 0.83])));
        Assert.Equal("group", json["layout"]!["barmode"]!.GetValue<string>());
        Assert.Equal("bar", json["data"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("[\"train\",\"test\"]", json["data"]![1]!["x"]!.ToJsonString());
        Assert.Equal("[0.92,0.83]", json["data"]![1]!["y"]!.ToJsonString());
    }

    [Fact]
    public void Histogram_counts_match_a_hand_count()
    {
        // 0..10 in 5 bins of width 2: [0,2) [2,4) [4,6) [6,8) [8,10] -> 2,2,2,2,3 (the last bin keeps the maximum).
        double[] values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, double.NaN];
        var trace = Trace(Chart.Histogram(values, bins: 5));
        Assert.Equal("[1,3,5,7,9]", trace["x"]!.ToJsonString());
        Assert.Equal("[2,2,2,2,3]", trace["y"]!.ToJsonString());
        Assert.Equal(2.0, trace["width"]!.GetValue<double>());
    }

    [Fact]
    public void Confusion_matrix_is_an_annotated_heatmap_with_observed_rows()
    {
        long[,] counts = { { 5, 1 }, { 2, 8 } };
        var figure = Chart.ConfusionMatrix(counts, ["water", "land"], normalize: true);
        var json = Parse(figure);
        var trace = json["data"]![0]!;
        Assert.Equal("heatmap", trace["type"]!.GetValue<string>());
        Assert.Equal("%{text}", trace["texttemplate"]!.GetValue<string>());
        Assert.Equal("5<br>83.3%", trace["text"]![0]![0]!.GetValue<string>());
        Assert.Equal(0.2, trace["z"]![1]![0]!.GetValue<double>(), 12); // 2 / (2 + 8)
        Assert.Equal("reversed", json["layout"]!["yaxis"]!["autorange"]!.GetValue<string>());
        Assert.Equal("Observed", json["layout"]!["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("Predicted", json["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Observed_vs_predicted_prints_hand_worked_R2_and_RMSE_and_draws_the_1_to_1_line()
    {
        // residuals 0,0,0,-1: SSres = 1; mean 2.5, SStot = 5; R² = 1 - 1/5 = 0.8; RMSE = sqrt(1/4) = 0.5.
        double[] observed = [1, 2, 3, 4, double.NaN];
        double[] predicted = [1, 2, 3, 5, 7];
        var figure = Chart.ObservedVsPredicted(observed, predicted, unit: "m", bins: 4);
        Assert.Equal("Observed vs predicted: R² = 0.800, RMSE = 0.5 m (n = 4)", figure.Title);
        var json = Parse(figure);
        var counts = json["data"]![0]!["z"]!.AsArray().SelectMany(r => r!.AsArray()).Where(v => v != null).Sum(v => v!.GetValue<double>());
        Assert.Equal(4, counts);
        var line = json["data"]![1]!;
        Assert.Equal("[1,5]", line["x"]!.ToJsonString());
        Assert.Equal("[1,5]", line["y"]!.ToJsonString());
        Assert.Equal("Observed (m)", json["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Fit_stats_agree_with_the_textbook_formulas()
    {
        var stats = FitStats.Compute([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
        // scikit-learn's r2_score example: 0.9486081370449679; RMSE = sqrt((0.25 + 0.25 + 0 + 1) / 4).
        Assert.Equal(0.9486081370449679, stats.R2, 12);
        Assert.Equal(Math.Sqrt(1.5 / 4), stats.Rmse, 12);
    }

    [Fact]
    public void Single_band_image_has_the_colormap_colorbar_and_a_north_up_square_pixel_axis()
    {
        double[,] band = { { 0, 1 }, { double.NaN, 3 } };
        var json = Parse(Chart.Image(band, Colormap.Terrain, colorbarTitle: "height (m)"));
        var trace = json["data"]![0]!;
        Assert.Equal("[[0,1],[null,3]]", trace["z"]!.ToJsonString());
        Assert.Equal(0, trace["zmin"]!.GetValue<double>());
        Assert.Equal(3, trace["zmax"]!.GetValue<double>());
        Assert.Equal("height (m)", trace["colorbar"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal(Colormap.Terrain.At(0).ToString(), trace["colorscale"]![0]![1]!.GetValue<string>());
        Assert.Equal("reversed", json["layout"]!["yaxis"]!["autorange"]!.GetValue<string>());
        Assert.Equal("x", json["layout"]!["yaxis"]!["scaleanchor"]!.GetValue<string>());
    }

    [Fact]
    public void Large_bands_are_thinned_by_an_integer_stride()
    {
        var band = new double[1000, 10];
        for (var r = 0; r < 1000; r++) band[r, 0] = r;
        var z = Trace(Chart.Image(band, maxSide: 512))["z"]!.AsArray();
        Assert.Equal(500, z.Count);
        Assert.Equal(998, z[499]![0]!.GetValue<double>());
    }

    [Fact]
    public void RGB_composite_stretches_each_band_between_its_percentiles()
    {
        // 0..100: the 2nd and 98th percentiles are 2 and 98; 26 maps to (26 - 2) / 96 * 255 = 63.75 -> 64.
        var red = new double[1, 101];
        for (var i = 0; i <= 100; i++) red[0, i] = i;
        var trace = Trace(Chart.RgbImage(red, red, red));
        Assert.Equal("image", trace["type"]!.GetValue<string>());
        Assert.Equal("[64,64,64]", trace["z"]![0]![26]!.ToJsonString());
        Assert.Equal("[0,0,0]", trace["z"]![0]![1]!.ToJsonString());
        Assert.Equal("[255,255,255]", trace["z"]![0]![99]!.ToJsonString());
    }

    [Fact]
    public void A_grid_gives_each_panel_its_own_axes_domain_and_title()
    {
        var a = Chart.Scatter([1], [1]).WithTitle("A").WithXAxis("x a");
        var b = Chart.Image(new double[2, 2]).WithTitle("B");
        var c = Chart.Bar(["u"], [1]).WithTitle("C");
        var json = Parse(Figure.Grid(2, a, b, c));
        Assert.Equal(["x", "x2", "x3"], json["data"]!.AsArray().Select(t => t!["xaxis"]!.GetValue<string>()));
        Assert.Equal("x a", json["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("x2", json["layout"]!["yaxis2"]!["scaleanchor"]!.GetValue<string>());
        var d1 = json["layout"]!["xaxis"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var d2 = json["layout"]!["xaxis2"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.True(d1[1] < d2[0], "panels side by side must not overlap");
        var y3 = json["layout"]!["yaxis3"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var y1 = json["layout"]!["yaxis"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.True(y3[1] < y1[0], "the third panel goes on the second row, below the first");
        Assert.Equal(["A", "B", "C"], json["layout"]!["annotations"]!.AsArray().Select(t => t!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void Figure_HTML_cannot_be_broken_out_of_by_a_title()
    {
        var html = Chart.Scatter([1], [1]).WithTitle("</script><script>alert(1)</script>").ToHtml();
        Assert.Equal(1, html.Split("</script>").Length - 1);
        Assert.Contains("class=\"earthembed-figure\"", html, StringComparison.Ordinal);
    }
}
