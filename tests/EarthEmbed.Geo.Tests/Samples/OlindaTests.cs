using System.Globalization;
using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Samples;

/// <summary>The real Olinda sample (data-samples/olinda, fetched by environment/fetch-olinda.sh): Landsat-7 and SRTM
/// rasters on different grids, aligned with the warp and compared with the gdalwarp command.</summary>
public class OlindaTests
{
    private static string Sample(string name)
    {
        var path = Path.Combine(Fixture.RepoRoot, "data-samples", "olinda", name);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} missing; run `bash environment/fetch-olinda.sh`", path);
        return path;
    }

    [Fact]
    public void The_landsat_scene_is_six_byte_bands_of_28_5_m_in_sirgas_2000_utm_25s()
    {
        using var l7 = RasterDataset.Open(Sample("L7_ETMs.tif"));
        Assert.Equal((349, 352, 6), (l7.Width, l7.Height, l7.BandCount));
        Assert.All(l7.Bands, b => Assert.Equal(RasterDataType.Byte, b.DataType));
        Assert.Equal(31985, l7.Crs!.Epsg);
        Assert.Equal(28.5, l7.Grid.ResolutionX, 6);
        var w = l7.Read(new PixelWindow(100, 100, 50, 40));
        Assert.All(w.Values, v => Assert.InRange(v, 0, 255));
        Assert.True(w.Values.Distinct().Count() > 20, "a real scene has texture");
    }

    [Fact]
    public void Aligning_the_dem_onto_the_landsat_grid_matches_gdalwarp_bilinear()
    {
        using var tmp = new TempFolder();
        using var l7 = RasterDataset.Open(Sample("L7_ETMs.tif"));
        using var dem = RasterDataset.Open(Sample("olinda_dem_utm25s.tif"));
        Assert.False(dem.Grid.IsAlignedWith(l7.Grid));
        using var aligned = Warp.Align(dem, l7, Resampling.Bilinear);
        Assert.Equal(l7.Grid, aligned.Grid);

        var e = l7.Grid.Extent;
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var reference = tmp.File("dem_on_l7.tif");
        Fixture.RunTool("gdalwarp", "-q", "-ot", "Float32", "-r", "bilinear", "-t_srs", "EPSG:31985",
            "-te", N(e.MinX), N(e.MinY), N(e.MaxX), N(e.MaxY), "-ts", "349", "352", "-dstnodata", "nan", Sample("olinda_dem_utm25s.tif"), reference);
        using var expected = RasterDataset.Open(reference);
        var a = aligned.ReadAll();
        var x = expected.ReadAll();
        Assert.Equal(x.Valid, a.Valid);
        for (var i = 0; i < a.Values.Length; i++) if (a.Valid[i]) Assert.Equal(x.Values[i], a.Values[i], 4);
        Assert.InRange(a.Valid.Count(v => v), 0.9 * 349 * 352, 349 * 352);

        // Aligned, the two read window for window: the same window of each covers the same ground.
        var window = new PixelWindow(200, 150, 32, 32);
        Assert.Equal(l7.Grid.Window(window), aligned.Read(window).Grid);
    }

    [Fact]
    public void Tiled_identity_over_the_landsat_scene_returns_the_scene()
    {
        using var tmp = new TempFolder();
        using var l7 = RasterDataset.Open(Sample("L7_ETMs.tif"));
        var report = TiledPrediction.Run(l7, new IdentityPredictor(6, 16), tmp.File("l7.tif"),
            new TiledPredictionOptions { TileSize = 128, Overlap = 32, BatchSize = 4 });
        Assert.Equal(0, report.TilesSkipped);
        using var back = RasterDataset.Open(tmp.File("l7.tif"));
        Assert.Equal(l7.Grid, back.Grid);
        Assert.Equal(l7.ReadAll().Values, back.ReadAll().Values);
    }
}
