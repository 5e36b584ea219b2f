using System.Buffers;
using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

// Reading windows: GDALDatasetRasterIOEx into float buffers (GDAL converts the stored type), signed bytes read as
// bytes and converted here (GDAL 3.6 would read them as unsigned), bottom-up files flipped to north-up, and a
// validity mask from each band's no-data value and NaN.
public sealed partial class RasterDataset
{
    /// <summary>Reads a window (north-up pixel coordinates, inside the raster) of some bands (1-based numbers; all
    /// when null) into a new <see cref="RasterWindow"/>.</summary>
    public RasterWindow Read(PixelWindow window, int[]? bandNumbers = null) =>
        ReadResampled(window, window.Width, window.Height, Resampling.Nearest, bandNumbers);

    /// <summary>Reads a window resampled on the fly to <paramref name="outWidth"/> x <paramref name="outHeight"/>
    /// pixels (GDALRasterIOEx with a resampling method), e.g. a decimated overview of a large raster.</summary>
    public RasterWindow ReadResampled(PixelWindow window, int outWidth, int outHeight, Resampling method, int[]? bandNumbers = null)
    {
        var numbers = bandNumbers ?? AllBands();
        var n = checked(numbers.Length * outWidth * outHeight);
        var values = new float[n];
        var valid = new bool[n];
        ReadInto(window, numbers, values, valid, outWidth, outHeight, method);
        var grid = Grid.Window(window);
        grid = new Grid(outWidth, outHeight, grid.Transform.Scale((double)window.Width / outWidth, (double)window.Height / outHeight), grid.Crs);
        return new RasterWindow(values, valid, numbers.Length, outHeight, outWidth, grid);
    }

