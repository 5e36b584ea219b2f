namespace EarthEmbed.Geo;

/// <summary>A rectangle of pixels: column <see cref="X"/> and row <see cref="Y"/> of its top-left pixel (row 0 is the
/// northern edge of a north-up grid) and its size. Windows may lie partly outside a raster; readers say so.</summary>
public readonly record struct PixelWindow(int X, int Y, int Width, int Height)
{
    /// <summary>One past the last column.</summary>
    public int Right => X + Width;

    /// <summary>One past the last row.</summary>
    public int Bottom => Y + Height;

    /// <summary>Width * Height, as a long.</summary>
    public long Area => (long)Width * Height;

    /// <summary>True when the window has no pixels.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>The whole of a raster of that size.</summary>
    public static PixelWindow Full(int width, int height) => new(0, 0, width, height);

    /// <summary>The common pixels, or null when the windows do not overlap.</summary>
    public PixelWindow? Intersect(PixelWindow other)
    {
        int x0 = Math.Max(X, other.X), y0 = Math.Max(Y, other.Y);
        int x1 = Math.Min(Right, other.Right), y1 = Math.Min(Bottom, other.Bottom);
        return x1 > x0 && y1 > y0 ? new PixelWindow(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /// <summary>True when every pixel of <paramref name="other"/> is inside this window.</summary>
    public bool Contains(PixelWindow other) =>
        other.X >= X && other.Y >= Y && other.Right <= Right && other.Bottom <= Bottom;

    /// <summary>The window grown by <paramref name="pixels"/> on every side (shrunk when negative).</summary>
    public PixelWindow Inflate(int pixels) => new(X - pixels, Y - pixels, Width + 2 * pixels, Height + 2 * pixels);

    /// <summary>The same window moved by (dx, dy).</summary>
    public PixelWindow Translate(int dx, int dy) => this with { X = X + dx, Y = Y + dy };

    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height} at (x {X}, y {Y})";
}
