namespace EarthEmbed.Geo;

/// <summary>Pixel data types. GDAL 3.6 has no native signed 8-bit type: <see cref="Int8"/> is a Byte band marked
/// PIXELTYPE=SIGNEDBYTE (how AlphaEarth's int8 GeoTIFFs read there), and this library reads and writes it as
/// signed.</summary>
public enum RasterDataType
{
    /// <summary>Unknown or unsupported.</summary>
    Unknown = 0,
    /// <summary>Unsigned 8-bit.</summary>
    Byte,
    /// <summary>Signed 8-bit (Byte with PIXELTYPE=SIGNEDBYTE in GDAL 3.6).</summary>
    Int8,
    /// <summary>Unsigned 16-bit.</summary>
    UInt16,
    /// <summary>Signed 16-bit.</summary>
    Int16,
    /// <summary>Unsigned 32-bit.</summary>
    UInt32,
    /// <summary>Signed 32-bit.</summary>
    Int32,
    /// <summary>Unsigned 64-bit.</summary>
    UInt64,
    /// <summary>Signed 64-bit.</summary>
    Int64,
    /// <summary>32-bit float.</summary>
    Float32,
    /// <summary>64-bit float.</summary>
    Float64,
    /// <summary>A complex type (read as its real part).</summary>
    Complex,
}

/// <summary>Mapping between <see cref="RasterDataType"/> and GDAL's GDALDataType codes.</summary>
internal static class RasterDataTypes
{
    internal const int GdtByte = 1;
    internal const int GdtFloat32 = 6;

    internal static RasterDataType FromGdal(int code, bool signedByte) => code switch
    {
        1 => signedByte ? RasterDataType.Int8 : RasterDataType.Byte,
        2 => RasterDataType.UInt16,
        3 => RasterDataType.Int16,
        4 => RasterDataType.UInt32,
        5 => RasterDataType.Int32,
        6 => RasterDataType.Float32,
        7 => RasterDataType.Float64,
        8 or 9 or 10 or 11 => RasterDataType.Complex,
        12 => RasterDataType.UInt64,
        13 => RasterDataType.Int64,
        _ => RasterDataType.Unknown,
    };

    internal static int ToGdal(RasterDataType type) => type switch
    {
        RasterDataType.Byte or RasterDataType.Int8 => 1,
        RasterDataType.UInt16 => 2,
        RasterDataType.Int16 => 3,
        RasterDataType.UInt32 => 4,
        RasterDataType.Int32 => 5,
        RasterDataType.Float32 => 6,
        RasterDataType.Float64 => 7,
        RasterDataType.UInt64 => 12,
        RasterDataType.Int64 => 13,
        _ => throw new ArgumentException($"data type {type} cannot be written", nameof(type)),
    };
}

/// <summary>Resampling methods, for reading at another size (GDALRasterIOEx) and for warping (gdalwarp -r).</summary>
public enum Resampling
{
    /// <summary>Nearest neighbour: values are copied, never invented (classes, codes).</summary>
    Nearest = 0,
    /// <summary>Bilinear (2x2 kernel).</summary>
    Bilinear = 1,
    /// <summary>Cubic convolution (4x4 kernel).</summary>
    Cubic = 2,
    /// <summary>Cubic B-spline (4x4 kernel, smoothing).</summary>
    CubicSpline = 3,
    /// <summary>Lanczos windowed sinc (6x6 kernel).</summary>
    Lanczos = 4,
    /// <summary>Mean of the contributing valid pixels (downsampling continuous data).</summary>
    Average = 5,
    /// <summary>Most frequent contributing value (downsampling classes).</summary>
    Mode = 6,
}

/// <summary>Names GDAL's tools use for <see cref="Resampling"/> values.</summary>
public static class ResamplingNames
{
    /// <summary>The gdalwarp / gdal_translate "-r" name of a method.</summary>
    public static string ToGdalName(this Resampling method) => method switch
    {
        Resampling.Nearest => "near",
        Resampling.Bilinear => "bilinear",
        Resampling.Cubic => "cubic",
        Resampling.CubicSpline => "cubicspline",
        Resampling.Lanczos => "lanczos",
        Resampling.Average => "average",
        Resampling.Mode => "mode",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown resampling method"),
    };

    /// <summary>True for methods that only ever copy existing values (safe for classes and quantised codes).</summary>
    public static bool CopiesValues(this Resampling method) => method is Resampling.Nearest or Resampling.Mode;
}
