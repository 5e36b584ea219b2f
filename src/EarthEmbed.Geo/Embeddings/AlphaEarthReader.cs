using System.Numerics;
using System.Runtime.InteropServices;
using System.Buffers;

namespace EarthEmbed.Geo;

/// <summary>Reads AlphaEarth Foundations embeddings (Google's Satellite Embedding, 64 bands A00..A63 per 10 m
/// pixel) from GeoTIFF tiles. Quantised tiles store signed bytes q, de-quantised as sign(q) * (q / 127.5)^2 with
/// -128 meaning no data; float tiles are read as they are (NaN or the band no-data value meaning no data). Tiles
/// stored bottom-up (positive pixel height) are read north-up like every <see cref="RasterDataset"/>.</summary>
public sealed class AlphaEarthReader : IRasterSource, IDisposable
{
    /// <summary>Embedding dimensions (bands) of AlphaEarth v1.</summary>
    public const int Dimensions = 64;

    /// <summary>The quantised no-data code.</summary>
    public const sbyte NoDataCode = -128;

    private static readonly float[] Lut = BuildLut();
    private readonly int[] bandNumbers;

    private AlphaEarthReader(RasterDataset dataset)
    {
        Dataset = dataset;
        IsQuantized = dataset.Bands[0].DataType == RasterDataType.Int8;
        bandNumbers = Enumerable.Range(1, dataset.BandCount).ToArray();
    }

    /// <summary>Opens a tile and checks it looks like AlphaEarth: <paramref name="expectedBands"/> bands, all signed
    /// 8-bit or all float.</summary>
    /// <exception cref="RasterInputException">Wrong band count or data type; the message names the file.</exception>
    public static AlphaEarthReader Open(string path, int expectedBands = Dimensions)
    {
        var ds = RasterDataset.Open(path);
        try
        {
            if (ds.BandCount != expectedBands)
                throw new RasterInputException(
                    $"'{path}' has {ds.BandCount} band(s); an AlphaEarth embedding tile has {expectedBands} (A00..A{expectedBands - 1:00})", path);
            var types = ds.Bands.Select(b => b.DataType).Distinct().ToArray();
            if (types.Length != 1 || types[0] is not (RasterDataType.Int8 or RasterDataType.Float32 or RasterDataType.Float64))
                throw new RasterInputException(
                    $"'{path}' has band type(s) {string.Join(", ", types)}; AlphaEarth tiles are all signed 8-bit (quantised) or all float", path);
            return new AlphaEarthReader(ds);
        }
        catch
        {
            ds.Dispose();
            throw;
        }
    }

    /// <summary>The underlying raster.</summary>
    public RasterDataset Dataset { get; }

    /// <summary>True for signed 8-bit tiles that are de-quantised on read.</summary>
    public bool IsQuantized { get; }

    /// <inheritdoc />
    public string Name => Dataset.Path;

    /// <inheritdoc />
    public Grid Grid => Dataset.Grid;

    /// <inheritdoc />
    public int BandCount => Dataset.BandCount;

    /// <summary>The de-quantisation of one code: sign(q) * (q / 127.5)^2 (the inverse of q = round(sign(v) *
    /// sqrt(|v|) * 127.5)); -128 (no data) gives NaN.</summary>
    public static float Dequantize(sbyte q)
    {
        if (q == NoDataCode) return float.NaN;
        var x = q / 127.5f;
        return MathF.Sign(q) * x * x;
    }

    /// <summary>The quantisation AlphaEarth applies: round(sign(v) * sqrt(|v|) * 127.5), clipped to [-127, 127].</summary>
    public static sbyte Quantize(float v) =>
        (sbyte)Math.Clamp(MathF.Round(MathF.Sign(v) * MathF.Sqrt(MathF.Abs(v)) * 127.5f, MidpointRounding.ToEven), -127f, 127f);

