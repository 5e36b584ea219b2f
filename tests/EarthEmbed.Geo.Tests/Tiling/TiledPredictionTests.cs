using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Tiling;

/// <summary>Streaming tiled prediction: identity reproduces the input exactly inside the valid area for sizes that
/// are not multiples of the tile, with overlap; blending is worked by hand; no-data stays no-data.</summary>
public class TiledPredictionTests
{
    /// <summary>Value of band b at (r, c), NaN (no data) in a diagonal stripe and a block, so edges and tiles meet it.</summary>
    private static float Value(int b, int r, int c) =>
        (r + 2 * c) % 23 == 0 || (r is >= 40 and < 50 && c is >= 60 and < 75) ? float.NaN : 100 * b + r * 0.25f + c * 1.5f + ((r * 7 + c * 13) % 11);

    private static void AssertReproduced(ArraySource source, string path)
    {
        using var ds = RasterDataset.Open(path);
        Assert.Equal(source.Grid, ds.Grid);
        var w = ds.ReadAll();
        var grid = source.Grid;
        for (var b = 0; b < source.BandCount; b++)
            for (var r = 0; r < grid.Height; r++)
                for (var c = 0; c < grid.Width; c++)
                {
                    var i = (b * grid.Height + r) * grid.Width + c;
                    var pixelValid = Enumerable.Range(0, source.BandCount).All(bb => !float.IsNaN(Value(bb, r, c)));
                    Assert.Equal(pixelValid, w.Valid[i]);
                    if (pixelValid) Assert.Equal(Value(b, r, c), w.Values[i]);
                }
    }

