using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>A raster grid as a value: its size in pixels, its geotransform and its CRS. Two rasters on equal grids
/// can be combined pixel by pixel; <see cref="Intersect"/>, <see cref="WindowOf(Grid)"/> and the warp functions bring
/// rasters onto a common grid. Grids here are axis aligned; readers present bottom-up rasters as north-up.</summary>
public sealed record Grid
{
    /// <summary>A grid of <paramref name="width"/> x <paramref name="height"/> pixels placed by <paramref name="transform"/>.</summary>
    public Grid(int width, int height, GeoTransform transform, Crs? crs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Transform = transform;
        Crs = crs;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Where the pixels are in world coordinates.</summary>
    public GeoTransform Transform { get; }

    /// <summary>The CRS of the world coordinates (null for rasters without one).</summary>
    public Crs? Crs { get; }

    /// <summary>The north-up grid covering <paramref name="extent"/> with pixels of <paramref name="resolution"/>
    /// (the extent is grown to a whole number of pixels, keeping its top-left corner).</summary>
    public static Grid FromExtent(Extent extent, double resolution, Crs? crs) => FromExtent(extent, resolution, resolution, crs);

    /// <summary>The north-up grid covering <paramref name="extent"/> with rectangular pixels.</summary>
    public static Grid FromExtent(Extent extent, double resolutionX, double resolutionY, Crs? crs)
    {
        if (extent.IsEmpty) throw new ArgumentException($"extent {extent} is empty", nameof(extent));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resolutionX);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resolutionY);
        var w = (int)Math.Ceiling(extent.Width / resolutionX - 1e-9);
        var h = (int)Math.Ceiling(extent.Height / resolutionY - 1e-9);
        return new Grid(w, h, GeoTransform.NorthUp(extent.MinX, extent.MaxY, resolutionX, resolutionY), crs);
    }

    /// <summary>Pixel width in world units (positive).</summary>
    public double ResolutionX => Math.Abs(Transform.PixelWidth);

    /// <summary>Pixel height in world units (positive).</summary>
    public double ResolutionY => Math.Abs(Transform.PixelHeight);

    /// <summary>Width * Height.</summary>
    public long PixelCount => (long)Width * Height;

    /// <summary>The whole grid as a pixel window.</summary>
    public PixelWindow FullWindow => PixelWindow.Full(Width, Height);

    /// <summary>The world-coordinate bounding box of the grid's pixels (outer edges, not centres).</summary>
    public Extent Extent
    {
        get
        {
            CheckAxisAligned();
            var (x0, y0) = Transform.ToWorld(0, 0);
            var (x1, y1) = Transform.ToWorld(Width, Height);
            return new Extent(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1));
        }
    }

    /// <summary>The sub-grid of a window of this grid (the window may extend past the edges).</summary>
    public Grid Window(PixelWindow window)
    {
        if (window.IsEmpty) throw new ArgumentException($"window {window} is empty", nameof(window));
        return new Grid(window.Width, window.Height, Transform.Offset(window.X, window.Y), Crs);
    }

    /// <summary>This grid with rows in north-up order: unchanged when already north-up, flipped when bottom-up.</summary>
    public Grid ToNorthUp()
    {
        if (!Transform.IsBottomUp) return this;
        var (_, top) = Transform.ToWorld(0, Height);
        return new Grid(Width, Height, Transform with { OriginY = top, PixelHeight = -Transform.PixelHeight }, Crs);
    }

    /// <summary>A north-up grid over the same extent with pixels of another size (the target of a resampling); the
    /// extent is grown to whole pixels.</summary>
    public Grid WithResolution(double resolutionX, double resolutionY)
    {
        CheckAxisAligned();
        return FromExtent(Extent, resolutionX, resolutionY, Crs);
    }

    /// <summary>True when both grids share a CRS (or both have none).</summary>
    public bool SameCrs(Grid other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Crs is null ? other.Crs is null : other.Crs is not null && Crs.IsSame(other.Crs);
    }

    /// <summary>True when the other grid's pixels coincide with pixels of this one: same CRS, same pixel size and
    /// origins a whole number of pixels apart (to <paramref name="tolerance"/> of a pixel).</summary>
    public bool IsAlignedWith(Grid other, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!SameCrs(other) || !Transform.IsAxisAligned || !other.Transform.IsAxisAligned) return false;
        if (Math.Abs(Transform.PixelWidth - other.Transform.PixelWidth) > tolerance * ResolutionX ||
            Math.Abs(Transform.PixelHeight - other.Transform.PixelHeight) > tolerance * ResolutionY) return false;
        var (col, row) = Transform.ToPixel(other.Transform.OriginX, other.Transform.OriginY);
        return Math.Abs(col - Math.Round(col)) <= tolerance && Math.Abs(row - Math.Round(row)) <= tolerance;
    }

    /// <summary>Where <paramref name="other"/> lies in this grid's pixels: requires aligned grids (same CRS and pixel
    /// size, origins whole pixels apart). The window may extend past this grid's edges.</summary>
    public PixelWindow WindowOf(Grid other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!IsAlignedWith(other))
            throw new ArgumentException(
                $"grid {other} is not aligned with {this} (CRS, pixel size or pixel origin differ); warp it onto this grid first",
                nameof(other));
        var (col, row) = Transform.ToPixel(other.Transform.OriginX, other.Transform.OriginY);
        return new PixelWindow((int)Math.Round(col), (int)Math.Round(row), other.Width, other.Height);
    }

    /// <summary>The pixels of this grid that cover <paramref name="extent"/> (grown outward to whole pixels and
    /// clipped to the grid), or null when the extent misses the grid.</summary>
    public PixelWindow? WindowOf(Extent extent)
    {
        CheckAxisAligned();
        var (c0, r0) = Transform.ToPixel(extent.MinX, extent.MaxY);
        var (c1, r1) = Transform.ToPixel(extent.MaxX, extent.MinY);
        var x0 = (int)Math.Floor(Math.Min(c0, c1) + 1e-9);
        var y0 = (int)Math.Floor(Math.Min(r0, r1) + 1e-9);
        var x1 = (int)Math.Ceiling(Math.Max(c0, c1) - 1e-9);
        var y1 = (int)Math.Ceiling(Math.Max(r0, r1) - 1e-9);
        return new PixelWindow(x0, y0, x1 - x0, y1 - y0).Intersect(FullWindow);
    }

    /// <summary>The part of this grid that lies inside <paramref name="other"/>'s extent (a sub-grid of this one, so
    /// pixels stay aligned with this grid), or null when they do not overlap. The CRSs must match: warp first
    /// otherwise.</summary>
    public Grid? Intersect(Grid other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!SameCrs(other))
            throw new ArgumentException(
                $"grids have different CRSs ({Crs?.Name ?? "none"} and {other.Crs?.Name ?? "none"}); warp one onto the other first",
                nameof(other));
        var overlap = Extent.Intersect(other.Extent);
        if (overlap is null) return null;
        var window = WindowOf(overlap.Value);
        return window is { } w ? Window(w) : null;
    }

    private void CheckAxisAligned()
    {
        if (!Transform.IsAxisAligned)
            throw new NotSupportedException($"grid with rotated geotransform {Transform} is not supported here; warp it to a north-up grid first");
    }

    /// <summary>Equal size, CRS and geotransform (to a millionth of a pixel).</summary>
    public bool Equals(Grid? other) =>
        other is not null && Width == other.Width && Height == other.Height &&
        Transform.ApproximatelyEquals(other.Transform) && SameCrs(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Width, Height);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Width}x{Height} px of {ResolutionX}x{ResolutionY} at ({Transform.OriginX}, {Transform.OriginY}), CRS {Crs?.ToString() ?? "none"}");
}