    /// <summary>Reads every band of a window into caller-owned buffers laid out [band][row][col].</summary>
    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid) => ReadInto(window, AllBands(), values, valid);

    /// <summary>Reads bands (1-based numbers) of a window into caller-owned buffers laid out [band][row][col], at
    /// the window's size or resampled to <paramref name="outWidth"/> x <paramref name="outHeight"/> (0 = window
    /// size). <paramref name="valid"/> is false where a value equals its band's no-data value or is NaN.</summary>
    public unsafe void ReadInto(PixelWindow window, ReadOnlySpan<int> bandNumbers, Span<float> values, Span<bool> valid,
        int outWidth = 0, int outHeight = 0, Resampling method = Resampling.Nearest)
    {
        ThrowIfDisposed();
        if (outWidth == 0) outWidth = window.Width;
        if (outHeight == 0) outHeight = window.Height;
        CheckRequest(window, bandNumbers, outWidth, outHeight);
        var plane = outWidth * outHeight;
        var n = bandNumbers.Length * plane;
        if (values.Length < n || valid.Length < n)
            throw new ArgumentException($"buffers hold {values.Length} values and {valid.Length} mask entries; {bandNumbers.Length} band(s) of {outWidth}x{outHeight} need {n}", nameof(values));
        var resampled = outWidth != window.Width || outHeight != window.Height;

        var anySigned = false;
        foreach (var b in bandNumbers) anySigned |= bands[b - 1].DataType == RasterDataType.Int8;
        if (!anySigned)
        {
            fixed (float* p = values) ReadRaw(window, bandNumbers, outWidth, outHeight, method, RasterDataTypes.GdtFloat32, p, sizeof(float));
        }
        else
        {
            if (resampled && !method.CopiesValues())
                throw new NotSupportedException(
                    $"'{Path}' has signed 8-bit bands, which GDAL 3.6 resamples as unsigned; read them at full size or with Nearest/Mode");
            var bytes = ArrayPool<byte>.Shared.Rent(plane);
            try
            {
                for (var i = 0; i < bandNumbers.Length; i++)
                {
                    var dst = values.Slice(i * plane, plane);
                    if (bands[bandNumbers[i] - 1].DataType == RasterDataType.Int8)
                    {
                        fixed (byte* p = bytes) ReadRaw(window, bandNumbers.Slice(i, 1), outWidth, outHeight, method, RasterDataTypes.GdtByte, p, 1);
                        for (var k = 0; k < plane; k++) dst[k] = (sbyte)bytes[k];
                    }
                    else
                    {
                        fixed (float* p = dst) ReadRaw(window, bandNumbers.Slice(i, 1), outWidth, outHeight, method, RasterDataTypes.GdtFloat32, p, sizeof(float));
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        for (var i = 0; i < bandNumbers.Length; i++)
            FillMask(values.Slice(i * plane, plane), valid.Slice(i * plane, plane), bands[bandNumbers[i] - 1].NoData);
    }

    /// <summary>Reads the raw bytes of Byte / Int8 bands (1-based) of a window, north-up, laid out [band][row][col].</summary>
    internal unsafe void ReadBytes(PixelWindow window, ReadOnlySpan<int> bandNumbers, Span<byte> buffer)
    {
        ThrowIfDisposed();
        CheckRequest(window, bandNumbers, window.Width, window.Height);
        foreach (var b in bandNumbers)
            if (bands[b - 1].DataType is not (RasterDataType.Byte or RasterDataType.Int8))
                throw new RasterInputException($"band {b} of '{Path}' is {bands[b - 1].DataType}, not an 8-bit band", Path);
        var n = (long)bandNumbers.Length * window.Width * window.Height;
        if (buffer.Length < n) throw new ArgumentException($"buffer holds {buffer.Length} bytes, the window needs {n}", nameof(buffer));
        fixed (byte* p = buffer) ReadRaw(window, bandNumbers, window.Width, window.Height, Resampling.Nearest, RasterDataTypes.GdtByte, p, 1);
    }

    /// <summary>Sets <paramref name="valid"/> to false at NaN and at the no-data value (compared as float, the type the
    /// values were converted to).</summary>
    internal static void FillMask(ReadOnlySpan<float> values, Span<bool> valid, double? noData)
    {
        if (noData is { } nd && !double.IsNaN(nd))
        {
            var ndf = (float)nd;
            for (var k = 0; k < values.Length; k++) valid[k] = values[k] != ndf && !float.IsNaN(values[k]);
        }
        else
        {
            for (var k = 0; k < values.Length; k++) valid[k] = !float.IsNaN(values[k]);
        }
    }

    private unsafe void ReadRaw(PixelWindow window, ReadOnlySpan<int> bandNumbers, int outWidth, int outHeight, Resampling method,
        int gdalType, void* buffer, int elementSize)
    {
        // A bottom-up file stores the window's northern row last: read the mirrored rows, then flip them in place.
        var file = IsBottomUp ? window with { Y = Height - window.Bottom } : window;
        var extra = RasterIOExtraArg.Create((int)method);
        var lineBytes = (long)elementSize * outWidth;
        var planeBytes = lineBytes * outHeight;
        int err;
        fixed (int* map = bandNumbers)
        {
            err = GdalNative.GDALDatasetRasterIOEx(handle, GdalNative.Read, file.X, file.Y, file.Width, file.Height, buffer,
                outWidth, outHeight, gdalType, bandNumbers.Length, map, elementSize, lineBytes, planeBytes, &extra);
        }
        GdalError.Check(err, $"reading window {window} of band(s) {string.Join(",", bandNumbers.ToArray())}", Path);
        if (!IsBottomUp) return;
        var row = ArrayPool<byte>.Shared.Rent((int)lineBytes);
        try
        {
            for (var b = 0; b < bandNumbers.Length; b++)
            {
                var plane = new Span<byte>((byte*)buffer + b * planeBytes, checked((int)planeBytes));
                for (int top = 0, bottom = outHeight - 1; top < bottom; top++, bottom--)
                {
                    var a = plane.Slice((int)(top * lineBytes), (int)lineBytes);
                    var c = plane.Slice((int)(bottom * lineBytes), (int)lineBytes);
                    a.CopyTo(row);
                    c.CopyTo(a);
                    row.AsSpan(0, (int)lineBytes).CopyTo(c);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    private void CheckRequest(PixelWindow window, ReadOnlySpan<int> bandNumbers, int outWidth, int outHeight)
    {
        if (bandNumbers.IsEmpty) throw new ArgumentException($"no bands requested from '{Path}'", nameof(bandNumbers));
        foreach (var b in bandNumbers) CheckBand(b);
        if (window.IsEmpty || !PixelWindow.Full(Width, Height).Contains(window))
            throw new RasterInputException($"window {window} is not inside '{Path}', which is {Width}x{Height} pixels", Path);
        if (outWidth <= 0 || outHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(outWidth), $"output size {outWidth}x{outHeight} must be positive");
    }

    private int[] AllBands()
    {
        if (BandCount == 0)
            throw new RasterInputException(
                $"'{Path}' has no bands of its own" + (SubDatasets.Count > 0
                    ? $"; it holds sub-datasets, open one of: {string.Join(", ", SubDatasets.Select(s => s.Name))}"
                    : ""), Path);
        return Enumerable.Range(1, BandCount).ToArray();
    }
}
