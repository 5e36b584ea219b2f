using EarthEmbed.Runs;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Tests.Runs;

/// <summary>A metrics report in memory becomes the DataFrame its metrics.json would (Viz's ResultFrames).</summary>
public class MetricsFramesTests
{
    [Fact]
    public void A_report_in_memory_loads_as_its_metrics_json_does()
    {
        var report = new MetricsReport("demo", "hand-made");
        report.Add("unet", "test", "r2", 0.8123);
        report.Add("unet", "test", "rmse", double.NaN);
        report.AddPaper("unet", "test", "r2", 0.85);
        var frame = report.ToFrame();
        Assert.Equal(["source", "model", "split", "r2", "rmse"], frame.Columns.Select(c => c.Name));
        Assert.Equal(new double?[] { 0.8123, 0.85 }, Doubles(frame["r2"]));
        Assert.Equal(new double?[] { null, null }, Doubles(frame["rmse"]));  // NaN is written as null: missing
        Assert.Equal(3, report.ToLongFrame().Rows.Count);
    }

    private static double?[] Doubles(DataFrameColumn column) =>
        Enumerable.Range(0, (int)column.Length).Select(i => (double?)column[i]).ToArray();
}
