using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>How a GeoTIFF is written: pixel type, compression, internal tiling, no-data, band descriptions, and
/// whether to finish it as a Cloud Optimized GeoTIFF (COG: tiled, with overviews, in COG layout).</summary>
public sealed record GeoTiffOptions
{
    /// <summary>Stored pixel type (values are rounded and clamped to it). Default Float32.</summary>
    public RasterDataType DataType { get; init; } = RasterDataType.Float32;

    /// <summary>GDAL's COMPRESS value: "NONE", "DEFLATE" (default), "LZW", "ZSTD", "LERC" ...</summary>
    public string Compression { get; init; } = "DEFLATE";

    /// <summary>Store in square tiles of <see cref="BlockSize"/> (default) rather than strips of rows.</summary>
    public bool Tiled { get; init; } = true;

    /// <summary>Tile size in pixels (a multiple of 16). Default 256.</summary>
    public int BlockSize { get; init; } = 256;

    /// <summary>Finish as a Cloud Optimized GeoTIFF (written as a GeoTIFF, then copied with GDAL's COG driver).</summary>
    public bool Cog { get; init; }

    /// <summary>The no-data value of every band; NaN values of float data are no-data without it. For integer types
    /// NaN values are written as this value (or 0 when there is none).</summary>
    public double? NoData { get; init; }

    /// <summary>One description per band (e.g. "height_m"), or null.</summary>
    public IReadOnlyList<string>? BandDescriptions { get; init; }

    /// <summary>The TIFF predictor for compression: 2 (horizontal differencing, integers), 3 (floating point), or
    /// null for none.</summary>
    public int? Predictor { get; init; }

    /// <summary>Any further GTiff creation options, "KEY=VALUE".</summary>
    public IReadOnlyList<string> ExtraCreationOptions { get; init; } = [];

    /// <summary>Default options for a single-band float output with NaN as no-data.</summary>
    public static GeoTiffOptions Default { get; } = new();

    /// <summary>GTiff creation options for these settings.</summary>
    internal List<string> CreationOptions(bool forCog)
    {
        var o = new List<string> { "COMPRESS=" + Compression, "BIGTIFF=IF_SAFER" };
        if (forCog)
        {
            o.Add("BLOCKSIZE=" + BlockSize.ToString(CultureInfo.InvariantCulture));
        }
        else if (Tiled)
        {
            o.Add("TILED=YES");
            o.Add("BLOCKXSIZE=" + BlockSize.ToString(CultureInfo.InvariantCulture));
            o.Add("BLOCKYSIZE=" + BlockSize.ToString(CultureInfo.InvariantCulture));
        }
        if (Predictor is { } p) o.Add("PREDICTOR=" + p.ToString(CultureInfo.InvariantCulture));
        if (DataType == RasterDataType.Int8 && !forCog) o.Add("PIXELTYPE=SIGNEDBYTE");
        o.AddRange(ExtraCreationOptions);
        return o;
    }

    internal void Validate(int bandCount)
    {
        if (BlockSize < 16 || BlockSize % 16 != 0)
            throw new ArgumentException($"GeoTiffOptions.BlockSize must be a positive multiple of 16, got {BlockSize}");
        if (BandDescriptions != null && BandDescriptions.Count != bandCount)
            throw new ArgumentException($"GeoTiffOptions.BandDescriptions has {BandDescriptions.Count} entries for {bandCount} band(s)", nameof(bandCount));
        if (DataType is RasterDataType.Unknown or RasterDataType.Complex)
            throw new ArgumentException($"GeoTiffOptions.DataType {DataType} cannot be written");
    }
}
