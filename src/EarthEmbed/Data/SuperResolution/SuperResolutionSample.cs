namespace EarthEmbed.Data.SuperResolution;

/// <summary>One aligned scene for joint super-resolution and segmentation: the low-resolution (10 m) image, and,
/// where available, the high-resolution image (super-resolution target) and the binary ISA label, both
/// <see cref="Factor"/> times finer. Arrays are band-sequential float reflectance and row-major bytes.</summary>
public sealed record SuperResolutionSample
{
    /// <summary>A name for messages and reports (file stem or "urban-3").</summary>
    public required string Name { get; init; }

    /// <summary>Urban or rural (for per-scene-type metrics).</summary>
    public SceneType Type { get; init; }

    /// <summary>Bands of both images.</summary>
    public int Bands { get; init; } = 4;

    /// <summary>Rows of the low-resolution image.</summary>
    public required int LowHeight { get; init; }

    /// <summary>Columns of the low-resolution image.</summary>
    public required int LowWidth { get; init; }

    /// <summary>High-resolution pixels per low-resolution pixel along each axis.</summary>
    public int Factor { get; init; } = 10;

    /// <summary>Low-resolution reflectance, Bands x LowHeight x LowWidth.</summary>
    public required float[] LowRes { get; init; }

    /// <summary>High-resolution reflectance, Bands x (LowHeight*Factor) x (LowWidth*Factor), or null.</summary>
    public float[]? HighRes { get; init; }

    /// <summary>ISA label at high resolution (1 impervious, 0 not), or null.</summary>
    public byte[]? Label { get; init; }

    /// <summary>GDAL geotransform of the low-resolution grid (null when not georeferenced).</summary>
    public double[]? LowTransform { get; init; }

    /// <summary>EPSG code of the grids, when known.</summary>
    public int? Epsg { get; init; }

    /// <summary>Rows at high resolution.</summary>
    public int HighHeight => LowHeight * Factor;

    /// <summary>Columns at high resolution.</summary>
    public int HighWidth => LowWidth * Factor;
}
