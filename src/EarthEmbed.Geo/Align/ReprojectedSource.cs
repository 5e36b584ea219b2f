using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>A raster source seen on another grid (another CRS, pixel size or origin) by nearest-neighbour
/// reprojection on read: each target pixel takes the source pixel under its centre (the centre is transformed
/// exactly with PROJ, point by point, as gdalwarp -r near -et 0 does). A pixel's value is a function of its position
/// alone, whatever window is read, which sharded prediction needs for outputs that do not depend on how the work is
/// cut; and it reads through any <see cref="IRasterSource"/>, so de-quantising readers (AlphaEarth) keep working.
/// For whole rasters written once, <see cref="Warp"/> (GDAL's warper, every resampling method) is the tool. Not
/// thread-safe: one instance per thread.</summary>
public sealed class ReprojectedSource : IRasterSource, IDisposable
{
    private readonly IRasterSource inner;
    private readonly CoordinateTransformationHandle? transform;
    private float[] scratch = [];
    private bool[] scratchValid = [];
    private double[] xs = [];
    private double[] ys = [];
    private int[] index = [];
    private int[] ok = [];

    /// <summary><paramref name="inner"/> on <paramref name="target"/>.</summary>
    /// <exception cref="RasterInputException">One of the two has a CRS and the other has none.</exception>
    public ReprojectedSource(IRasterSource inner, Grid target)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(target);
        if ((inner.Grid.Crs is null) != (target.Crs is null))
            throw new RasterInputException(
                $"cannot reproject '{inner.Name}' ({inner.Grid.Crs?.Name ?? "no CRS"}) onto a grid with {target.Crs?.Name ?? "no CRS"}: both need a CRS", inner.Name);
        this.inner = inner;
        Grid = target;
        if (target.Crs is not null && !target.Crs.IsSame(inner.Grid.Crs!)) transform = target.Crs.TransformationTo(inner.Grid.Crs!);
    }

    /// <inheritdoc />
    public string Name => $"{inner.Name} (nearest on {Grid.Crs?.ToString() ?? "the target grid"})";

    /// <inheritdoc />
    public Grid Grid { get; }

    /// <inheritdoc />
    public int BandCount => inner.BandCount;

    /// <inheritdoc />
    public unsafe void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid)
    {
        RasterWindow.CheckInside(this, window);
        var n = checked((int)window.Area);
        var bands = BandCount;
        if (values.Length < n * bands || valid.Length < n * bands)
            throw new ArgumentException($"buffers hold {values.Length} values and {valid.Length} mask entries; the window needs {n * bands}", nameof(values));
        Grow(ref xs, n);
        Grow(ref ys, n);
        Grow(ref index, n);
        for (int r = 0, k = 0; r < window.Height; r++)
            for (var c = 0; c < window.Width; c++, k++)
                (xs[k], ys[k]) = Grid.Transform.ToWorld(window.X + c + 0.5, window.Y + r + 0.5);
        Grow(ref ok, n);
        if (transform is not null)
            fixed (double* x = xs, y = ys)
            fixed (int* s = ok)
                OsrNative.OCTTransformEx(transform, n, x, y, null, s);
        else Array.Fill(ok, 1, 0, n);

        var source = inner.Grid;
        int c0 = int.MaxValue, r0 = int.MaxValue, c1 = int.MinValue, r1 = int.MinValue;
        for (var k = 0; k < n; k++)
        {
            index[k] = -1;
            if (ok[k] == 0 || !double.IsFinite(xs[k]) || !double.IsFinite(ys[k])) continue;
            var (col, row) = source.Transform.ToPixel(xs[k], ys[k]);
            var sc = (int)Math.Floor(col);
            var sr = (int)Math.Floor(row);
            if (col < 0 || row < 0 || sc >= source.Width || sr >= source.Height) continue;
            xs[k] = sc; // reused: the source column and row of the pixel
            ys[k] = sr;
            index[k] = 0;
            c0 = Math.Min(c0, sc);
            c1 = Math.Max(c1, sc + 1);
            r0 = Math.Min(r0, sr);
            r1 = Math.Max(r1, sr + 1);
        }
        values[..(n * bands)].Clear();
        valid[..(n * bands)].Clear();
        if (c1 <= c0) return;
        var box = new PixelWindow(c0, r0, c1 - c0, r1 - r0);
        var plane = checked((int)box.Area);
        Grow(ref scratch, plane * bands);
        Grow(ref scratchValid, plane * bands);
        inner.ReadInto(box, scratch.AsSpan(0, plane * bands), scratchValid.AsSpan(0, plane * bands));
        for (var k = 0; k < n; k++)
        {
            if (index[k] < 0) continue;
            var s = ((int)ys[k] - r0) * box.Width + ((int)xs[k] - c0);
            for (var b = 0; b < bands; b++)
            {
                values[b * n + k] = scratch[b * plane + s];
                valid[b * n + k] = scratchValid[b * plane + s];
            }
        }
    }

    /// <summary>Frees the coordinate transformation (the inner source stays its owner's).</summary>
    public void Dispose() => transform?.Dispose();

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length) array = new T[length];
    }
}
