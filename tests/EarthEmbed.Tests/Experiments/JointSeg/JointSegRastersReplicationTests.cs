using System.Text.Json.Nodes;
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary><c>replicate jointseg</c> on the user's own rasters (<see cref="RasterFixture"/>) through a --config
/// overlay with a tiny model and two steps: metrics.json with finite scores and a data string naming the files, and
/// the keys' validation errors.</summary>
public class JointSegRastersReplicationTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-rasters-run");

    private static (JsonObject Metrics, string Html, string Folder) Replicate(string name, bool withImage1m)
    {
        var folder = Path.Combine(Root, name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var files = RasterFixture.Write(Path.Combine(Root, "fixture"));
        var config = Path.Combine(folder, "own.yaml");
        File.WriteAllText(config, RasterFixture.Overlay(files, withImage1m));
        var run = ExperimentRunner.Run(ExperimentCatalog.Find("jointseg"), new ExperimentOptions
        {
            Mode = "quick", OutDir = Path.Combine(folder, "jointseg"), ConfigPath = config,
        });
        Assert.NotNull(run.Outcome);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "jointseg", "metrics.json")))!.AsObject();
        return (metrics, File.ReadAllText(Path.Combine(folder, "jointseg", "report.html")), Path.Combine(folder, "jointseg"));
    }

    [Fact]
    public void Replicate_jointseg_on_own_rasters_scores_every_model_and_names_the_files()
    {
        var (metrics, html, folder) = Replicate("with-image", withImage1m: true);
        var data = metrics["data"]!.GetValue<string>();
        Assert.Contains("s2_10m.tif", data, StringComparison.Ordinal);
        Assert.Contains("isa_1m.tif", data, StringComparison.Ordinal);
        Assert.Contains("image_1m.tif", data, StringComparison.Ordinal);
        foreach (var model in JointSegModels.Names)
        {
            var test = metrics["models"]![model]!["test"]!;
            Assert.True(double.IsFinite(test["f1"]!.GetValue<double>()), model);
            Assert.InRange(test["oa"]!.GetValue<double>(), 0, 1);
            // Scenes cut from rasters have no declared type: no urban/rural split.
            Assert.Null(metrics["models"]![model]!["test_urban"]);
        }
        Assert.True(double.IsFinite(metrics["models"]!["jointseg"]!["test"]!["psnr"]!.GetValue<double>()));
        Assert.Contains("data: rasters", File.ReadAllText(Path.Combine(folder, "config.yaml")), StringComparison.Ordinal);
        Assert.Contains("your rasters", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "predictions", "isa_probability_1m.tif")));
    }

    [Fact]
    public void Without_the_1m_image_jointseg_trains_on_labels_only_and_the_report_says_so()
    {
        var (metrics, html, _) = Replicate("without-image", withImage1m: false);
        Assert.True(double.IsFinite(metrics["models"]!["jointseg"]!["test"]!["f1"]!.GetValue<double>()));
        Assert.Null(metrics["models"]!["jointseg"]!["test"]!["psnr"]);
        Assert.Contains("no 1 m image", metrics["data"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("No 1 m image was given (image_1m)", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data: tiff\n", "data must be synthetic or rasters, got 'tiff'")]
    [InlineData("data: rasters\nlabels_1m: a.tif\n", "data: rasters needs image_10m")]
    [InlineData("data: rasters\nimage_10m: a.tif\n", "data: rasters needs labels_1m")]
    [InlineData("data: rasters\nimage_10m: a.tif\nlabels_1m: b.tif\n", "image_1m is empty, but sr_weight (1) and adversarial_weight (0) need the 1 m image")]
    [InlineData("data: rasters\nimage_10m: a.tif\nlabels_1m: b.tif\nsr_weight: 0\nimage_bands: [0]\n", "image_bands must list 1-based band numbers, got [0]")]
    [InlineData("data: rasters\nimage_10m: a.tif\nlabels_1m: b.tif\nimage_1m: c.tif\ntest_fraction: 1\n", "test_fraction must be in (0, 1), got 1")]
    [InlineData("data: rasters\nimage_10m: a.tif\nlabels_1m: b.tif\nimage_1m: c.tif\nmin_valid_label: 2\n", "min_valid_label must lie in [0, 1], got 2")]
    public void The_raster_keys_are_validated_by_name(string yaml, string expected)
    {
        var path = Path.Combine(Root, "keys", $"bad-{Math.Abs(yaml.GetHashCode(StringComparison.Ordinal))}.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        var e = Assert.Throws<ArgumentException>(() => new JointSegExperiment().Resolve(new ConfigRequest("quick", path)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