    /// <inheritdoc />
    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid)
    {
        if (!IsQuantized)
        {
            Dataset.ReadInto(window, bandNumbers, values, valid);
            return;
        }
        var n = checked((int)(window.Area * BandCount));
        if (values.Length < n || valid.Length < n)
            throw new ArgumentException($"buffers hold {values.Length} values and {valid.Length} mask entries; the window needs {n}", nameof(values));
        var bytes = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            Dataset.ReadBytes(window, bandNumbers, bytes);
            Decode(bytes.AsSpan(0, n), values[..n], valid[..n]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>De-quantises codes through the lookup table and marks -128 invalid (vectorised: one compare per
    /// vector of bytes).</summary>
    internal static void Decode(ReadOnlySpan<byte> codes, Span<float> values, Span<bool> valid)
    {
        var lut = Lut;
        for (var i = 0; i < codes.Length; i++) values[i] = lut[codes[i]];
        var flags = MemoryMarshal.Cast<bool, byte>(valid);
        var i0 = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var noData = new Vector<byte>(unchecked((byte)NoDataCode));
            var one = Vector<byte>.One;
            for (; i0 + Vector<byte>.Count <= codes.Length; i0 += Vector<byte>.Count)
            {
                var isNoData = Vector.Equals(new Vector<byte>(codes[i0..]), noData);
                Vector.AndNot(one, isNoData).CopyTo(flags[i0..]);
            }
        }
        for (var i = i0; i < codes.Length; i++) flags[i] = codes[i] != unchecked((byte)NoDataCode) ? (byte)1 : (byte)0;
    }

    /// <summary>Checks that valid embedding vectors have unit length (within <paramref name="tolerance"/> of 1; the
    /// quantisation leaves an error of about 1-2% on the norm). Pixels with any invalid band are skipped.</summary>
    public static UnitLengthCheck CheckUnitLength(RasterWindow window, double tolerance = 0.05)
    {
        ArgumentNullException.ThrowIfNull(window);
        var plane = window.Height * window.Width;
        var pixelValid = window.PixelValidity();
        long count = 0, outside = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        for (var p = 0; p < plane; p++)
        {
            if (!pixelValid[p]) continue;
            double s = 0;
            for (var b = 0; b < window.Bands; b++)
            {
                double v = window.Values[b * plane + p];
                s += v * v;
            }
            var norm = Math.Sqrt(s);
            count++;
            sum += norm;
            min = Math.Min(min, norm);
            max = Math.Max(max, norm);
            if (Math.Abs(norm - 1) > tolerance) outside++;
        }
        return count == 0
            ? new UnitLengthCheck(0, double.NaN, double.NaN, double.NaN, 0, tolerance)
            : new UnitLengthCheck(count, min, max, sum / count, outside, tolerance);
    }

    /// <summary>Closes the tile.</summary>
    public void Dispose() => Dataset.Dispose();

    private static float[] BuildLut()
    {
        var lut = new float[256];
        for (var b = 0; b < 256; b++) lut[b] = Dequantize(unchecked((sbyte)b));
        return lut;
    }
}

/// <summary>The result of <see cref="AlphaEarthReader.CheckUnitLength"/>: vector norms over the valid pixels.</summary>
/// <param name="ValidPixels">Pixels checked (every band valid).</param>
/// <param name="MinNorm">Smallest norm.</param>
/// <param name="MaxNorm">Largest norm.</param>
/// <param name="MeanNorm">Mean norm.</param>
/// <param name="OutsideTolerance">Pixels whose norm differs from 1 by more than the tolerance.</param>
/// <param name="Tolerance">The tolerance used.</param>
public sealed record UnitLengthCheck(long ValidPixels, double MinNorm, double MaxNorm, double MeanNorm, long OutsideTolerance, double Tolerance)
{
    /// <summary>True when every valid pixel's norm is within the tolerance of 1.</summary>
    public bool Passed => OutsideTolerance == 0;
}
