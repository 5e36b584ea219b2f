using EarthEmbed.Engine.Serialization;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Geo;
using EarthEmbed.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.Height;

/// <summary>Model files that rebuild themselves, and streaming prediction from them.</summary>
[Collection(TrainerTests.Serial)]
public class HeightPredictionTests
{
    private static readonly HeightModelSpec Spec = new()
    {
        Architecture = "unetpp", Encoder = "resnet-tiny", EncoderDepth = 3, DecoderChannels = [16, 16, 8], Bands = 5, TargetMean = 120, TargetStd = 15,
    };

    private static (string Checkpoint, string Input, float[] Values, Grid Grid) Fixture(string name)
    {
        var folder = HeightTestData.Folder(name);
        torch.manual_seed(9);
        using var network = new HeightNetwork(Spec);
        network.SetInputStatistics([0.1f, 0.2f, 0f, -0.1f, 0.3f], [1f, 2f, 0.5f, 1f, 1.5f]);
        var checkpoint = Path.Combine(folder, "best.safetensors");
        Checkpoint.Save(checkpoint, network, metadata: new Dictionary<string, string> { [HeightModelFile.SpecKey] = Spec.ToJson() });
        var grid = new Grid(40, 40, GeoTransform.NorthUp(500000, 6500000, 10, 10), Crs.FromEpsg(2154));
        var values = Enumerable.Range(0, 5 * 40 * 40).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        var input = Path.Combine(folder, "input.tif");
        GeoTiff.Write(input, grid, 5, values);
        return (checkpoint, input, values, grid);
    }

    [Fact]
    public void Predicting_a_raster_from_the_checkpoint_gives_the_rebuilt_network_output_in_metres()
    {
        var (checkpoint, input, values, grid) = Fixture("predict-roundtrip");
        var output = Path.Combine(Path.GetDirectoryName(checkpoint)!, "height.tif");
        var report = HeightPrediction.Run(checkpoint, input, output, tileSize: 64, overlap: 0);
        Assert.Equal(1600, report.ValidPixelsWritten);

        using var scope = torch.NewDisposeScope();
        using var network = new HeightNetwork(Spec);
        Checkpoint.Load(checkpoint, network);
        network.eval();
        float[] expected;
        using (torch.no_grad())
            expected = (network.call(torch.tensor(values, [1, 5, 40, 40])) * Spec.TargetStd + Spec.TargetMean).contiguous().data<float>().ToArray();
        using var written = RasterDataset.Open(output);
        Assert.Equal(grid.Transform, written.Grid.Transform);
        var actual = written.ReadAll().Values;
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-3, $"pixel {i}: {expected[i]} vs {actual[i]}");
        Assert.Equal(Spec, HeightModelFile.ReadSpec(checkpoint) with { DecoderChannels = Spec.DecoderChannels });
        Assert.Equal(Spec.DecoderChannels, HeightModelFile.ReadSpec(checkpoint).DecoderChannels);
    }

    [Fact]
    public void A_raster_with_another_band_count_is_refused_naming_both_counts()
    {
        var (checkpoint, _, _, grid) = Fixture("predict-bands");
        var wrong = Path.Combine(Path.GetDirectoryName(checkpoint)!, "three-bands.tif");
        GeoTiff.Write(wrong, grid, 3, new float[3 * 40 * 40]);
        var e = Assert.Throws<RasterInputException>(() => HeightPrediction.Run(checkpoint, wrong, Path.Combine(Path.GetDirectoryName(checkpoint)!, "x.tif")));
        Assert.Contains("3 band(s)", e.Message);
        Assert.Contains("trained on 5", e.Message);
    }

    [Fact]
    public void A_missing_checkpoint_or_a_file_that_is_not_a_height_model_is_a_clear_error()
    {
        var e = Assert.Throws<FileNotFoundException>(() => HeightModelFile.ReadSpec("/no/such/best.safetensors"));
        Assert.Contains("/no/such/best.safetensors", e.Message);
        var folder = HeightTestData.Folder("predict-foreign");
        var foreign = Path.Combine(folder, "plain.safetensors");
        using (var scope = torch.NewDisposeScope()) SafeTensors.Save(foreign, new Dictionary<string, Tensor> { ["w"] = torch.ones(2) });
        var f = Assert.Throws<InvalidDataException>(() => HeightModelFile.ReadSpec(foreign));
        Assert.Contains("not a height model", f.Message);
    }

    [Fact]
    public void A_ridge_file_predicts_as_the_fitted_ridge_does()
    {
        using var scope = torch.NewDisposeScope();
        var config = HeightTestData.Tiny();
        var scene = HeightData.Prepare(config);
        var path = Path.Combine(HeightTestData.Folder("ridge-file"), "ridge.safetensors");
        var ridge = HeightTask.FitRidge(scene, config, path);
        using var loaded = HeightModelFile.LoadPredictor(path);
        Assert.Equal("ridge", loaded.Spec.Architecture);
        var x = torch.randn(1, scene.Bands, 3, 4);
        var expected = ridge.Predict(x).contiguous().data<float>().ToArray();
        var actual = new float[12];
        loaded.Predict(x.data<float>().ToArray(), 1, 3, 4, actual);
        for (var i = 0; i < 12; i++) Assert.Equal(expected[i], actual[i], 4);
    }
}
