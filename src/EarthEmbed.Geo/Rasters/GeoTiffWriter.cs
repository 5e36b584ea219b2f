using System.Buffers;
using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>Writes a GeoTIFF (or COG) on a grid, window by window, under a temporary name in the target folder;
/// <see cref="Commit"/> closes it and renames it into place, so a failed or interrupted run never leaves a
/// half-written file under the final name. Disposing without committing deletes the temporary file.</summary>
public sealed class GeoTiffWriter : IDisposable
{
    private readonly GeoTiffOptions options;
    private readonly string tempPath;
    private DatasetHandle? handle;
    private bool committed;

    private GeoTiffWriter(string path, string tempPath, Grid grid, int bandCount, GeoTiffOptions options, DatasetHandle handle, int blockHeight)
    {
        Path = path;
        this.tempPath = tempPath;
        Grid = grid;
        BandCount = bandCount;
        this.options = options;
        this.handle = handle;
        BlockHeight = blockHeight;
    }

    /// <summary>The final path (the file appears there on <see cref="Commit"/>).</summary>
    public string Path { get; }

    /// <summary>The grid being written.</summary>
    public Grid Grid { get; }

    /// <summary>Number of bands.</summary>
    public int BandCount { get; }

    /// <summary>The open dataset, for code of this library that fills it directly (the warp).</summary>
    internal DatasetHandle Handle => handle ?? throw new ObjectDisposedException(nameof(GeoTiffWriter), $"writer for '{Path}' is already committed or disposed");

    /// <summary>Rows per storage block: writing whole multiples of it avoids rewriting compressed blocks.</summary>
    public int BlockHeight { get; }

