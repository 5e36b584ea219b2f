using System.Globalization;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Geo;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Experiments.Height;

/// <summary>The real-format loaders on small files written here: int8 AlphaEarth-style embeddings with -128
/// no-data on a 10 m UTM grid, and a DSM at 4 m in Lambert-93 with its own no-data, which must come out as
/// <c>gdalwarp -r average</c> makes it.</summary>
public class HeightDataTests
{
    private static readonly Crs Utm = Crs.FromEpsg(32630);

    private static Grid EmbeddingGrid() => new(24, 20, GeoTransform.NorthUp(700000, 4965000, 10, 10), Utm);

    private static string WriteEmbeddings(string folder, int bands, out sbyte[] codes)
    {
        var grid = EmbeddingGrid();
        var plane = grid.Width * grid.Height;
        codes = new sbyte[bands * plane];
        for (var i = 0; i < codes.Length; i++) codes[i] = (sbyte)((i * 37 % 251) - 125);
        codes[1 * plane + 15 * grid.Width + 20] = AlphaEarthReader.NoDataCode;  // one band of pixel (row 15, col 20) missing
        var path = Path.Combine(folder, "embeddings.tif");
        using (var writer = GeoTiffWriter.Create(path, grid, bands, new GeoTiffOptions { DataType = RasterDataType.Int8, NoData = -128 }))
        {
            writer.WriteBytes(grid.FullWindow, codes.Select(c => unchecked((byte)c)).ToArray());
            writer.Commit();
        }
        return path;
    }

    private static string WriteDsm(string folder)
    {
        var lambert = Crs.FromEpsg(2154);
        var extent = Utm.TransformBounds(EmbeddingGrid().Extent, lambert);
        var grid = Grid.FromExtent(new Extent(extent.MinX - 40, extent.MinY - 40, extent.MaxX + 40, extent.MaxY + 40), 4, lambert);
        var values = new float[grid.Width * grid.Height];
        for (var r = 0; r < grid.Height; r++)
            for (var c = 0; c < grid.Width; c++)
                values[r * grid.Width + c] = r < 40 && c < 40 ? -9999f : (float)(100 + 0.3 * c - 0.2 * r + 5 * Math.Sin(c * 0.7) * Math.Cos(r * 0.5));
        var path = Path.Combine(folder, "dsm_lambert93_4m.tif");
        GeoTiff.Write(path, grid, 1, values, new GeoTiffOptions { NoData = -9999 });
        return path;
    }

    [Fact]
    public void Int8_embeddings_are_dequantised_and_minus_128_is_no_data()
    {
        var folder = HeightTestData.Folder("int8");
        var path = WriteEmbeddings(folder, 4, out var codes);
        var (values, bands, grid) = HeightData.ReadEmbeddings(path);
        Assert.Equal(4, bands);
        Assert.Equal(EmbeddingGrid().Width, grid.Width);
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] == AlphaEarthReader.NoDataCode) Assert.True(float.IsNaN(values[i]), $"value {i} should be NaN");
            else Assert.Equal(Math.Sign(codes[i]) * Math.Pow(codes[i] / 127.5, 2), values[i], 5);
        }
    }

    [Fact]
    public void The_DSM_is_averaged_onto_the_embedding_grid_as_gdalwarp_does_and_no_data_is_masked_in_both()
    {
        var folder = HeightTestData.Folder("dsm");
        var embeddings = WriteEmbeddings(folder, 4, out _);
        var dsm = WriteDsm(folder);
        var grid = EmbeddingGrid();
        var ours = HeightData.ResampleHeight(dsm, grid);

        var reference = Path.Combine(folder, "gdalwarp.tif");
        var e = grid.Extent;
        Run("gdalwarp", "-q", "-overwrite", "-r", "average", "-t_srs", "EPSG:32630", "-te", F(e.MinX), F(e.MinY), F(e.MaxX), F(e.MaxY),
            "-ts", F(grid.Width), F(grid.Height), "-ot", "Float32", "-dstnodata", "nan", "-wo", "INIT_DEST=NO_DATA", dsm, reference);
        using var gdal = RasterDataset.Open(reference);
        var expected = gdal.ReadAll();
        var nan = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            Assert.Equal(expected.Valid[i], float.IsFinite(ours[i]));
            if (expected.Valid[i]) Assert.Equal(expected.Values[i], ours[i], 3);
            else nan++;
        }
        Assert.True(nan > 0, "the DSM's no-data corner should leave some embedding pixels without a height");

        var scene = HeightData.FromFiles(embeddings, dsm, testFraction: 0.25, validationFraction: 0.3);
        Assert.False(scene.Valid[15 * grid.Width + 20]);  // embedding band missing
        Assert.Equal(ours.Count(float.IsFinite) - 1, scene.Valid.Count(v => v));
        Assert.Equal(18, scene.TestStartColumn);
    }

    [Fact]
    public void The_Olinda_sample_gives_six_landsat_bands_and_srtm_heights_on_the_landsat_grid()
    {
        var scene = HeightData.Olinda(DataPaths.Resolve("data-samples/olinda"));
        Assert.Equal(6, scene.Bands);
        Assert.Equal((349, 352), (scene.Width, scene.Height));
        var heights = scene.Target.Where(float.IsFinite).ToArray();
        Assert.True(heights.Length > 0.9 * scene.Target.Length);
        Assert.InRange(heights.Average(), 0, 100);  // Olinda is a coastal town
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var e = Assert.Throws<FileNotFoundException>(() => HeightData.FromFiles("/no/such/embeddings.tif", "/no/such/dsm.tif"));
        Assert.Contains("/no/such/embeddings.tif", e.Message);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Run(string program, params string[] args)
    {
        var (code, _, stderr) = Processes.Run(program, args);
        Assert.True(code == 0, $"{program} exited {code}: {stderr}");
    }
}
