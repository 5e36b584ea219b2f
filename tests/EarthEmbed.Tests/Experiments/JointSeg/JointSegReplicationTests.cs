using System.Text.Json.Nodes;
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Geo;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>The replicate path end to end with a tiny config given through --config (ExperimentOptions.ConfigPath),
/// through the experiment the catalog finds by name and the shared runner: metrics.json in the contract's shape, the
/// streamed 1 m GeoTIFF, the resolved config, the report and the list of files written.</summary>
public class JointSegReplicationTests
{
    [Fact]
    public void Replicate_jointseg_with_a_tiny_config_writes_metrics_geotiff_and_report()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-replicate");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "tiny.yaml");
        File.WriteAllText(config, string.Join('\n',
            "scene_size: 16", "train_urban: 1", "train_rural: 1", "test_urban: 1", "test_rural: 1", "steps: 1", "batch_size: 2",
            "trunk_channels: 8", "growth_channels: 4", "stage_channels: [8, 4]", "seg_channels: 4", "olinda_window: 8"));
        var experiment = ExperimentCatalog.Find("jointseg");
        Assert.IsType<JointSegExperiment>(experiment);
        Assert.Equal(3, experiment.Order);
        var lines = new List<string>();
        var run = ExperimentRunner.Run(experiment, new ExperimentOptions
        {
            Mode = "quick", OutDir = Path.Combine(folder, "jointseg"), ConfigPath = config, Progress = new Progress<string>(lines.Add),
        });
        var outcome = run.Outcome;

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "jointseg", "metrics.json")))!.AsObject();
        Assert.Equal("jointseg", metrics["experiment"]!.GetValue<string>());
        foreach (var model in new[] { "jointseg", "bilinear_unet", "lowres_unet" })
            foreach (var split in new[] { "test", "test_urban", "test_rural" })
                foreach (var metric in new[] { "f1", "precision", "recall", "iou", "oa", "kappa" })
                    Assert.NotNull(metrics["models"]![model]![split]![metric]);
        Assert.NotNull(metrics["models"]!["jointseg"]!["test"]!["psnr"]);
        Assert.Equal(0.8571, metrics["paper"]!["jointseg"]!["test"]!["f1"]!.GetValue<double>(), 6);
        Assert.Equal(outcome.Metrics.Models["jointseg"]["test"]["f1"], metrics["models"]!["jointseg"]!["test"]!["f1"]!.GetValue<double>(), 12);

        using var isa = RasterDataset.Open(Path.Combine(folder, "jointseg", "predictions", "isa_probability_1m.tif"));
        Assert.Equal(160, isa.Width);
        Assert.Equal(1.0, isa.Grid.ResolutionX, 9);
        Assert.Equal(32631, isa.Grid.Crs!.Epsg);

        var resolved = File.ReadAllText(Path.Combine(folder, "jointseg", "config.yaml"));
        Assert.Contains("scene_size: 16", resolved, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(folder, "jointseg", "report.html"));
        Assert.Contains("bilinear up-sampling + U-Net in F1", html, StringComparison.Ordinal);
        Assert.Contains("Olinda", html, StringComparison.Ordinal);
        var listed = System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(folder, "jointseg", "files.json")))!;
        Assert.Equal(["config.yaml"], listed[..1]);
        Assert.Contains("checkpoints/jointseg.safetensors", listed);
        Assert.Contains("predictions/isa_probability_1m.tif", listed);
        Assert.Equal(["metrics.json", "report.html", "files.json"], listed[^3..]);
        Assert.All(listed, f => Assert.True(File.Exists(Path.Combine(folder, "jointseg", f)), f + " is listed but missing"));
    }
}
