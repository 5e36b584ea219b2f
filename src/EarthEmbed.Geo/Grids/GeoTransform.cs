using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>GDAL's affine geotransform, in GDAL's order: world x = OriginX + col * PixelWidth + row * RowRotation,
/// world y = OriginY + col * ColumnRotation + row * PixelHeight, where (col, row) are pixel-corner coordinates.
/// North-up rasters have no rotation and a negative <see cref="PixelHeight"/>; bottom-up ones a positive one.</summary>
public readonly record struct GeoTransform(
    double OriginX, double PixelWidth, double RowRotation, double OriginY, double ColumnRotation, double PixelHeight)
{
    /// <summary>GDAL's default for rasters without georeferencing: (0, 1, 0, 0, 0, 1).</summary>
    public static GeoTransform Identity { get; } = new(0, 1, 0, 0, 0, 1);

    /// <summary>From GDAL's six coefficients.</summary>
    public static GeoTransform FromArray(ReadOnlySpan<double> c)
    {
        if (c.Length != 6) throw new ArgumentException($"a geotransform has 6 coefficients, got {c.Length}", nameof(c));
        return new GeoTransform(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    /// <summary>A north-up transform with square or rectangular pixels: top-left corner and positive pixel sizes.</summary>
    public static GeoTransform NorthUp(double left, double top, double resolutionX, double resolutionY) =>
        new(left, resolutionX, 0, top, 0, -resolutionY);

    /// <summary>GDAL's six coefficients.</summary>
    public double[] ToArray() => [OriginX, PixelWidth, RowRotation, OriginY, ColumnRotation, PixelHeight];

    /// <summary>True when there is no rotation or shear term.</summary>
    public bool IsAxisAligned => RowRotation == 0 && ColumnRotation == 0;

    /// <summary>Axis aligned with rows running from north to south (negative pixel height): the usual layout.</summary>
    public bool IsNorthUp => IsAxisAligned && PixelHeight < 0 && PixelWidth > 0;

    /// <summary>Axis aligned with rows running from south to north (positive pixel height), as some AlphaEarth
    /// tiles are stored.</summary>
    public bool IsBottomUp => IsAxisAligned && PixelHeight > 0 && PixelWidth > 0;

    /// <summary>World coordinates of a pixel-space point (col, row); (0.5, 0.5) is the centre of the first pixel.</summary>
    public (double X, double Y) ToWorld(double col, double row) =>
        (OriginX + col * PixelWidth + row * RowRotation, OriginY + col * ColumnRotation + row * PixelHeight);

    /// <summary>Pixel-space coordinates (col, row) of a world point: the inverse of <see cref="ToWorld"/>.</summary>
    public (double Col, double Row) ToPixel(double x, double y)
    {
        var det = PixelWidth * PixelHeight - RowRotation * ColumnRotation;
        if (det == 0) throw new InvalidOperationException($"geotransform {this} is not invertible");
        var dx = x - OriginX;
        var dy = y - OriginY;
        return ((dx * PixelHeight - dy * RowRotation) / det, (dy * PixelWidth - dx * ColumnRotation) / det);
    }

    /// <summary>The transform of the same pixels seen from pixel (col, row) as the new origin.</summary>
    public GeoTransform Offset(double col, double row)
    {
        var (x, y) = ToWorld(col, row);
        return this with { OriginX = x, OriginY = y };
    }

    /// <summary>The transform after scaling pixel sizes by the given factors (resampling to a coarser or finer grid).</summary>
    public GeoTransform Scale(double factorX, double factorY) => this with
    {
        PixelWidth = PixelWidth * factorX,
        ColumnRotation = ColumnRotation * factorX,
        RowRotation = RowRotation * factorY,
        PixelHeight = PixelHeight * factorY,
    };

    /// <summary>True when every coefficient differs by at most <paramref name="tolerance"/> times the pixel size.</summary>
    public bool ApproximatelyEquals(GeoTransform other, double tolerance = 1e-6)
    {
        var scale = Math.Max(Math.Abs(PixelWidth), Math.Abs(PixelHeight)) * tolerance;
        return Math.Abs(OriginX - other.OriginX) <= scale && Math.Abs(OriginY - other.OriginY) <= scale &&
               Math.Abs(PixelWidth - other.PixelWidth) <= scale && Math.Abs(PixelHeight - other.PixelHeight) <= scale &&
               Math.Abs(RowRotation - other.RowRotation) <= scale && Math.Abs(ColumnRotation - other.ColumnRotation) <= scale;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"({OriginX}, {PixelWidth}, {RowRotation}, {OriginY}, {ColumnRotation}, {PixelHeight})");
}
