using EarthEmbed.Viz.Frames;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Viz.Tests.Frames;

/// <summary>metrics.json's repeats, intervals and comparisons as DataFrames, and the claims table; every expected value
/// is written out by hand from the file below.</summary>
public class StatisticsFramesTests
{
    private const string Json = """
        {
          "experiment": "demo", "data": "hand-made",
          "models": {"unet": {"test": {"r2": 0.9}}, "unetpp": {"test": {"r2": 0.85}}},
          "repeats": {"unet": {"test": {"r2": {"unit": "seed", "labels": ["7", "11"], "values": [0.91, null]}}}},
          "intervals": {"unet": {"test": {"r2": {"estimate": 0.9, "lo": 0.88, "hi": 0.92, "sd": 0.014, "n": 2, "kind": "mean_sd", "level": null}}}},
          "comparisons": [
            {"claim": "U-Net++ beats U-Net on R²", "a": "unetpp", "b": "unet", "split": "test", "metric": "r2", "direction": "greater",
             "unit": "site", "n": 40, "center": "median", "difference": -0.0123, "lo": -0.031, "hi": 0.0042, "level": 0.95,
             "test": "wilcoxon_normal", "statistic": 301, "p": 0.2134, "margin": 0, "alpha": 0.05, "verdict": "undecided"},
            {"claim": "JointSeg beats bilinear", "a": "jointseg", "b": "bilinear", "split": "test", "metric": "f1", "direction": "greater",
             "unit": "site", "n": 60, "center": "median", "difference": 0.05, "lo": 0.03, "hi": 0.07, "level": 0.95,
             "test": "wilcoxon_normal", "statistic": 100, "p": 0.00001, "margin": 0, "alpha": 0.05, "verdict": "supported"}
          ]
        }
        """;

    [Fact]
    public void Intervals_load_one_row_per_model_split_and_metric_with_fixed_columns()
    {
        var frame = ResultFrames.IntervalsFromJson(Json);
        Assert.Equal(ResultFrames.IntervalColumns, frame.Columns.Select(c => c.Name));
        Assert.Equal(1, frame.Rows.Count);
        Assert.Equal((0.88, 0.92, 2L, "mean_sd"), ((double)frame["lo"][0], (double)frame["hi"][0], (long)frame["n"][0], (string)frame["kind"][0]));
        Assert.Null(frame["level"][0]);
    }

    [Fact]
    public void Repeats_load_in_long_form_with_null_as_missing()
    {
        var frame = ResultFrames.RepeatsFromJson(Json);
        Assert.Equal(["model", "split", "metric", "unit", "label", "value"], frame.Columns.Select(c => c.Name));
        Assert.Equal(["7", "11"], Enumerable.Range(0, 2).Select(i => (string)frame["label"][i]));
        Assert.Equal(0.91, (double)frame["value"][0]);
        Assert.Null(frame["value"][1]);
    }

    [Fact]
    public void A_file_without_the_sections_gives_empty_frames_with_the_same_columns()
    {
        const string plain = """{"experiment": "x", "data": "y", "models": {"m": {"test": {"r2": 1}}}}""";
        var comparisons = ResultFrames.ComparisonsFromJson(plain);
        Assert.Equal(0, comparisons.Rows.Count);
        Assert.Equal(ResultFrames.ComparisonColumns, comparisons.Columns.Select(c => c.Name));
        Assert.Equal(0, ResultFrames.IntervalsFromJson(plain).Rows.Count);
        Assert.Equal(0, comparisons.ToClaimsTable().RowCount);
    }

    [Fact]
    public void A_malformed_comparisons_section_is_named_in_the_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => ResultFrames.ComparisonsFromJson("""{"comparisons": {"a": 1}}""", "run/metrics.json"));
        Assert.Contains("run/metrics.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("comparisons", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_claims_table_states_difference_interval_p_and_verdict_per_claim()
    {
        var table = ResultFrames.ComparisonsFromJson(Json).ToClaimsTable();
        Assert.Equal(["claim", "difference [95 % interval]", "n", "p", "verdict"], table.Columns);
        Assert.Equal("U-Net++ beats U-Net on R²", table[0, "claim"]);
        Assert.Equal("-0.0123 [-0.031, 0.0042]", table[0, "difference [95 % interval]"]);
        Assert.Equal("0.213", table[0, "p"]);
        Assert.Equal("undecided", table[0, "verdict"]);
        Assert.Equal(40L, table[0, "n"]);
        Assert.Equal("< 0.0001", table[1, "p"]);
        Assert.Equal("supported", table[1, "verdict"]);
    }

    [Fact]
    public void The_claims_table_refuses_a_frame_that_is_not_a_comparisons_frame()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataFrame(new StringDataFrameColumn("claim", ["x"])).ToClaimsTable());
        Assert.Contains("difference", e.Message, StringComparison.Ordinal);
    }
}
