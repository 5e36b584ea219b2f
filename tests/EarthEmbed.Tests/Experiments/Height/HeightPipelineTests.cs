using System.Text.Json.Nodes;
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Geo;
using EarthEmbed.Runs;
using EarthEmbed.Tests.Training;

namespace EarthEmbed.Tests.Experiments.Height;

/// <summary>The whole pipeline on a tiny config: the files of the contract, and the same numbers from the same seed.</summary>
[Collection(TrainerTests.Serial)]
public class HeightPipelineTests
{
    [Fact]
    public void A_run_writes_metrics_per_the_contract_a_test_block_geotiff_and_the_best_checkpoint()
    {
        var folder = HeightTestData.Folder("pipeline");
        var result = (HeightResult)ExperimentRunner.Run(new HeightExperiment(), HeightTestData.Tiny(), folder, new RunContext()).Outcome.Result;

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")))!.AsObject();
        Assert.Equal("height", json["experiment"]!.GetValue<string>());
        Assert.Contains("synthetic landscape", json["data"]!.GetValue<string>());
        foreach (var model in new[] { "unet", "unetpp", "ridge" })
            foreach (var split in new[] { "train", "test" })
                foreach (var metric in new[] { "r2", "rmse", "mae", "pearson", "spearman", "median_diff", "nmad", "bias" })
                    Assert.NotNull(json["models"]![model]![split]![metric]);
        Assert.Equal(0.84, json["paper"]!["unetpp"]!["test"]!["r2"]!.GetValue<double>());
        Assert.Equal(0.38, json["paper"]!["ridge"]!["test"]!["r2"]!.GetValue<double>());

        using (var tif = RasterDataset.Open(Path.Combine(folder, "predictions", "unetpp_test.tif")))
        {
            Assert.Equal(result.Scene.TestRegion.Width, tif.Width);
            Assert.Equal(result.Scene.Grid.Transform.ToWorld(result.Scene.TestStartColumn, 0).X, tif.Grid.Transform.OriginX, 6);
            Assert.Equal(2154, tif.Crs!.Epsg);
        }
        Assert.True(File.Exists(Path.Combine(folder, "checkpoints", "unet", "best.safetensors")));
        Assert.True(File.Exists(Path.Combine(folder, "checkpoints", "ridge.safetensors")));
        Assert.True(File.Exists(Path.Combine(folder, "config.yaml")));
        Assert.Equal(ConfigFile.Save(HeightTestData.Tiny()), ConfigFile.Save(ConfigFile.Load<HeightConfig>(Path.Combine(folder, "config.yaml"))));
        Assert.Equal(2 * result.Config.HeightBins * 3, result.BinBias.Count);

        // The metrics were computed from the written GeoTIFF against the reference heights.
        var test = result.Prediction("ridge", "test");
        Assert.Equal(EarthEmbed.Metrics.Regression.Rmse(
            test.Observed.Select(v => (double)v).ToArray(), test.Predicted.Select(v => (double)v).ToArray()), test.Metrics.Rmse, 9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_metrics()
    {
        var first = HeightExperiment.Replicate(HeightTestData.Tiny(seed: 5), RunFolder.Create(HeightTestData.Folder("seed-a")), new RunContext());
        var second = HeightExperiment.Replicate(HeightTestData.Tiny(seed: 5), RunFolder.Create(HeightTestData.Folder("seed-b")), new RunContext());
        Assert.Equal(first.Metrics.ToJson(), second.Metrics.ToJson());
    }
}