    [Theory]
    [InlineData(203, 157, 64, 16, 3, 16, BlendWindow.Cosine, EdgePadding.Reflect, 3)]
    [InlineData(203, 157, 64, 0, 4, 16, BlendWindow.Cosine, EdgePadding.Reflect, 3)]
    [InlineData(130, 97, 32, 8, 1, 8, BlendWindow.Linear, EdgePadding.Edge, 1)]
    [InlineData(77, 120, 48, 20, 5, 4, BlendWindow.Uniform, EdgePadding.Constant, 2)]
    [InlineData(13, 9, 64, 16, 2, 16, BlendWindow.Cosine, EdgePadding.Reflect, 3)]
    public void Identity_reproduces_the_input_exactly_inside_the_valid_area(int width, int height, int tile, int overlap, int batch,
        int multiple, BlendWindow blend, EdgePadding padding, int buffers)
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(width, height), 2, Value);
        var predictor = new IdentityPredictor(2, multiple);
        var options = new TiledPredictionOptions
        {
            TileSize = tile, Overlap = overlap, BatchSize = batch, Blend = blend, Padding = padding, BuffersInFlight = buffers,
            Output = new GeoTiffOptions { NoData = double.NaN, BlockSize = 32 },
        };
        var report = TiledPrediction.Run(source, predictor, tmp.File("identity.tif"), options);
        AssertReproduced(source, tmp.File("identity.tif"));
        Assert.False(predictor.SawNaN, "no-data reaches the model as the fill value, never as NaN");
        Assert.Equal(0, report.TileShape.Height % multiple);
        Assert.Equal(0, report.TileShape.Width % multiple);
        Assert.Equal(report.TilesPredicted, report.PixelsComputed / (report.TileShape.Height * report.TileShape.Width));
        Assert.Equal(report.Tiles, report.TilesPredicted + report.TilesSkipped);
        Assert.Equal(["identity.tif"], tmp.Files());
    }

    [Fact]
    public void A_raster_smaller_than_a_tile_gets_one_tile_rounded_up_to_the_size_multiple()
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(13, 9), 2, Value);
        var report = TiledPrediction.Run(source, new IdentityPredictor(2, 16), tmp.File("small.tif"),
            new TiledPredictionOptions { TileSize = 64, Overlap = 16 });
        // 13 + 2 x 8 = 29 -> 32 wide; 9 + 16 = 25 -> 32 high.
        Assert.Equal((32, 32), report.TileShape);
        Assert.Equal(1, report.Tiles);
    }

    [Fact]
    public void Linear_blending_of_tiles_with_different_constant_outputs_is_a_seamless_ramp_worked_by_hand()
    {
        // One row of 20 pixels, tiles of 8 with overlap 4: margin 2, step 4, origins -2, 2, 6, 10, 14.
        // Linear weights over 8 pixels: 0.125 0.375 0.625 0.875 0.875 0.625 0.375 0.125.
        // Pixel x is covered by tile k (value k) at index x - origin_k; e.g. x = 6: tile 1 (i 4, w .875) and tile 2
        // (i 0, w .125): (1 x .875 + 2 x .125) / 1 = 1.125. In general (x - 1.5) / 4 from x = 2 on; x = 0, 1 see tile 0 only.
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(20, 1), 1, (_, _, c) => c);
        var report = TiledPrediction.Run(source, new TileNumberPredictor(1), tmp.File("ramp.tif"),
            new TiledPredictionOptions { TileSize = 8, Overlap = 4, BatchSize = 2, Blend = BlendWindow.Linear });
        Assert.Equal(5, report.Tiles);
        using var ds = RasterDataset.Open(tmp.File("ramp.tif"));
        var v = ds.ReadAll().Values;
        Assert.Equal(0f, v[0]);
        Assert.Equal(0f, v[1]);
        for (var x = 2; x < 18; x++) Assert.Equal((x - 1.5) / 4, v[x], 6);
        // The last tile (origin 14) alone covers x = 18, 19 beyond tile 3's end at 17.
        Assert.Equal(4f, v[18]);
        Assert.Equal(4f, v[19]);
    }

    [Fact]
    public void A_three_to_two_band_model_on_a_real_geotiff_writes_its_outputs_on_the_input_grid()
    {
        using var tmp = new TempFolder();
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var path = tmp.File("mixed.tif");
        TiledPrediction.Run(ds, new MixingPredictor(), path, new TiledPredictionOptions
        {
            TileSize = 16, Overlap = 4, BatchSize = 2,
            Output = new GeoTiffOptions { NoData = -1, BandDescriptions = ["red_plus_green", "twice_nir"] },
        });
        var info = Fixture.GdalInfo(path);
        Assert.Equal(-1, info.GetProperty("bands")[0].GetProperty("noDataValue").GetDouble());
        Assert.Equal("twice_nir", info.GetProperty("bands")[1].GetProperty("description").GetString());
        using var output = RasterDataset.Open(path);
        Assert.Equal(ds.Grid, output.Grid);
        var input = ds.ReadAll();
        var o = output.ReadAll();
        var validIn = input.PixelValidity();
        var plane = ds.Width * ds.Height;
        for (var p = 0; p < plane; p++)
        {
            Assert.Equal(validIn[p], o.Valid[p]);
            if (!validIn[p]) continue;
            Assert.Equal(input.Values[p] + input.Values[p + plane], o.Values[p], 3);
            Assert.Equal(2 * input.Values[p + 2 * plane], o.Values[p + plane], 3);
        }
    }

    [Fact]
    public void Tiles_entirely_no_data_are_skipped_counted_and_left_no_data()
    {
        using var tmp = new TempFolder();
        // Columns 0..63 are no-data: with tiles of 32 and no overlap, tile columns 0 and 1 are empty.
        var source = new ArraySource(ArraySource.UtmGrid(100, 70), 1, (_, r, c) => c < 64 ? float.NaN : r + c);
        var predictor = new IdentityPredictor(1);
        var report = TiledPrediction.Run(source, predictor, tmp.File("skip.tif"), new TiledPredictionOptions { TileSize = 32, Overlap = 0, BatchSize = 1 });
        // 4 tile columns (0, 32, 64, 96) x 3 tile rows (0, 32, 64).
        Assert.Equal(12, report.Tiles);
        Assert.Equal(6, report.TilesSkipped);
        Assert.Equal(6, predictor.Calls);
        Assert.Equal(36 * 70, report.ValidPixelsWritten);
        using var ds = RasterDataset.Open(tmp.File("skip.tif"));
        var w = ds.ReadAll();
        Assert.Equal(36 * 70, w.Valid.Count(v => v));
        Assert.True(float.IsNaN(w[0, 10, 10]));
    }

    [Fact]
    public void A_raster_with_no_valid_pixel_gives_an_all_no_data_output_and_no_model_call()
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(50, 40), 1, (_, _, _) => float.NaN);
        var predictor = new IdentityPredictor(1);
        var report = TiledPrediction.Run(source, predictor, tmp.File("empty.tif"), new TiledPredictionOptions { TileSize = 16, Overlap = 4 });
        Assert.Equal(report.Tiles, report.TilesSkipped);
        Assert.Equal(0, predictor.Calls);
        using var ds = RasterDataset.Open(tmp.File("empty.tif"));
        Assert.All(ds.ReadAll().Valid, Assert.False);
    }

    [Fact]
    public void A_wrong_band_count_names_the_input_and_both_counts_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var ex = Assert.Throws<RasterInputException>(() => TiledPrediction.Run(ds, new IdentityPredictor(64), tmp.File("x.tif")));
        Assert.Contains(ds.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 band(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expects 64", ex.Message, StringComparison.Ordinal);
        Assert.Empty(tmp.Files());
    }

    [Fact]
    public void A_tile_size_that_is_not_a_multiple_of_the_model_stride_suggests_sizes_that_are()
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(300, 300), 1, (_, r, c) => r + c);
        var ex = Assert.Throws<ArgumentException>(() => TiledPrediction.Run(source, new IdentityPredictor(1, 32), tmp.File("x.tif"),
            new TiledPredictionOptions { TileSize = 100 }));
        Assert.Contains("use 96 or 128", ex.Message, StringComparison.Ordinal);
        Assert.Empty(tmp.Files());
    }

    [Fact]
    public void A_model_failure_mid_run_propagates_and_leaves_no_output_and_no_temporary_file()
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(200, 200), 1, (_, r, c) => r + c);
        var ex = Assert.Throws<InvalidOperationException>(() => TiledPrediction.Run(source, new FailingPredictor(1, failOnCall: 3),
            tmp.File("fail.tif"), new TiledPredictionOptions { TileSize = 32, Overlap = 8, BatchSize = 2 }));
        Assert.Contains("call 3", ex.Message, StringComparison.Ordinal);
        Assert.Empty(tmp.Files());
    }

    [Fact]
    public void A_read_failure_names_the_truncated_file_and_leaves_no_output()
    {
        using var tmp = new TempFolder();
        var path = Fixture.Path("truncated.tif");
        using var ds = RasterDataset.Open(path);
        var ex = Assert.Throws<GdalException>(() => TiledPrediction.Run(ds, new IdentityPredictor(1), tmp.File("out.tif"),
            new TiledPredictionOptions { TileSize = 32, Overlap = 8 }));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Empty(tmp.Files());
    }

    [Fact]
    public void Cancelling_stops_the_run_and_leaves_no_output()
    {
        using var tmp = new TempFolder();
        using var cts = new CancellationTokenSource();
        var source = new ArraySource(ArraySource.UtmGrid(200, 200), 1, (_, r, c) => r + c);
        var progress = new SyncProgress(p => { if (p.TilesDone >= 5) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => TiledPrediction.Run(source, new IdentityPredictor(1), tmp.File("c.tif"),
            new TiledPredictionOptions { TileSize = 32, Overlap = 8, BatchSize = 1, Progress = progress }, cts.Token));
        Assert.Empty(tmp.Files());
    }

    [Fact]
    public void Results_do_not_depend_on_how_many_buffers_are_in_flight_or_the_batch_size()
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(150, 110), 1, Value);
        TiledPrediction.Run(source, new TileNumberPredictor(1), tmp.File("a.tif"), new TiledPredictionOptions { TileSize = 32, Overlap = 12, BatchSize = 1, BuffersInFlight = 1 });
        TiledPrediction.Run(source, new TileNumberPredictor(1), tmp.File("b.tif"), new TiledPredictionOptions { TileSize = 32, Overlap = 12, BatchSize = 5, BuffersInFlight = 3 });
        using var a = RasterDataset.Open(tmp.File("a.tif"));
        using var b = RasterDataset.Open(tmp.File("b.tif"));
        Assert.Equal(a.ReadAll().Values, b.ReadAll().Values);
    }

    /// <summary>IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post asynchronously).</summary>
    internal sealed class SyncProgress(Action<TilingProgress> action) : IProgress<TilingProgress>
    {
        public void Report(TilingProgress value) => action(value);
    }
}

