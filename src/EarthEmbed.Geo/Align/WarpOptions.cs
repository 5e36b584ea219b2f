namespace EarthEmbed.Geo;

/// <summary>How <see cref="Warp"/> resamples a raster onto another grid.</summary>
public sealed record WarpOptions
{
    /// <summary>Resampling method (gdalwarp -r). Default <see cref="Resampling.Nearest"/>.</summary>
    public Resampling Method { get; init; } = Resampling.Nearest;

    /// <summary>Output pixel type. Default: Float32, or Int8 for signed 8-bit sources (which GDAL 3.6 can only
    /// resample with Nearest or Mode).</summary>
    public RasterDataType? DataType { get; init; }

    /// <summary>No-data value of the output's bands. Default: each source band's own no-data value, else NaN for
    /// float outputs. Output pixels that no valid source pixel reaches are set to it.</summary>
    public double? NoData { get; init; }

    /// <summary>Further gdalwarp arguments, e.g. ["-wo", "NUM_THREADS=2"] or ["-et", "0"].</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Options with a method and defaults otherwise.</summary>
    public static WarpOptions With(Resampling method) => new() { Method = method };
}
