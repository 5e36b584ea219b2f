namespace EarthEmbed.Geo;

/// <summary>A block of pixels read from a raster: float values laid out [band][row][col] (channels first, as a
/// tensor wants them), a validity mask of the same layout (false at no-data and NaN) and the window's own grid.</summary>
public sealed class RasterWindow
{
    /// <summary>Wraps arrays laid out [band][row][col].</summary>
    public RasterWindow(float[] values, bool[] valid, int bands, int height, int width, Grid? grid)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(valid);
        var n = (long)bands * height * width;
        if (values.LongLength != n || valid.LongLength != n)
            throw new ArgumentException($"{bands}x{height}x{width} needs {n} values and mask entries, got {values.Length} and {valid.Length}", nameof(values));
        Values = values;
        Valid = valid;
        Bands = bands;
        Height = height;
        Width = width;
        Grid = grid;
    }

    /// <summary>Values, [band][row][col]. Invalid entries hold whatever was stored (the no-data value, or NaN).</summary>
    public float[] Values { get; }

    /// <summary>True where the value is real data: neither the band's no-data value nor NaN.</summary>
    public bool[] Valid { get; }

    /// <summary>Number of bands.</summary>
    public int Bands { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>The grid of this window (where its pixels are), when it came from a georeferenced raster.</summary>
    public Grid? Grid { get; }

    /// <summary>The value at (band, row, col), bands counted from 0.</summary>
    public float this[int band, int row, int col] => Values[Index(band, row, col)];

    /// <summary>Whether the value at (band, row, col) is valid.</summary>
    public bool IsValid(int band, int row, int col) => Valid[Index(band, row, col)];

    /// <summary>One band's values as a span (rows of <see cref="Width"/>).</summary>
    public ReadOnlySpan<float> Band(int band) => Values.AsSpan(band * Height * Width, Height * Width);

    /// <summary>Per pixel: true when every band is valid.</summary>
    public bool[] PixelValidity()
    {
        var plane = Height * Width;
        var result = new bool[plane];
        Array.Fill(result, true);
        for (var b = 0; b < Bands; b++)
        {
            var v = Valid.AsSpan(b * plane, plane);
            for (var i = 0; i < plane; i++) result[i] &= v[i];
        }
        return result;
    }

    /// <summary>Number of (band, pixel) entries that are valid.</summary>
    public long ValidCount
    {
        get
        {
            long n = 0;
            foreach (var v in Valid) if (v) n++;
            return n;
        }
    }

    /// <summary>Fraction of pixels where every band is valid (the measure samplers filter on).</summary>
    public double PixelValidFraction
    {
        get
        {
            var plane = (long)Height * Width;
            if (plane == 0) return 0;
            long n = 0;
            foreach (var v in PixelValidity()) if (v) n++;
            return (double)n / plane;
        }
    }

    private int Index(int band, int row, int col)
    {
        if ((uint)band >= (uint)Bands || (uint)row >= (uint)Height || (uint)col >= (uint)Width)
            throw new ArgumentOutOfRangeException(nameof(band), $"({band}, {row}, {col}) is outside a {Bands}x{Height}x{Width} window");
        return (band * Height + row) * Width + col;
    }

    /// <summary>Throws a <see cref="RasterInputException"/> naming the source when a window is not inside its grid.</summary>
    internal static void CheckInside(IRasterSource source, PixelWindow window)
    {
        if (window.IsEmpty || !source.Grid.FullWindow.Contains(window))
            throw new RasterInputException(
                $"window {window} is not inside '{source.Name}', which is {source.Grid.Width}x{source.Grid.Height} pixels", source.Name);
    }
}
