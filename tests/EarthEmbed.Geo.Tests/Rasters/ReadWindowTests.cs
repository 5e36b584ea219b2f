using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Rasters;

/// <summary>Windows read as floats hold the values the generator's formula gives, with no-data and NaN masked,
/// bottom-up files flipped, band subsets in the asked order, and resampling that matches gdal_translate.</summary>
public class ReadWindowTests
{
    [Fact]
    public void A_window_holds_the_formula_values_with_nodata_and_nan_masked()
    {
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var window = new PixelWindow(3, 1, 17, 9);
        var w = ds.Read(window);
        Assert.Equal((3, 9, 17), (w.Bands, w.Height, w.Width));
        for (var b = 0; b < 3; b++)
            for (var r = 0; r < 9; r++)
                for (var c = 0; c < 17; c++)
                {
                    int row = r + 1, col = c + 3;
                    var nodata = row == 5 || (b == 0 && (row + col) % 7 == 0) || (b == 1 && row == 2 && col == 3);
                    Assert.Equal(!nodata, w.IsValid(b, r, c));
                    if (!nodata) Assert.Equal(Fixture.Formula(b, row, col), w[b, r, c]);
                }
        Assert.True(float.IsNaN(w[1, 1, 0]), "the NaN pixel reads as NaN");
        Assert.Equal(-9999f, w[2, 4, 0]);
    }

    [Fact]
    public void A_window_carries_its_own_grid()
    {
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var w = ds.Read(new PixelWindow(3, 1, 17, 9));
        Assert.Equal(new GeoTransform(291000 + 3 * 30, 30, 0, 9117000 - 30, 0, -30), w.Grid!.Transform);
        Assert.Equal((17, 9), (w.Grid.Width, w.Grid.Height));
    }

    [Fact]
    public void A_band_subset_comes_back_in_the_order_asked()
    {
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var w = ds.Read(new PixelWindow(0, 10, 4, 2), [3, 1]);
        Assert.Equal(2, w.Bands);
        Assert.Equal(Fixture.Formula(2, 10, 1), w[0, 0, 1]);
        Assert.Equal(Fixture.Formula(0, 11, 2), w[1, 1, 2]);
        var view = ds.SelectBands(2).Read(new PixelWindow(0, 10, 4, 2));
        Assert.Equal(Fixture.Formula(1, 11, 3), view[0, 1, 3]);
    }

    [Fact]
    public void A_bottom_up_raster_reads_north_up_with_a_north_up_grid()
    {
        using var ds = RasterDataset.Open(Fixture.Path("bottom_up.tif"));
        Assert.True(ds.IsBottomUp);
        Assert.True(ds.FileTransform.PixelHeight > 0);
        Assert.Equal(new GeoTransform(300000, 10, 0, 9100000 + 16 * 10, 0, -10), ds.Grid.Transform);
        var w = ds.Read(new PixelWindow(2, 3, 5, 6));
        for (var b = 0; b < 2; b++)
            for (var r = 0; r < 6; r++)
                for (var c = 0; c < 5; c++)
                    Assert.Equal(Fixture.Formula(b, r + 3, c + 2), w[b, r, c]);
    }

    [Fact]
    public void A_bottom_up_window_agrees_with_gdalwarp_turning_the_file_north_up()
    {
        using var tmp = new TempFolder();
        var src = Fixture.Path("bottom_up.tif");
        var northUp = tmp.File("north_up.tif");
        Fixture.RunTool("gdalwarp", "-q", "-of", "GTiff", src, northUp);
        using var reference = RasterDataset.Open(northUp);
        using var ds = RasterDataset.Open(src);
        Assert.False(reference.IsBottomUp);
        Assert.Equal(reference.Grid, ds.Grid);
        Assert.Equal(reference.ReadAll().Values, ds.ReadAll().Values);
    }

    [Fact]
    public void Signed_bytes_read_as_signed_values_with_minus_128_masked()
    {
        using var ds = RasterDataset.Open(Fixture.Path("alphaearth_int8.tif"));
        Assert.All(ds.Bands, b => Assert.Equal(RasterDataType.Int8, b.DataType));
        var w = ds.ReadAll();
        Assert.Contains(w.Values, v => v < 0 && v > -128);
        Assert.All(w.Values, v => Assert.InRange(v, -128f, 127f));
        Assert.False(w.IsValid(5, 0, 3));
        Assert.Equal(-128f, w[5, 0, 3]);
        Assert.False(w.IsValid(0, 10, 10));
        Assert.True(w.IsValid(0, 10, 11));
    }

    [Theory]
    [InlineData(Resampling.Average, "average")]
    [InlineData(Resampling.Bilinear, "bilinear")]
    [InlineData(Resampling.Nearest, "near")]
    public void Resampling_on_read_matches_gdal_translate_with_the_same_method(Resampling method, string name)
    {
        using var tmp = new TempFolder();
        var src = Fixture.Path("byte_plain.tif");
        var reference = tmp.File("small.tif");
        Fixture.RunTool("gdal_translate", "-q", "-ot", "Float32", "-srcwin", "4", "2", "30", "24", "-outsize", "10", "8", "-r", name, src, reference);
        using var expected = RasterDataset.Open(reference);
        using var ds = RasterDataset.Open(src);
        var w = ds.ReadResampled(new PixelWindow(4, 2, 30, 24), 10, 8, method);
        Assert.Equal(expected.ReadAll().Values, w.Values);
        Assert.Equal(expected.Grid, w.Grid);
    }

    [Fact]
    public void A_cropped_source_reads_its_region_on_the_region_grid()
    {
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var crop = ds.Crop(new PixelWindow(10, 6, 20, 12));
        Assert.Equal(ds.Grid.Window(new PixelWindow(10, 6, 20, 12)), crop.Grid);
        var w = crop.Read(new PixelWindow(2, 3, 4, 4));
        Assert.Equal(Fixture.Formula(2, 6 + 3 + 1, 10 + 2 + 2), w[2, 1, 2]);
        Assert.Equal(ds.Read(new PixelWindow(12, 9, 4, 4)).Grid, w.Grid);
        Assert.Throws<RasterInputException>(() => crop.Read(new PixelWindow(18, 0, 4, 4)));
    }

    [Fact]
    public void Pixel_valid_fraction_counts_pixels_valid_in_every_band()
    {
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var w = ds.Read(new PixelWindow(0, 0, 7, 7));
        // Invalid pixels: row 5 (7 pixels), (r + c) % 7 == 0 off row 5 (6 pixels), and (2, 3) of band 1: 14 of 49.
        Assert.Equal(35.0 / 49, w.PixelValidFraction, 12);
    }
}
