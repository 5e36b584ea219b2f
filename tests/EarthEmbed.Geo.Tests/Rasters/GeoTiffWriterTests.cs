using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Rasters;

/// <summary>GeoTIFFs we write are what gdalinfo says they are, round-trip their values, and appear atomically.</summary>
public class GeoTiffWriterTests
{
    private static readonly double[] ExpectedTransform = [290000.0, 30, 0, 9120000, 0, -30];
    private static readonly string[] Names = ["a", "b"];
    private static readonly int[] Block16 = [16, 16];

    private static Grid SmallGrid => new(45, 30, GeoTransform.NorthUp(290000, 9120000, 30, 30), Crs.FromEpsg(32725));

    private static float[] Values(int bands, Grid grid)
    {
        var v = new float[bands * grid.Width * grid.Height];
        for (var b = 0; b < bands; b++)
            for (var r = 0; r < grid.Height; r++)
                for (var c = 0; c < grid.Width; c++)
                    v[(b * grid.Height + r) * grid.Width + c] = Fixture.Formula(b, r, c);
        return v;
    }

    [Fact]
    public void Compression_tiling_nodata_descriptions_and_georeference_are_what_gdalinfo_reports()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("out.tif");
        var options = new GeoTiffOptions { Compression = "LZW", BlockSize = 16, NoData = -1, BandDescriptions = ["a", "b"], Predictor = 3 };
        GeoTiff.Write(path, SmallGrid, 2, Values(2, SmallGrid), options);

        var info = Fixture.GdalInfo(path);
        Assert.Equal("LZW", info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("COMPRESSION").GetString());
        Assert.Equal(ExpectedTransform, info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains("ID[\"EPSG\",32725]", info.GetProperty("coordinateSystem").GetProperty("wkt").GetString(), StringComparison.Ordinal);
        var bands = info.GetProperty("bands");
        for (var b = 0; b < 2; b++)
        {
            Assert.Equal(-1, bands[b].GetProperty("noDataValue").GetDouble());
            Assert.Equal(Names[b], bands[b].GetProperty("description").GetString());
            Assert.Equal(Block16, bands[b].GetProperty("block").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal("Float32", bands[b].GetProperty("type").GetString());
        }
        using var ds = RasterDataset.Open(path);
        Assert.Equal(Values(2, SmallGrid), ds.ReadAll().Values);
        Assert.Equal(SmallGrid, ds.Grid);
    }

    [Fact]
    public void A_cog_is_laid_out_as_a_cog_and_keeps_nodata_and_values()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("out_cog.tif");
        GeoTiff.Write(path, SmallGrid, 1, Values(1, SmallGrid), new GeoTiffOptions { Cog = true, NoData = -5, BlockSize = 256 });
        var info = Fixture.GdalInfo(path);
        Assert.Equal("COG", info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("LAYOUT").GetString());
        // The temporary GeoTIFF is written uncompressed; the COG itself is compressed as asked.
        Assert.Equal("DEFLATE", info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("COMPRESSION").GetString());
        Assert.Equal(-5, info.GetProperty("bands")[0].GetProperty("noDataValue").GetDouble());
        using var ds = RasterDataset.Open(path);
        Assert.Equal(Values(1, SmallGrid), ds.ReadAll().Values);
        Assert.Equal(["out_cog.tif"], tmp.Files());
    }

    [Fact]
    public void Integer_outputs_round_and_write_nan_as_nodata()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("int16.tif");
        var grid = new Grid(3, 1, GeoTransform.NorthUp(0, 3, 1, 1), Crs.FromEpsg(32725));
        GeoTiff.Write(path, grid, 1, [1.4f, float.NaN, -2.6f], new GeoTiffOptions { DataType = RasterDataType.Int16, NoData = -99 });
        using var ds = RasterDataset.Open(path);
        Assert.Equal(RasterDataType.Int16, ds.Bands[0].DataType);
        var w = ds.ReadAll();
        Assert.Equal([1f, -99f, -3f], w.Values);
        Assert.Equal([true, false, true], w.Valid);
    }

    [Fact]
    public void Signed_bytes_are_written_as_gdal_3_6_signed_bytes()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("int8.tif");
        var grid = new Grid(4, 1, GeoTransform.NorthUp(0, 1, 1, 1), Crs.FromEpsg(32725));
        GeoTiff.Write(path, grid, 1, [-128f, -3f, 127f, 300f], new GeoTiffOptions { DataType = RasterDataType.Int8, NoData = -128 });
        var band = Fixture.GdalInfo(path).GetProperty("bands")[0];
        Assert.Equal("SIGNEDBYTE", band.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("PIXELTYPE").GetString());
        using var ds = RasterDataset.Open(path);
        Assert.Equal([-128f, -3f, 127f, 127f], ds.ReadAll().Values);
    }

    [Fact]
    public void Nothing_appears_under_the_final_name_until_commit_and_an_abandoned_write_leaves_no_file()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("atomic.tif");
        using (var writer = GeoTiffWriter.Create(path, SmallGrid, 1))
        {
            writer.Write(new PixelWindow(0, 0, 45, 10), new float[450]);
            Assert.False(File.Exists(path));
            Assert.Single(tmp.Files());
            Assert.StartsWith(".atomic.tif.", tmp.Files()[0], StringComparison.Ordinal);
        }
        Assert.Empty(tmp.Files());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Commit_replaces_an_existing_file_in_one_step()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("replace.tif");
        File.WriteAllText(path, "old contents");
        GeoTiff.Write(path, SmallGrid, 1, Values(1, SmallGrid));
        using var ds = RasterDataset.Open(path);
        Assert.Equal(Values(1, SmallGrid), ds.ReadAll().Values);
        Assert.Equal(["replace.tif"], tmp.Files());
    }

    [Fact]
    public void A_window_read_and_written_back_keeps_values_mask_and_grid()
    {
        using var tmp = new TempFolder();
        using var src = RasterDataset.Open(Fixture.Path("float_nodata.tif"));
        var w = src.Read(new PixelWindow(5, 3, 20, 15));
        var path = tmp.File("window.tif");
        GeoTiff.Write(path, w, new GeoTiffOptions { NoData = -9999, BandDescriptions = ["red", "green", "nir"] });
        using var back = RasterDataset.Open(path);
        var r = back.ReadAll();
        Assert.Equal(w.Grid, back.Grid);
        Assert.Equal(w.Valid, r.Valid);
        for (var i = 0; i < w.Values.Length; i++) if (w.Valid[i]) Assert.Equal(w.Values[i], r.Values[i]);
        Assert.Equal("nir", back.Bands[2].Description);
    }

    [Fact]
    public void A_missing_output_folder_is_named_in_the_error()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => GeoTiffWriter.Create("/nonexistent-folder-xyz/out.tif", SmallGrid, 1));
        Assert.Contains("/nonexistent-folder-xyz", ex.Message, StringComparison.Ordinal);
    }
}
