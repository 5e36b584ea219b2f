using YamlDotNet.Serialization;

namespace EarthEmbed.Data.Synthetic;

/// <summary>Settings of the synthetic landscape (YAML keys in snake_case). The defaults make hilly country whose
/// regional level rises from about 80 m in the west to about 180 m in the east, with hills and valleys of several
/// tens of metres on top, so the eastern test block lies higher than the training area, as in the height paper
/// (test block at 110-160 m).</summary>
public sealed class LandscapeConfig
{
    /// <summary>Width in pixels.</summary>
    public int Width { get; set; } = 1024;

    /// <summary>Height in pixels.</summary>
    public int Height { get; set; } = 1024;

    /// <summary>Pixel size in metres (AlphaEarth embeddings are 10 m).</summary>
    public double PixelSize { get; set; } = 10;

    /// <summary>Seed of every random field.</summary>
    public long Seed { get; set; } = 7;

    /// <summary>Terrain height at the western edge, metres.</summary>
    public double BaseElevation { get; set; } = 80;

    /// <summary>Rise of the regional trend from west to east, metres.</summary>
    public double RegionalRise { get; set; } = 100;

    /// <summary>Amplitude of the rolling relief, metres.</summary>
    public double Relief { get; set; } = 90;

    /// <summary>Depth of the valleys carved along ridged-noise lines, metres.</summary>
    public double ValleyDepth { get; set; } = 25;

    /// <summary>Typical size of hills, metres.</summary>
    public double HillScale { get; set; } = 2500;

    /// <summary>Standard deviation of per-band noise added to the embeddings before normalisation.</summary>
    public double EmbeddingNoise { get; set; } = 0.04;

    /// <summary>Standard deviation of the white per-pixel noise through which the terrain-elevation cues are read
    /// (relative to the cue's own range of -1..1).</summary>
    public double CueNoise { get; set; } = 0.3;

    /// <summary>Number of embedding bands (AlphaEarth has 64).</summary>
    public int Bands { get; set; } = 64;

    /// <summary>Fraction of the width, from the east edge, that forms the contiguous test block.</summary>
    public double TestFraction { get; set; } = 0.3;

    /// <summary>Map origin (west edge, metres) in Lambert-93 (EPSG:2154), placed in Nouvelle-Aquitaine.</summary>
    public double OriginX { get; set; } = 420000;

    /// <summary>Map origin (north edge, metres) in Lambert-93.</summary>
    public double OriginY { get; set; } = 6420000;

    /// <summary>First column of the eastern test block (derived, not a YAML key).</summary>
    [YamlIgnore]
    public int TestStartColumn => (int)Math.Round(Width * (1 - TestFraction));

    /// <summary>Throws with the key name when a setting is out of range.</summary>
    public void Validate()
    {
        if (Width < 32 || Height < 32) throw new ArgumentException($"width and height must be at least 32 pixels, got {Width}x{Height}");
        if (PixelSize <= 0) throw new ArgumentException($"pixel_size must be positive, got {PixelSize}");
        if (CueNoise < 0) throw new ArgumentException($"cue_noise must be non-negative, got {CueNoise}");
        if (Bands < 8) throw new ArgumentException($"bands must be at least 8, got {Bands}");
        if (TestFraction is <= 0 or >= 1) throw new ArgumentException($"test_fraction must be in (0, 1), got {TestFraction}");
    }
}
