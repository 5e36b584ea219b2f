using System.Text.Json.Nodes;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Runs;

public class MetricsReportTests
{
    [Fact]
    public void The_json_follows_the_architecture_contract()
    {
        var r = new MetricsReport("height", "synthetic landscape, seed 7");
        r.Add("unet", "test", "r2", 0.8);
        r.Add("unet", "test", "rmse", double.NaN);
        r.AddPaper("unet", "test", "r2", 0.78);
        var root = JsonNode.Parse(r.ToJson())!.AsObject();
        Assert.Equal("height", root["experiment"]!.GetValue<string>());
        Assert.Equal("synthetic landscape, seed 7", root["data"]!.GetValue<string>());
        Assert.Equal(0.8, root["models"]!["unet"]!["test"]!["r2"]!.GetValue<double>());
        Assert.Null(root["models"]!["unet"]!["test"]!["rmse"]);
        Assert.Equal(0.78, root["paper"]!["unet"]!["test"]!["r2"]!.GetValue<double>());
    }

    [Fact]
    public void A_metric_outside_the_contract_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new MetricsReport("x", "y").Add("m", "s", "R2", 1));

    [Fact]
    public void A_saved_report_loads_back_with_the_same_numbers()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ee-metrics-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = new MetricsReport("jointseg", "synthetic");
            r.Add("jointseg", "test", "f1", 0.81);
            RunFolder.Create(dir).WriteMetrics(r);
            var back = MetricsReport.Load(Path.Combine(dir, "metrics.json"));
            Assert.Equal(0.81, back.Models["jointseg"]["test"]["f1"]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
