using System.Text.Json;
using EarthEmbed.Data.Benchmarks;
using EarthEmbed.Geo;
using TorchSharp;

namespace EarthEmbed.Tests.Data;

/// <summary>The tiles benchmark's parts on tiny sizes: the generated raster, the U-Net's shapes, and a whole run's
/// report (figures are not checked: tests never time anything).</summary>
public class TilesBenchmarkTests
{
    [Fact]
    public void The_generated_raster_is_an_alphaearth_like_int8_tile_with_a_no_data_corner()
    {
        var folder = Directory.CreateTempSubdirectory("earthembed-bench-");
        try
        {
            var path = BenchRaster.Ensure(folder.FullName, 64, 8);
            Assert.Equal(path, BenchRaster.Ensure(folder.FullName, 64, 8)); // cached: not generated twice
            using var reader = AlphaEarthReader.Open(path, expectedBands: 8);
            Assert.True(reader.IsQuantized);
            Assert.Equal(32725, reader.Grid.Crs!.Epsg);
            var w = reader.ReadAll();
            Assert.False(w.IsValid(0, 0, 0));   // 64 / 16 = 4: the top-left 4x4 pixels are -128
            Assert.False(w.IsValid(7, 3, 3));
            Assert.True(w.IsValid(0, 4, 0));
            // code ((x >> 3) * 5 + (y >> 3) * 3 + b * 17) % 200 - 100 at b 2, y 20, x 40: (25 + 6 + 34) - 100 = -35.
            Assert.Equal(AlphaEarthReader.Dequantize(-35), w[2, 20, 40]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_unet_keeps_the_tile_size_and_asks_for_a_padded_size_otherwise()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new BenchUNet(8, 1, baseChannels: 4, depth: 2);
        model.eval();
        using (torch.no_grad())
        {
            var y = model.call(torch.randn(2, 8, 16, 24));
            Assert.Equal([2L, 1, 16, 24], y.shape);
            var ex = Assert.Throws<ArgumentException>(() => model.call(torch.randn(1, 8, 18, 24)));
            Assert.Contains("pad it to 20x24", ex.Message, StringComparison.Ordinal);
        }
        Assert.Contains(model.state_dict().Keys, k => k == "enc0.0.weight");
        Assert.Contains(model.state_dict().Keys, k => k == "head.weight");
    }

    [Fact]
    public void A_tiny_run_reports_the_issue_keys_and_consistent_counts()
    {
        var folder = Directory.CreateTempSubdirectory("earthembed-bench-");
        try
        {
            var settings = new TilesBenchmarkSettings
            {
                Size = 96, Bands = 8, TileSize = 32, Overlap = 8, BatchSize = 3, BaseChannels = 4, Depth = 2, Threads = 1,
                ModelOnlyBatches = 1, CacheFolder = folder.FullName, Rows = 64,
            };
            var result = TilesBenchmark.Run(settings);
            var r = result.Report;
            Assert.Equal(r.Tiles, r.TilesPredicted + r.TilesSkipped);
            Assert.Equal(96L * 64, r.RasterPixels);
            Assert.Equal((long)r.TilesPredicted * 32 * 32, r.PixelsComputed);
            using var json = JsonDocument.Parse(result.ToJson());
            foreach (var key in new[] { "pixels_per_s", "model_only_pixels_per_s", "efficiency", "peak_rss_mb" })
                Assert.True(json.RootElement.GetProperty(key).GetDouble() > 0, key);
            Assert.Equal(64, json.RootElement.GetProperty("raster").GetProperty("rows_predicted").GetInt32());
            using var height = RasterDataset.Open(Path.Combine(folder.FullName, "height_96.tif"));
            Assert.Equal((96, 64, 1), (height.Width, height.Height, height.BandCount));
            Assert.Equal("height", height.Bands[0].Description);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Two_workers_share_the_raster_as_a_sharded_job_and_each_writes_its_figures()
    {
        var folder = Directory.CreateTempSubdirectory("earthembed-bench-");
        try
        {
            var settings = new TilesBenchmarkSettings
            {
                Size = 96, Bands = 8, TileSize = 32, Overlap = 8, BatchSize = 2, BaseChannels = 4, Depth = 2, Threads = 1,
                CacheFolder = folder.FullName, Rows = 64, OutputTileSize = 48,
            };
            BenchRaster.Ensure(folder.FullName, 96, 8);
            var job = Path.Combine(folder.FullName, "workers-2");
            TilesBenchmark.RunWorker(settings, new ShardSpec(1, 2), job);
            TilesBenchmark.RunWorker(settings, new ShardSpec(2, 2), job);
            var check = TileMosaic.Check(job);
            Assert.Empty(check.Missing);
            Assert.Equal(4, check.Tiles); // 96 x 64 in tiles of 48
            var figures = Enumerable.Range(1, 2)
                .Select(j => JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(job, $"worker-{j}.json")))!).ToArray();
            Assert.Equal(96 * 64, figures.Sum(f => f["pixels"]));
            Assert.Equal([2.0, 2.0], figures.Select(f => f["tiles"]));
            Assert.All(figures, f => Assert.True(f["peak_rss_mb"] > 0));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
