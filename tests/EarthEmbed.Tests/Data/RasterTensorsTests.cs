using EarthEmbed.Data;
using EarthEmbed.Geo;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Data;

/// <summary>The raster-to-tensor bridge: windows become [C, H, W] tensors with masks, and a torch module runs as a
/// tile predictor in streaming tiled prediction.</summary>
public class RasterTensorsTests
{
    private static string RepoRoot => RepoPaths.Root();

    private static string Landsat => Path.Combine(RepoRoot, "data-samples", "olinda", "L7_ETMs.tif");

    private static RasterWindow Small() => new(
        [1, float.NaN, 3, 4, 5, 6, 7, -9],
        [true, false, true, true, true, true, true, false], 2, 2, 2,
        new Grid(2, 2, GeoTransform.NorthUp(0, 2, 1, 1), null));

    [Fact]
    public void A_window_becomes_a_channels_first_tensor_with_its_mask()
    {
        using var scope = torch.NewDisposeScope();
        var w = Small();
        var t = w.ToTensor(fill: 0);
        Assert.Equal([2L, 2, 2], t.shape);
        Assert.Equal([1f, 0, 3, 4, 5, 6, 7, 0], t.data<float>().ToArray());
        Assert.Equal(ScalarType.Bool, w.ValidTensor().dtype);
        Assert.Equal(w.Valid, w.ValidTensor().data<bool>().ToArray());
        var pixel = w.PixelValidTensor();
        Assert.Equal([2L, 2], pixel.shape);
        Assert.Equal([true, false, true, false], pixel.data<bool>().ToArray());
        Assert.True(float.IsNaN(w.ToTensor().data<float>().ToArray()[1]), "without a fill the stored NaN stays");
    }

    [Fact]
    public void Reading_the_landsat_scene_as_tensors_keeps_band_row_col_order()
    {
        using var scope = torch.NewDisposeScope();
        using var ds = RasterDataset.Open(Landsat);
        var window = new PixelWindow(10, 20, 7, 5);
        var (values, valid) = ds.ReadTensors(window);
        Assert.Equal([6L, 5, 7], values.shape);
        var expected = ds.Read(window);
        Assert.Equal(expected.Values, values.data<float>().ToArray());
        Assert.All(valid.data<bool>().ToArray(), Assert.True);
    }

    [Fact]
    public void A_module_runs_as_a_tile_predictor_over_a_real_raster()
    {
        var folder = Directory.CreateTempSubdirectory("earthembed-data-");
        try
        {
            using var ds = RasterDataset.Open(Landsat);
            using var model = new AffineModel();
            var output = Path.Combine(folder.FullName, "affine.tif");
            var report = TiledPrediction.Run(ds, new ModuleTilePredictor(model, 6, 6, sizeMultiple: 16), output,
                new TiledPredictionOptions { TileSize = 96, Overlap = 16, BatchSize = 3 });
            Assert.True(report.TilesPredicted > 4);
            Assert.False(model.training, "the predictor puts the module in evaluation mode");
            using var result = RasterDataset.Open(output);
            Assert.Equal(ds.Grid, result.Grid);
            var input = ds.ReadAll().Values;
            var got = result.ReadAll().Values;
            for (var i = 0; i < input.Length; i++) Assert.Equal(2 * input[i] + 1, got[i]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_module_returning_the_wrong_shape_is_reported_with_both_shapes()
    {
        using var model = new AffineModel();
        var predictor = new ModuleTilePredictor(model, 6, 1);
        var ex = Assert.Throws<InvalidOperationException>(() => predictor.Predict(new float[2 * 6 * 4 * 4], 2, 4, 4, new float[2 * 4 * 4]));
        Assert.Contains("[2, 6, 4, 4]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs [2, 1, 4, 4]", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>y = 2x + 1, elementwise: exact in float for the Landsat bytes.</summary>
    private sealed class AffineModel : nn.Module<Tensor, Tensor>
    {
        public AffineModel() : base(nameof(AffineModel)) { }

        public override Tensor forward(Tensor input) => input.mul(2) + 1;
    }
}
