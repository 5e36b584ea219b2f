using System.Globalization;
using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Align;

/// <summary>Nearest-neighbour reprojection on read, against gdalwarp -r near -et 0, and the union of inputs in two
/// CRSs.</summary>
public class ReprojectedSourceTests
{
    /// <summary>A 60 x 50 raster in UTM 25S (EPSG:32725) with 30 m pixels, NaN in a block.</summary>
    internal static string WriteUtm25(TempFolder tmp, string name = "utm25.tif", int bands = 2)
    {
        var grid = new Grid(60, 50, GeoTransform.NorthUp(780000, 9120000, 30, 30), Crs.FromEpsg(32725));
        var values = new float[bands * 60 * 50];
        for (var b = 0; b < bands; b++)
            for (var r = 0; r < 50; r++)
                for (var c = 0; c < 60; c++)
                    values[(b * 50 + r) * 60 + c] = r is >= 20 and < 26 && c is >= 10 and < 18 ? float.NaN : 1000 * b + 100 * r + c;
        var path = tmp.File(name);
        GeoTiff.Write(path, grid, bands, values, new GeoTiffOptions { NoData = double.NaN });
        return path;
    }

    /// <summary>A grid in UTM 24S (EPSG:32724, the zone to the west: rotated and scaled against 25S) over part of it.</summary>
    private static Grid Utm24Target() => new(70, 55, GeoTransform.NorthUp(1444800, 9110800, 25, 25), Crs.FromEpsg(32724));

    [Fact]
    public void Nearest_reprojection_on_read_matches_gdalwarp_near_with_exact_transformation()
    {
        using var tmp = new TempFolder();
        var path = WriteUtm25(tmp);
        var target = Utm24Target();
        var e = target.Extent;
        var ci = CultureInfo.InvariantCulture;
        Fixture.RunTool("gdalwarp", "-q", "-t_srs", "EPSG:32724", "-te", e.MinX.ToString(ci), e.MinY.ToString(ci), e.MaxX.ToString(ci), e.MaxY.ToString(ci),
            "-tr", "25", "25", "-r", "near", "-et", "0", "-dstnodata", "nan", path, tmp.File("gdal.tif"));
        using var source = RasterDataset.Open(path);
        using var ours = new ReprojectedSource(source, target);
        using var gdal = RasterDataset.Open(tmp.File("gdal.tif"));
        Assert.Equal(target, gdal.Grid);
        var a = ours.ReadAll();
        var b = gdal.ReadAll();
        var covered = a.Valid.Count(v => v);
        Assert.True(covered > a.Valid.Length / 3, $"the target should overlap the source well; {covered} of {a.Valid.Length} covered");
        var same = 0;
        for (var i = 0; i < a.Values.Length; i++)
            if (a.Valid[i] == b.Valid[i] && (!a.Valid[i] || a.Values[i] == b.Values[i])) same++;
        Assert.True(same == a.Values.Length, $"{a.Values.Length - same} of {a.Values.Length} values differ from gdalwarp");
    }

    [Fact]
    public void A_pixel_reads_the_same_whatever_window_holds_it()
    {
        using var tmp = new TempFolder();
        using var source = RasterDataset.Open(WriteUtm25(tmp));
        using var ours = new ReprojectedSource(source, Utm24Target());
        var whole = ours.ReadAll();
        var part = ours.Read(new PixelWindow(13, 7, 21, 30));
        for (var b = 0; b < 2; b++)
            for (var r = 0; r < 30; r++)
                for (var c = 0; c < 21; c++)
                {
                    Assert.Equal(whole.Valid[(b * 55 + r + 7) * 70 + c + 13], part.Valid[(b * 30 + r) * 21 + c]);
                    Assert.Equal(whole.Values[(b * 55 + r + 7) * 70 + c + 13], part.Values[(b * 30 + r) * 21 + c]);
                }
    }

    [Fact]
    public void The_union_of_rasters_in_two_crss_covers_both_on_the_first_ones_lattice_first_input_first()
    {
        using var tmp = new TempFolder();
        var first = WriteUtm25(tmp);
        // The second: the same kind of raster in UTM 24S, overlapping the first's east half, values + 0.25.
        var grid24 = new Grid(60, 50, GeoTransform.NorthUp(1444900, 9110700, 30, 30), Crs.FromEpsg(32724));
        var values = Enumerable.Range(0, 2 * 3000).Select(i => 5000f + i % 3000 + 0.25f).ToArray();
        GeoTiff.Write(tmp.File("utm24.tif"), grid24, 2, values);
        using var union = UnionSource.Create([RasterDataset.Open(first), RasterDataset.Open(tmp.File("utm24.tif"))]);

        Assert.True(union.Grid.Crs!.IsSame(Crs.FromEpsg(32725)));
        Assert.Equal(30, union.Grid.ResolutionX);
        var placed = union.Placement(0)!.Value;
        Assert.Equal((60, 50), (placed.Width, placed.Height));
        Assert.Null(union.Placement(1));
        var extent24 = Crs.FromEpsg(32724).TransformBounds(grid24.Extent, Crs.FromEpsg(32725));
        Assert.True(union.Grid.Extent.Buffer(1e-6).Contains(extent24), $"{union.Grid.Extent} should hold the second input's {extent24}");
        Assert.True(union.Grid.Extent.Buffer(1e-6).Contains(new Grid(60, 50, GeoTransform.NorthUp(780000, 9120000, 30, 30), null).Extent));
        Assert.True(union.Grid.Width > 60);

        var all = union.ReadAll();
        int fromFirst = 0, fromSecond = 0;
        var plane = union.Grid.Width * union.Grid.Height;
        for (var p = 0; p < plane; p++)
        {
            if (!all.Valid[p]) continue;
            if (all.Values[p] % 1 == 0.25f) fromSecond++;
            else fromFirst++;
        }
        Assert.Equal(60 * 50 - 6 * 8, fromFirst); // every valid pixel of the first input, wherever the second overlaps it
        Assert.True(fromSecond > 0);
        // The first input's no-data block is filled from the second where the second covers it.
        var hole = union.Read(new PixelWindow(10, 20, 8, 6).Translate(placed.X, placed.Y));
        var filled = hole.Values.Where((v, i) => hole.Valid[i]).ToArray();
        Assert.NotEmpty(filled);
        Assert.All(filled, v => Assert.Equal(0.25f, v % 1));
    }

    [Fact]
    public void Inputs_with_different_bands_or_without_a_crs_are_refused_naming_the_file()
    {
        using var tmp = new TempFolder();
        var two = WriteUtm25(tmp);
        var three = WriteUtm25(tmp, "three.tif", bands: 3);
        var e = Assert.Throws<RasterInputException>(() => UnionSource.Create([RasterDataset.Open(two), RasterDataset.Open(three)]));
        Assert.Contains("three.tif' has 3 band(s)", e.Message, StringComparison.Ordinal);
        GeoTiff.Write(tmp.File("nocrs.tif"), new Grid(5, 5, GeoTransform.NorthUp(0, 5, 1, 1), null), 2, new float[50]);
        e = Assert.Throws<RasterInputException>(() => UnionSource.Create([RasterDataset.Open(two), RasterDataset.Open(tmp.File("nocrs.tif"))]));
        Assert.Contains("nocrs.tif' has no CRS", e.Message, StringComparison.Ordinal);
    }
}
