using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Rasters;

/// <summary>Bad inputs give errors that name the file and say what was expected.</summary>
public class BadInputTests
{
    [Fact]
    public void A_missing_file_is_a_file_not_found_error_naming_it()
    {
        var path = Path.Combine(Fixture.Folder, "no_such_raster.tif");
        var ex = Assert.Throws<FileNotFoundException>(() => RasterDataset.Open(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.FileName);
    }

    [Fact]
    public void A_text_file_is_an_error_naming_it_with_gdals_reason()
    {
        var path = Fixture.Path("not_a_raster.tif");
        var ex = Assert.Throws<GdalException>(() => RasterDataset.Open(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.Path);
        Assert.Contains("not recognized as a supported file format", ex.NativeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_fails_on_read_with_an_error_naming_it()
    {
        var path = Fixture.Path("truncated.tif");
        using var ds = RasterDataset.Open(path);
        Assert.Equal((128, 128), (ds.Width, ds.Height));
        var ex = Assert.Throws<GdalException>(() => ds.ReadAll());
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("reading window", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(ex.NativeMessage);
    }

    [Fact]
    public void A_window_outside_the_raster_names_the_file_and_its_size()
    {
        var path = Fixture.Path("byte_plain.tif");
        using var ds = RasterDataset.Open(path);
        var ex = Assert.Throws<RasterInputException>(() => ds.Read(new PixelWindow(30, 0, 20, 5)));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("41x29", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_band_that_does_not_exist_names_the_band_count()
    {
        using var ds = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var ex = Assert.Throws<RasterInputException>(() => ds.Read(new PixelWindow(0, 0, 2, 2), [4]));
        Assert.Contains("band 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 band(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gdal_failures_are_not_printed_but_reach_the_message_event()
    {
        var seen = new List<string>();
        void Handler(object? sender, GdalMessageEventArgs e)
        {
            lock (seen) seen.Add(e.Text);
        }
        Gdal.Message += Handler;
        try
        {
            Assert.Throws<GdalException>(() => RasterDataset.Open(Fixture.Path("not_a_raster.tif")));
        }
        finally
        {
            Gdal.Message -= Handler;
        }
        lock (seen) Assert.Contains(seen, m => m.Contains("not recognized", StringComparison.Ordinal));
    }
}
