using System.Globalization;
using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Align;

/// <summary>Warping through GDALWarp's C API gives what the gdalwarp command gives for the same request.</summary>
public class WarpTests
{
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static float[] GdalwarpReference(TempFolder tmp, string src, Grid target, string method, params string[] extra)
    {
        var e = target.Extent;
        var out1 = tmp.File($"ref_{method}.tif");
        var args = new List<string> { "-q", "-ot", "Float32", "-r", method, "-t_srs", $"EPSG:{target.Crs!.Epsg}",
            "-te", Num(e.MinX), Num(e.MinY), Num(e.MaxX), Num(e.MaxY),
            "-ts", target.Width.ToString(CultureInfo.InvariantCulture), target.Height.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(extra);
        args.AddRange([src, out1]);
        Fixture.RunTool("gdalwarp", [.. args]);
        using var ds = RasterDataset.Open(out1);
        Assert.Equal(target, ds.Grid);
        return ds.ReadAll().Values;
    }

    private static void AssertSameOrBothNoData(float[] expected, float[] actual, float noData)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (float.IsNaN(e) || e == noData) Assert.True(float.IsNaN(a) || a == noData, $"pixel {i}: expected no-data, got {a}");
            else Assert.Equal(e, a);
        }
    }

    [Theory]
    [InlineData(Resampling.Nearest)]
    [InlineData(Resampling.Bilinear)]
    [InlineData(Resampling.Cubic)]
    [InlineData(Resampling.Average)]
    [InlineData(Resampling.Mode)]
    public void Reprojecting_wgs84_onto_a_utm_grid_matches_gdalwarp(Resampling method)
    {
        using var tmp = new TempFolder();
        var src = Fixture.Path("wgs84_field.tif");
        // A 20 m UTM 25S grid inside the field's footprint (lon -34.90..-34.84, lat -8.03..-7.98).
        var target = new Grid(40, 30, GeoTransform.NorthUp(290300, 9117400, 20, 20), Crs.FromEpsg(32725));
        var expected = GdalwarpReference(tmp, src, target, method.ToGdalName());
        using var ds = RasterDataset.Open(src);
        using var warped = Warp.ToGrid(ds, target, WarpOptions.With(method));
        Assert.Equal(target, warped.Grid);
        Assert.Equal(-1.0, warped.Bands[0].NoData);
        var actual = warped.ReadAll();
        AssertSameOrBothNoData(expected, actual.Values, -1);
        Assert.True(actual.Valid.Count(v => v) > 600, "most of the target lies inside the field");
    }

    [Fact]
    public void Resampling_within_one_crs_onto_a_coarser_grid_matches_gdalwarp_average()
    {
        using var tmp = new TempFolder();
        var src = Fixture.Path("float_nodata.tif");
        using var ds = RasterDataset.Open(src);
        var target = ds.Grid.WithResolution(75, 75);
        var expected = GdalwarpReference(tmp, src, target, "average");
        using var warped = Warp.ToGrid(ds, target, WarpOptions.With(Resampling.Average));
        AssertSameOrBothNoData(expected, warped.ReadAll().Values, -9999);
        Assert.Equal(["red", "green", "nir"], warped.Bands.Select(b => b.Description));
    }

    [Fact]
    public void Align_puts_one_raster_on_the_other_grid_so_windows_match()
    {
        using var field = RasterDataset.Open(Fixture.Path("wgs84_field.tif"));
        using var reference = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        using var aligned = Warp.Align(field, reference, Resampling.Bilinear);
        Assert.Equal(reference.Grid, aligned.Grid);
        Assert.Equal(reference.Grid.WindowOf(aligned.Grid), reference.Grid.FullWindow);
    }

    [Fact]
    public void Warping_to_a_file_writes_the_same_values_atomically()
    {
        using var tmp = new TempFolder();
        using var ds = RasterDataset.Open(Fixture.Path("wgs84_field.tif"));
        var target = new Grid(40, 30, GeoTransform.NorthUp(290300, 9117400, 20, 20), Crs.FromEpsg(32725));
        using var inMemory = Warp.ToGrid(ds, target, WarpOptions.With(Resampling.Bilinear));
        var path = tmp.File("warped.tif");
        Warp.ToFile(ds, target, path, WarpOptions.With(Resampling.Bilinear));
        using var onDisk = RasterDataset.Open(path);
        Assert.Equal(target, onDisk.Grid);
        Assert.Equal(inMemory.ReadAll().Values, onDisk.ReadAll().Values);
        Assert.Equal(["warped.tif"], tmp.Files());
    }

    [Fact]
    public void A_bottom_up_source_warps_like_its_north_up_reading()
    {
        using var ds = RasterDataset.Open(Fixture.Path("bottom_up.tif"));
        using var same = Warp.ToGrid(ds, ds.Grid);
        Assert.Equal(ds.ReadAll().Values, same.ReadAll().Values);
    }

    [Fact]
    public void Rasters_that_do_not_overlap_are_refused_naming_the_file_and_both_extents()
    {
        var path = Fixture.Path("far_away.tif");
        using var far = RasterDataset.Open(path);
        using var reference = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var ex = Assert.Throws<RasterInputException>(() => Warp.Align(far, reference, Resampling.Nearest));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not overlap", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reference.Grid.Extent.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signed_byte_sources_warp_with_nearest_and_refuse_interpolation()
    {
        using var ds = RasterDataset.Open(Fixture.Path("alphaearth_int8.tif"));
        using var same = Warp.ToGrid(ds, ds.Grid);
        Assert.Equal(RasterDataType.Int8, same.Bands[0].DataType);
        Assert.Equal(ds.ReadAll().Values, same.ReadAll().Values);
        Assert.Throws<NotSupportedException>(() => Warp.ToGrid(ds, ds.Grid, WarpOptions.With(Resampling.Bilinear)));
    }
}
