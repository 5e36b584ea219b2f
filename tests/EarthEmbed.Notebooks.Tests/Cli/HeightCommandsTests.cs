using System.Text.Json.Nodes;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Geo;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>`earthembed replicate height` with a tiny config, then `earthembed predict` with its checkpoint, as a user
/// runs them: separate processes, exit codes, files.</summary>
public class HeightCommandsTests
{
    private const string TinyYaml = """
        landscape:
          width: 96
          height: 96
          bands: 16
          hill_scale: 400
        encoder_depth: 3
        decoder_channels: [16, 16, 8]
        patch_size: 32
        batch_size: 4
        patches_per_epoch: 8
        validation_fraction: 0.34
        training:
          epochs: 2
        tile_size: 64
        tile_overlap: 16
        """;

    [Fact]
    public void Replicate_with_a_tiny_config_then_predict_with_its_checkpoint_reproduces_the_test_block_geotiff()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "height-cli");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "tiny.yaml");
        File.WriteAllText(config, TinyYaml);
        var output = Path.Combine(folder, "out");

        var (code, stdout, stderr) = NotebookCommandTests.Earthembed("replicate", "height", "--quick", "--config", config, "--out", output);
        Assert.True(code == 0, $"replicate exited {code}:\n{stdout}\n{stderr}");
        var run = Path.Combine(output, "height");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")))!;
        Assert.NotNull(metrics["models"]!["unetpp"]!["test"]!["r2"]);
        Assert.NotNull(metrics["paper"]!["unet"]!["test"]!["r2"]);
        Assert.Contains("Our numbers beside the paper", File.ReadAllText(Path.Combine(run, "report.html")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Contains("width: 96", File.ReadAllText(Path.Combine(run, "config.yaml")), StringComparison.Ordinal);

        // The test block's embeddings as a GeoTIFF, as a user would have them.
        var scene = HeightData.Prepare(EarthEmbed.Runs.ConfigFile.Load<HeightConfig>(Path.Combine(run, "config.yaml")));
        var input = Path.Combine(folder, "test-embeddings.tif");
        GeoTiff.Write(input, scene.InputSource(scene.TestRegion).ReadAll());
        var predicted = Path.Combine(folder, "height.tif");
        var checkpoint = Path.Combine(run, "checkpoints", "unetpp", "best.safetensors");
        (code, stdout, stderr) = NotebookCommandTests.Earthembed("predict", "--checkpoint", checkpoint, "--input", input, "--output", predicted,
            "--tile", "64", "--overlap", "16");
        Assert.True(code == 0, $"predict exited {code}:\n{stdout}\n{stderr}");
        Assert.Contains("predict: 100%", stdout, StringComparison.Ordinal);
        using var ours = RasterDataset.Open(predicted);
        using var replicated = RasterDataset.Open(Path.Combine(run, "predictions", "unetpp_test.tif"));
        Assert.Equal(replicated.Grid.Transform, ours.Grid.Transform);
        var a = ours.ReadAll().Values;
        var b = replicated.ReadAll().Values;
        for (var i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) < 1e-3, $"pixel {i}: {a[i]} vs {b[i]}");

        // A raster with other bands, and a missing checkpoint: exit 1 with the reason.
        var wrong = Path.Combine(folder, "three-bands.tif");
        GeoTiff.Write(wrong, scene.Grid, 3, new float[3 * 96 * 96]);
        (code, _, stderr) = NotebookCommandTests.Earthembed("predict", "--checkpoint", checkpoint, "--input", wrong, "--output", Path.Combine(folder, "x.tif"));
        Assert.Equal(1, code);
        Assert.Contains("3 band(s)", stderr, StringComparison.Ordinal);
        Assert.Contains("trained on 16", stderr, StringComparison.Ordinal);
        (code, _, stderr) = NotebookCommandTests.Earthembed("predict", "--checkpoint", Path.Combine(folder, "none.safetensors"), "--input", input, "--output", Path.Combine(folder, "y.tif"));
        Assert.Equal(1, code);
        Assert.Contains("none.safetensors", stderr, StringComparison.Ordinal);
    }
}