    /// <summary>Starts a GeoTIFF of <paramref name="bandCount"/> bands on <paramref name="grid"/> (north-up).</summary>
    public static GeoTiffWriter Create(string path, Grid grid, int bandCount, GeoTiffOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandCount);
        options ??= GeoTiffOptions.Default;
        options.Validate(bandCount);
        Gdal.EnsureRegistered();
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"cannot write '{path}': folder '{folder}' does not exist");
        var temp = TempName(full, "partial");
        var driver = GdalNative.GDALGetDriverByName("GTiff");
        // A COG is made by copying the temporary GeoTIFF at Commit, which compresses it: the temporary one is
        // written uncompressed, sparing a compression and a decompression of every block.
        using var creation = new StringList((options.Cog ? options with { Compression = "NONE", Predictor = null } : options).CreationOptions(forCog: false));
        GdalError.Reset();
        var h = GdalNative.GDALCreate(driver, temp, grid.Width, grid.Height, bandCount, RasterDataTypes.ToGdal(options.DataType), creation.Pointer);
        if (h == IntPtr.Zero) throw GdalError.Exception("creating a GeoTIFF", path);
        var ds = new DatasetHandle(h);
        try
        {
            Describe(ds, grid, bandCount, options, path);
            GdalNative.GDALGetBlockSize(GdalNative.GDALGetRasterBand(ds, 1), out _, out var blockHeight);
            return new GeoTiffWriter(full, temp, grid, bandCount, options, ds, Math.Max(1, blockHeight));
        }
        catch
        {
            ds.Dispose();
            DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>Writes a window of every band from values laid out [band][row][col].</summary>
    public unsafe void Write(PixelWindow window, ReadOnlySpan<float> values)
    {
        var plane = (long)window.Width * window.Height;
        if (values.Length < plane * BandCount)
            throw new ArgumentException($"{BandCount} band(s) of {window} need {plane * BandCount} values, got {values.Length}", nameof(values));
        fixed (float* p = values) WriteStrided(window, p, window.Width, plane);
    }

    /// <summary>Writes raw 8-bit codes of every band (laid out [band][row][col]) to a Byte or Int8 output, with no
    /// conversion: for Int8 the bytes are the two's complement codes (e.g. 0x80 is -128). The fast path for
    /// quantised data such as AlphaEarth embeddings.</summary>
    public unsafe void WriteBytes(PixelWindow window, ReadOnlySpan<byte> values)
    {
        var ds = handle ?? throw new ObjectDisposedException(nameof(GeoTiffWriter), $"writer for '{Path}' is already committed or disposed");
        if (options.DataType is not (RasterDataType.Byte or RasterDataType.Int8))
            throw new InvalidOperationException($"'{Path}' is written as {options.DataType}; WriteBytes needs Byte or Int8");
        if (window.IsEmpty || !Grid.FullWindow.Contains(window))
            throw new ArgumentOutOfRangeException(nameof(window), $"window {window} is not inside the {Grid.Width}x{Grid.Height} output '{Path}'");
        var n = window.Area * BandCount;
        if (values.Length < n) throw new ArgumentException($"{BandCount} band(s) of {window} need {n} bytes, got {values.Length}", nameof(values));
        int err;
        fixed (byte* p = values)
            err = GdalNative.GDALDatasetRasterIOEx(ds, GdalNative.Write, window.X, window.Y, window.Width, window.Height, p,
                window.Width, window.Height, RasterDataTypes.GdtByte, BandCount, null, 0, 0, 0, null);
        GdalError.Check(err, $"writing window {window}", Path);
    }

    /// <summary>Writes a window from a float buffer with arbitrary row and band strides (in elements): how the
    /// tiled predictor hands over rows of its accumulation strip without copying them.</summary>
    internal unsafe void WriteStrided(PixelWindow window, float* values, long lineStride, long bandStride)
    {
        var ds = handle ?? throw new ObjectDisposedException(nameof(GeoTiffWriter), $"writer for '{Path}' is already committed or disposed");
        if (window.IsEmpty || !Grid.FullWindow.Contains(window))
            throw new ArgumentOutOfRangeException(nameof(window), $"window {window} is not inside the {Grid.Width}x{Grid.Height} output '{Path}'");
        int err;
        if (options.DataType is RasterDataType.Float32 or RasterDataType.Float64)
        {
            err = GdalNative.GDALDatasetRasterIOEx(ds, GdalNative.Write, window.X, window.Y, window.Width, window.Height, values,
                window.Width, window.Height, RasterDataTypes.GdtFloat32, BandCount, null, sizeof(float),
                lineStride * sizeof(float), bandStride * sizeof(float), null);
        }
        else
        {
            // Integers: NaN becomes the no-data value; signed bytes are converted here because GDAL 3.6 would clamp
            // them as unsigned. Everything else is rounded and clamped by GDAL.
            var n = (int)(window.Area * BandCount);
            var fill = (float)(options.NoData ?? 0);
            var scratch = ArrayPool<float>.Shared.Rent(n);
            try
            {
                var k = 0;
                for (var b = 0; b < BandCount; b++)
                    for (var r = 0; r < window.Height; r++)
                        for (var c = 0; c < window.Width; c++)
                        {
                            var v = values[b * bandStride + r * lineStride + c];
                            scratch[k++] = float.IsNaN(v) ? fill : v;
                        }
                fixed (float* s = scratch)
                    err = options.DataType == RasterDataType.Int8 ? WriteSignedBytes(ds, window, s, n) :
                        GdalNative.GDALDatasetRasterIOEx(ds, GdalNative.Write, window.X, window.Y, window.Width, window.Height, s,
                            window.Width, window.Height, RasterDataTypes.GdtFloat32, BandCount, null, 0, 0, 0, null);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
        GdalError.Check(err, $"writing window {window}", Path);
    }

    private unsafe int WriteSignedBytes(DatasetHandle ds, PixelWindow window, float* values, int n)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            for (var i = 0; i < n; i++) bytes[i] = (byte)(sbyte)Math.Clamp(MathF.Round(values[i]), -128f, 127f);
            fixed (byte* p = bytes)
                return GdalNative.GDALDatasetRasterIOEx(ds, GdalNative.Write, window.X, window.Y, window.Width, window.Height, p,
                    window.Width, window.Height, RasterDataTypes.GdtByte, BandCount, null, 0, 0, 0, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Writes pending blocks to the file now (compressing them) instead of when GDAL's cache evicts them or
    /// at <see cref="Commit"/>: a long streaming write calls it after each finished band of rows, so compression
    /// overlaps with whatever produces the data and dirty blocks do not pile up in memory.</summary>
    public void Flush()
    {
        var ds = handle ?? throw new ObjectDisposedException(nameof(GeoTiffWriter), $"writer for '{Path}' is already committed or disposed");
        GdalError.Reset();
        GdalNative.GDALFlushCache(ds);
        if (CplNative.CPLGetLastErrorType() >= GdalNative.CeFailure) throw GdalError.Exception("flushing written blocks", Path);
    }

    /// <summary>Finishes the file: flushes and closes it (converting to COG when asked) and renames it to
    /// <see cref="Path"/>, replacing any file there.</summary>
    public void Commit()
    {
        var ds = handle ?? throw new ObjectDisposedException(nameof(GeoTiffWriter), $"writer for '{Path}' is already committed or disposed");
        var finished = tempPath;
        try
        {
            GdalError.Reset();
            GdalNative.GDALFlushCache(ds);
            if (options.Cog) finished = CopyAsCog(ds);
            handle = null;
            ds.Dispose();
            if (CplNative.CPLGetLastErrorType() >= GdalNative.CeFailure) throw GdalError.Exception("finishing the GeoTIFF", Path);
            File.Move(finished, Path, overwrite: true);
            if (File.Exists(finished + ".aux.xml")) File.Move(finished + ".aux.xml", Path + ".aux.xml", overwrite: true);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                handle?.Dispose();
                handle = null;
                DeleteQuietly(finished);
            }
            if (finished != tempPath) DeleteQuietly(tempPath);
        }
    }

    /// <summary>Closes the file; without a <see cref="Commit"/> the temporary file is deleted.</summary>
    public void Dispose()
    {
        handle?.Dispose();
        handle = null;
        if (!committed) DeleteQuietly(tempPath);
    }

    private string CopyAsCog(DatasetHandle source)
    {
        var cogPath = TempName(Path, "cog");
        var cog = options with { ExtraCreationOptions = [] };
        using var creation = new StringList(cog.CreationOptions(forCog: true));
        var driver = GdalNative.GDALGetDriverByName("COG");
        if (driver == IntPtr.Zero) throw new GdalException($"GDAL has no COG driver, needed to write '{Path}' as a COG");
        var h = GdalNative.GDALCreateCopy(driver, cogPath, source, 0, creation.Pointer, IntPtr.Zero, IntPtr.Zero);
        if (h == IntPtr.Zero)
        {
            DeleteQuietly(cogPath);
            throw GdalError.Exception("copying as a COG", Path);
        }
        GdalNative.GDALClose(h);
        return cogPath;
    }

    private static void Describe(DatasetHandle ds, Grid grid, int bandCount, GeoTiffOptions options, string path)
    {
        unsafe
        {
            var gt = grid.Transform.ToArray();
            fixed (double* p = gt) GdalError.Check(GdalNative.GDALSetGeoTransform(ds, p), "setting the geotransform", path);
        }
        if (grid.Crs != null) GdalError.Check(GdalNative.GDALSetProjection(ds, grid.Crs.Wkt), "setting the CRS", path);
        for (var b = 1; b <= bandCount; b++)
        {
            var band = GdalNative.GDALGetRasterBand(ds, b);
            if (options.NoData is { } nd) GdalError.Check(GdalNative.GDALSetRasterNoDataValue(band, nd), $"setting no-data on band {b}", path);
            if (options.BandDescriptions is { } d) GdalNative.GDALSetDescription(band, d[b - 1]);
        }
    }

    private static string TempName(string finalPath, string kind) => AtomicFile.TemporaryPath(finalPath, $".{kind}.tif");

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
            File.Delete(path + ".aux.xml");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
