using EarthEmbed.Geo;

namespace EarthEmbed.Data.Benchmarks;

/// <summary>The input of the tiles benchmark: an AlphaEarth-like tile of size x size pixels and 64 signed 8-bit
/// bands (-128 = no data in a corner block), tiled 256 x 256, uncompressed, band-interleaved, on a UTM 25S grid
/// of 10 m. Generated once into a cache folder; the file name carries its parameters. Band interleaving lets GDAL
/// hand each band's block over as it is; a pixel-interleaved file costs GDAL a de-interleave of every block
/// (about 4x the read time for 64 bands), which tiled prediction reads but the benchmark leaves out.</summary>
public static class BenchRaster
{
    /// <summary>The cached raster's path for these parameters.</summary>
    public static string PathFor(string folder, int size, int bands) =>
        System.IO.Path.Combine(folder, $"alphaearth_like_{size}x{size}x{bands}_int8_band_interleaved.tif");

    /// <summary>Returns the path of the raster, generating it first when it is not in <paramref name="folder"/>.
    /// Generation writes row strips through GDAL (a temporary name, renamed when complete).</summary>
    public static string Ensure(string folder, int size, int bands, IProgress<string>? progress = null)
    {
        Directory.CreateDirectory(folder);
        var path = PathFor(folder, size, bands);
        if (File.Exists(path)) return path;
        progress?.Report($"generating {path} ({(long)size * size * bands / (1 << 20)} MiB, once)");
        var grid = new Grid(size, size, GeoTransform.NorthUp(300000, 9100000, 10, 10), Crs.FromEpsg(32725));
        var options = new GeoTiffOptions
        {
            DataType = RasterDataType.Int8, Compression = "NONE", BlockSize = 256, NoData = -128,
            BandDescriptions = Enumerable.Range(0, bands).Select(b => $"A{b:00}").ToArray(),
            ExtraCreationOptions = ["INTERLEAVE=BAND"],
        };
        using var writer = GeoTiffWriter.Create(path, grid, bands, options);
        const int strip = 256;
        var buffer = new byte[(long)bands * strip * size];
        var noDataBlock = size / 16;
        for (var y = 0; y < size; y += strip)
        {
            var rows = Math.Min(strip, size - y);
            Fill(buffer, bands, y, rows, size, noDataBlock);
            writer.WriteBytes(new PixelWindow(0, y, size, rows), buffer.AsSpan(0, bands * rows * size));
            if (y / strip % 8 == 0) progress?.Report($"  rows {y + rows}/{size}");
        }
        writer.Commit();
        return path;
    }

    /// <summary>Smooth, band-dependent codes in -100..99; the top-left noDataBlock x noDataBlock pixels are -128.</summary>
    private static void Fill(byte[] buffer, int bands, int y0, int rows, int size, int noDataBlock)
    {
        var plane = rows * size;
        for (var b = 0; b < bands; b++)
            for (var r = 0; r < rows; r++)
            {
                var y = y0 + r;
                var row = buffer.AsSpan(b * plane + r * size, size);
                for (var x = 0; x < size; x++)
                    row[x] = y < noDataBlock && x < noDataBlock
                        ? unchecked((byte)(sbyte)-128)
                        : unchecked((byte)(sbyte)(((x >> 3) * 5 + (y >> 3) * 3 + b * 17) % 200 - 100));
            }
    }
}
