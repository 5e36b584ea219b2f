using System.Text.Json.Nodes;
using EarthEmbed.Viz.Charts;

namespace EarthEmbed.Viz.Tests.Charts;

/// <summary>Intervals as error bars: the arms plotly.js draws are hand-computed here from the ends.</summary>
public class IntervalChartTests
{
    private static JsonObject Parse(Figure figure) => JsonNode.Parse(figure.ToJson())!.AsObject();

    [Fact]
    public void Bars_carry_asymmetric_error_arms_from_the_interval_ends()
    {
        var figure = Chart.BarsWithIntervals(["test", "train"],
            [new IntervalSeries("unet", [0.80, 0.90], [0.75, double.NaN], [0.82, 0.95]), new IntervalSeries("unetpp", [0.70, 0.85], [0.60, 0.84], [0.71, 0.86])]);
        var json = Parse(figure);
        var error = json["data"]![0]!["error_y"]!;
        Assert.Equal("bar", json["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("data", error["type"]!.GetValue<string>());
        Assert.False(error["symmetric"]!.GetValue<bool>());
        Assert.Equal(0.02, error["array"]![0]!.GetValue<double>(), 12);       // hi - value
        Assert.Equal(0.05, error["arrayminus"]![0]!.GetValue<double>(), 12);  // value - lo
        Assert.Null(error["arrayminus"]![1]);                                  // NaN end: no arm
        Assert.Equal(0.10, json["data"]![1]!["error_y"]!["arrayminus"]![0]!.GetValue<double>(), 12);
        Assert.Equal("group", json["layout"]!["barmode"]!.GetValue<string>());
        Assert.True(json["layout"]!["showlegend"]!.GetValue<bool>());
    }

    [Fact]
    public void Points_mode_draws_markers_and_an_interval_not_holding_its_value_gets_no_reversed_arm()
    {
        var trace = Parse(Chart.BarsWithIntervals(["a"], [new IntervalSeries("m", [1.0], [1.2], [1.5])], bars: false))["data"]![0]!;
        Assert.Equal("scatter", trace["type"]!.GetValue<string>());
        Assert.Equal("markers", trace["mode"]!.GetValue<string>());
        Assert.Equal(0.0, trace["error_y"]!["arrayminus"]![0]!.GetValue<double>());
        Assert.Equal(0.5, trace["error_y"]!["array"]![0]!.GetValue<double>(), 12);
    }

    [Fact]
    public void A_series_of_the_wrong_length_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.BarsWithIntervals(["a", "b"], [new IntervalSeries("unet", [1.0, 2.0], [0.5], [1.5, 2.5])]));
        Assert.Contains("series \"unet\" lo", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Differences_are_a_forest_with_horizontal_arms_and_a_zero_line()
    {
        var json = Parse(Chart.Differences(["U-Net++ vs U-Net", "JointSeg vs bilinear"], [0.02, -0.01], [-0.01, -0.03], [0.05, 0.00]));
        var points = json["data"]![0]!;
        Assert.Equal("[0.02,-0.01]", points["x"]!.ToJsonString());
        Assert.Equal(["U-Net++ vs U-Net", "JointSeg vs bilinear"], points["y"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(0.03, points["error_x"]!["array"]![0]!.GetValue<double>(), 12);
        Assert.Equal(0.03, points["error_x"]!["arrayminus"]![0]!.GetValue<double>(), 12);
        Assert.Equal(0.01, points["error_x"]!["array"]![1]!.GetValue<double>(), 12);
        var zero = json["layout"]!["shapes"]![0]!;
        Assert.Equal((0, 0), (zero["x0"]!.GetValue<int>(), zero["x1"]!.GetValue<int>()));
        Assert.Equal("reversed", json["layout"]!["yaxis"]!["autorange"]!.GetValue<string>());
    }
}
