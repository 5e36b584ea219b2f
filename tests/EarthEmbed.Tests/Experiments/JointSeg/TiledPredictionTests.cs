using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Geo;
using EarthEmbed.Tests.Training;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>The 10 m raster seen on its 1 m grid, and the streamed 1 m GeoTIFF against whole-scene prediction.</summary>
[Collection(TrainerTests.Serial)]
public class TiledPredictionTests
{
    [Fact]
    public void The_fine_grid_view_repeats_each_coarse_pixel_factor_by_factor()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-view");
        Directory.CreateDirectory(folder);
        var grid = new Grid(3, 2, GeoTransform.NorthUp(500000, 5000000, 10, 10), Crs.FromEpsg(32631));
        var path = Path.Combine(folder, "coarse.tif");
        GeoTiff.Write(path, grid, 1, [1, 2, 3, 4, 5, 6]);
        using var raster = RasterDataset.Open(path);
        var view = new FineGridView(raster, 4);
        Assert.Equal(12, view.Grid.Width);
        Assert.Equal(1.0 * 10 / 4, view.Grid.ResolutionX, 9);
        var w = view.Read(new PixelWindow(3, 2, 6, 4));   // columns 3..8, rows 2..5
        Assert.Equal(new float[] { 1, 2, 2, 2, 2, 3, 1, 2, 2, 2, 2, 3, 4, 5, 5, 5, 5, 6, 4, 5, 5, 5, 5, 6 }, w.Values);
    }

    [Fact]
    public void Streamed_tiles_agree_with_whole_scene_prediction_away_from_the_edges()
    {
        var config = JointSegTiny.Config();
        config.TrunkBlocks = 0;              // a small receptive field, so edge padding matters only near the edges
        config.StageBlocks = [0, 0];
        config.TileSize = 640;              // one tile holds the whole scene: only the edge padding differs
        config.TileOverlap = 40;
        var sample = SyntheticScenes.Make(new SceneSpec(SceneType.Urban, 4, 48), SensorModel.Sentinel2Like, "tiles");
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-tiles");
        var paths = SceneFiles.Write(sample, folder, "tiles");
        var stats = BandStats.From([sample]);
        using var model = JointSegModels.Create("jointseg", config, 1);
        using var scene = new SceneTensors(sample, stats);
        var direct = JointSegEvaluation.Predict(model, scene, stats).Probability;
        var output = Path.Combine(folder, "isa.tif");
        var report = JointSegEvaluation.PredictGeoTiff(model, stats, config, paths.LowRes, output);
        Assert.Equal(1, report.TilesPredicted);
        using var tiled = RasterDataset.Open(output);
        Assert.Equal(480, tiled.Width);
        Assert.Equal(1.0, tiled.Grid.ResolutionX, 9);
        var values = tiled.ReadAll().Values;
        var worst = 0.0;
        for (var r = 40; r < 440; r++)
            for (var c = 40; c < 440; c++)
                worst = Math.Max(worst, Math.Abs(values[(r * 480) + c] - direct[(r * 480) + c]));
        Assert.True(worst < 1e-4, $"largest difference inside the scene {worst}");

        // Several tiles: blended seams stay close to the whole-scene prediction.
        config.TileSize = 320;
        var several = JointSegEvaluation.PredictGeoTiff(model, stats, config, paths.LowRes, output);
        Assert.Equal(4, several.TilesPredicted);
        using var seams = RasterDataset.Open(output);
        var blended = seams.ReadAll().Values;
        Assert.All(blended, v => Assert.InRange(v, 0f, 1f));
        var mean = blended.Zip(direct, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(mean < 0.01, $"mean difference with seams {mean}");
    }
}
