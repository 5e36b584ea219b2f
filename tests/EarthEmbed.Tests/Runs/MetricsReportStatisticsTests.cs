using System.Text.Json.Nodes;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Runs;

/// <summary>metrics.json's repeats, intervals and comparisons: written beside the point values, read back, framed.</summary>
public class MetricsReportStatisticsTests
{
    private static MetricsReport Seeds()
    {
        var r = new MetricsReport("height", "synthetic landscape, seeds 7, 11, 13");
        r.AddRepeats("unet", "test", "r2", "seed", ["7", "11", "13"], [0.96, 0.93, 0.90]);
        r.AddRepeats("unetpp", "test", "r2", "seed", ["13", "7", "11", "17"], [0.91, 0.81, 0.88, 0.99]);
        return r;
    }

    [Fact]
    public void A_report_without_repeats_writes_the_file_it_always_did()
    {
        var r = new MetricsReport("x", "y");
        r.Add("m", "test", "r2", 0.5);
        var root = JsonNode.Parse(r.ToJson())!.AsObject();
        Assert.Equal(["experiment", "data", "models", "paper"], root.Select(p => p.Key));
    }

    [Fact]
    public void Summarising_seeds_records_mean_sd_and_sets_the_point_value()
    {
        var r = Seeds();
        var e = r.SummariseRepeats("unet", "test", "r2", IntervalKind.MeanSd);
        Assert.Equal(0.93, r.Models["unet"]["test"]["r2"], 12);
        Assert.Equal(0.03, e.Sd, 12);  // sqrt((0.03² + 0 + 0.03²) / 2)
        var node = JsonNode.Parse(r.ToJson())!["intervals"]!["unet"]!["test"]!["r2"]!;
        Assert.Equal("mean_sd", node["kind"]!.GetValue<string>());
        Assert.Equal(0.90, node["lo"]!.GetValue<double>(), 12);
        Assert.Equal(3, node["n"]!.GetValue<int>());
        Assert.Null(node["level"]);
    }

    [Fact]
    public void Compare_pairs_repeats_by_label_and_records_the_claim()
    {
        var r = Seeds();
        var c = r.Compare("U-Net++ generalises better than U-Net", "unetpp", "unet", "test", "r2", ClaimDirection.Greater,
            new CompareOptions(DifferenceCenter.Mean));
        // Pairs by seed: 7: 0.81 - 0.96, 11: 0.88 - 0.93, 13: 0.91 - 0.90 (seed 17 has no partner).
        Assert.Equal(3, c.N);
        Assert.Equal("seed", c.Unit);
        Assert.Equal((-0.15 - 0.05 + 0.01) / 3, c.Difference, 12);
        Assert.Equal(Verdict.Undecided, c.Verdict);
        Assert.Single(r.Comparisons);
        Assert.Throws<KeyNotFoundException>(() => r.Compare("?", "ridge", "unet", "test", "r2", ClaimDirection.Greater));
    }

    [Fact]
    public void Repeats_intervals_and_comparisons_load_back_and_frame()
    {
        var r = Seeds();
        r.SummariseRepeats("unetpp", "test", "r2", IntervalKind.MedianBootstrap, seed: 4);
        r.Compare("U-Net++ generalises better than U-Net", "unetpp", "unet", "test", "r2", ClaimDirection.Greater);
        var dir = Path.Combine(Path.GetTempPath(), "ee-stats-" + Guid.NewGuid().ToString("N"));
        try
        {
            RunFolder.Create(dir).WriteMetrics(r);
            var back = MetricsReport.Load(Path.Combine(dir, "metrics.json"));
            Assert.Equal(r.ToJson(), back.ToJson());
            Assert.Equal(r.Intervals["unetpp"]["test"]["r2"], back.Intervals["unetpp"]["test"]["r2"]);
            Assert.Equal(r.Comparisons[0], back.Comparisons[0]);
            Assert.Equal(["13", "7", "11", "17"], back.RepeatValues["unetpp"]["test"]["r2"].Labels);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        Assert.Equal(7, r.ToRepeatFrame().Rows.Count);
        Assert.Equal("median_bootstrap", r.ToIntervalFrame()["kind"][0]);
        Assert.Equal("undecided", r.ToComparisonFrame()["verdict"][0]);
        Assert.Equal(1, r.ToFrame().Rows.Count);  // one point value (unetpp's, set by SummariseRepeats); the new sections add no rows
    }

    [Fact]
    public void Bad_repeats_are_refused_with_the_reason()
    {
        var r = new MetricsReport("x", "y");
        Assert.Contains("expected 2 values", Assert.Throws<ArgumentException>(() => r.AddRepeats("m", "s", "r2", "seed", ["1", "2"], [0.5])).Message, StringComparison.Ordinal);
        Assert.Contains("\"1\" appears twice", Assert.Throws<ArgumentException>(() => r.AddRepeats("m", "s", "r2", "seed", ["1", "1"], [0.5, 0.6])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => r.AddRepeats("m", "s", "R2", "seed", ["1"], [0.5]));
    }

    [Fact]
    public void A_malformed_section_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "ee-bad-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{"experiment": "x", "data": "y", "models": {}, "intervals": {"m": {"s": {"r2": {"kind": "mean_sd"}}}}}""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => MetricsReport.Load(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
