using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Tiling;

/// <summary>Predicting a window of a raster on the whole raster's tile lattice: each window equals the same pixels of
/// a whole-raster run bit for bit, however the window sits against tiles, edges and no-data.</summary>
public class RegionPredictionTests
{
    /// <summary>Smooth values with a no-data block and a no-data stripe.</summary>
    private static float Value(int b, int r, int c) =>
        (r + 3 * c) % 29 == 0 || (r is >= 30 and < 38 && c is >= 50 and < 70) ? float.NaN : MathF.Sin(r * 0.11f + b) * 10 + c * 0.37f;

    private static TiledPredictionOptions Options(PixelWindow? region = null) => new()
    {
        TileSize = 32, Overlap = 12, BatchSize = 3, Region = region,
        Output = new GeoTiffOptions { NoData = double.NaN, BlockSize = 16 },
    };

    internal static int[] Bits(RasterWindow w) => w.Values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Theory]
    [InlineData(0, 0, 101, 77)]     // the whole raster as a region
    [InlineData(0, 0, 40, 40)]      // the north-west corner
    [InlineData(37, 21, 30, 19)]    // inside, off the lattice, across the no-data block
    [InlineData(90, 60, 11, 17)]    // the south-east corner
    [InlineData(55, 0, 1, 77)]      // one column
    [InlineData(13, 76, 88, 1)]     // the last row
    public void A_region_equals_the_same_window_of_the_whole_raster_run_bit_for_bit(int x, int y, int w, int h)
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(101, 77), 2, Value);
        TiledPrediction.Run(source, new BlurPredictor(2), tmp.File("whole.tif"), Options());
        var region = new PixelWindow(x, y, w, h);
        var report = TiledPrediction.Run(source, new BlurPredictor(2), tmp.File("region.tif"), Options(region));

        using var whole = RasterDataset.Open(tmp.File("whole.tif"));
        using var part = RasterDataset.Open(tmp.File("region.tif"));
        Assert.Equal(whole.Grid.Window(region), part.Grid);
        Assert.Equal(Bits(whole.Read(region)), Bits(part.ReadAll()));
        Assert.Equal(region.Area, report.RasterPixels);
        Assert.Equal(report.Tiles, report.TilesPredicted + report.TilesSkipped);
    }

    [Fact]
    public void A_region_reads_its_halo_from_outside_so_predicting_the_cropped_raster_alone_differs()
    {
        // The check above would pass trivially if tiles never needed context; this shows they do.
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(101, 77), 2, Value);
        var region = new PixelWindow(37, 21, 30, 19);
        TiledPrediction.Run(source, new BlurPredictor(2), tmp.File("region.tif"), Options(region));
        TiledPrediction.Run(source.Crop(region), new BlurPredictor(2), tmp.File("cropped.tif"), Options());
        using var a = RasterDataset.Open(tmp.File("region.tif"));
        using var b = RasterDataset.Open(tmp.File("cropped.tif"));
        Assert.NotEqual(Bits(a.ReadAll()), Bits(b.ReadAll()));
    }

    [Fact]
    public void Only_the_tiles_touching_the_region_are_predicted()
    {
        // 200 x 200, tiles 32 overlap 8: margin 4, step 24, origins -4, 20, 44, ... A 10 x 10 region at (50, 50)
        // touches tile origins 20 (20..51) and 44 (44..75) on each axis: 4 tiles.
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(200, 200), 1, (_, r, c) => r + c);
        var predictor = new IdentityPredictor(1);
        var report = TiledPrediction.Run(source, predictor, tmp.File("r.tif"),
            new TiledPredictionOptions { TileSize = 32, Overlap = 8, BatchSize = 1, Region = new PixelWindow(50, 50, 10, 10) });
        Assert.Equal(4, report.Tiles);
        Assert.Equal(4, predictor.Calls);
    }

    [Fact]
    public void A_region_outside_the_raster_is_refused_naming_it_and_the_raster_size()
    {
        using var tmp = new TempFolder();
        var source = new ArraySource(ArraySource.UtmGrid(50, 40), 1, (_, r, c) => r + c);
        var e = Assert.Throws<ArgumentException>(() => TiledPrediction.Run(source, new IdentityPredictor(1), tmp.File("x.tif"),
            new TiledPredictionOptions { TileSize = 16, Overlap = 4, Region = new PixelWindow(40, 30, 20, 5) }));
        Assert.Contains("20x5 at (x 40, y 30)", e.Message, StringComparison.Ordinal);
        Assert.Contains("50x40", e.Message, StringComparison.Ordinal);
        Assert.Empty(tmp.Files());
    }
}