/// <summary>The text progress bar.</summary>
public class ConsoleProgressBarTests
{
    [Fact]
    public void The_bar_fills_in_proportion_and_ends_its_line_when_done()
    {
        Assert.Equal("[##########..........]  50%  tiles 5/10  rows 64/128  3 s",
            ConsoleProgressBar.Line(new TilingProgress(5, 10, 64, 128), 20, TimeSpan.FromSeconds(3)));
        var text = new StringWriter();
        var bar = new ConsoleProgressBar(text, 10, TimeSpan.Zero);
        bar.Report(new TilingProgress(1, 4, 0, 100));
        bar.Report(new TilingProgress(4, 4, 100, 100));
        bar.Report(new TilingProgress(4, 4, 100, 100));
        var s = text.ToString();
        Assert.StartsWith("\r[##........]  25%", s, StringComparison.Ordinal);
        Assert.Contains("\r[##########] 100%", s, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, s, StringComparison.Ordinal);
        Assert.Equal(2, s.Count(c => c == '\r'));
    }

    [Fact]
    public void Tiled_prediction_drives_the_bar_to_completion()
    {
        using var tmp = new TempFolder();
        var text = new StringWriter();
        var source = new ArraySource(ArraySource.UtmGrid(70, 50), 1, (_, r, c) => r + c);
        TiledPrediction.Run(source, new IdentityPredictor(1), tmp.File("p.tif"),
            new TiledPredictionOptions { TileSize = 16, Overlap = 4, Progress = new ConsoleProgressBar(text, 10, TimeSpan.Zero) });
        Assert.Contains("100%", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("rows 50/50", text.ToString(), StringComparison.Ordinal);
    }
}
