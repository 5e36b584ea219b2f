using EarthEmbed.Data.Synthetic;

namespace EarthEmbed.Data.SuperResolution;

/// <summary>Surface reflectance in four Sentinel-2-like bands (B2 blue, B3 green, B4 red, B8 near infrared), from
/// typical library spectra: vegetation dark in the visible and bright in the NIR, water dark in the NIR, asphalt dark
/// and flat, concrete and bare soil bright and flat. Roofs come from a palette (red tile, grey, bright metal, dark
/// bitumen, brownish), so roofs overlap both asphalt and bare soil spectrally, which is what makes ISA mapping hard.
/// Texture multiplies each pixel by a factor near 1 from fine value noise, plus a per-object factor.</summary>
public static class Spectra
{
    /// <summary>Number of bands (B2, B3, B4, B8).</summary>
    public const int Bands = 4;

    /// <summary>Band names in order, as GeoTIFF band descriptions.</summary>
    public static IReadOnlyList<string> BandNames { get; } = ["B2", "B3", "B4", "B8"];

    private static readonly double[][] Base =
    [
        [0.060, 0.050, 0.030, 0.012],   // Water
        [0.030, 0.055, 0.035, 0.330],   // Trees
        [0.045, 0.085, 0.060, 0.300],   // Grass
        [0.050, 0.080, 0.070, 0.380],   // Crops
        [0.100, 0.130, 0.170, 0.230],   // BareSoil
        [0.150, 0.160, 0.175, 0.210],   // Rock
        [0.065, 0.072, 0.080, 0.095],   // Road (asphalt)
        [0.140, 0.150, 0.160, 0.180],   // Building (grey roof; see Roofs)
        [0.190, 0.205, 0.220, 0.250],   // Plaza (concrete)
    ];

    /// <summary>Roof palette: red tile, grey concrete, bright metal, dark bitumen, brownish.</summary>
    private static readonly double[][] Roofs =
    [
        [0.080, 0.095, 0.190, 0.240],
        [0.140, 0.150, 0.160, 0.180],
        [0.300, 0.315, 0.330, 0.350],
        [0.055, 0.058, 0.064, 0.080],
        [0.110, 0.125, 0.150, 0.200],
    ];

    /// <summary>The mean reflectance of <paramref name="surface"/> in <paramref name="band"/>; for buildings,
    /// <paramref name="variant"/> picks the roof type (0..4).</summary>
    public static double Reflectance(Surface surface, int band, int variant = 1) =>
        surface == Surface.Building ? Roofs[((variant % Roofs.Length) + Roofs.Length) % Roofs.Length][band] : Base[(int)surface][band];

    /// <summary>The reflectance of one pixel: the surface's spectrum times an object factor (per building, per
    /// field: <paramref name="objectFactor"/>), a fine texture from value noise (strength by surface: canopy and
    /// soil rough, roofs and water smooth), and <paramref name="illumination"/> (hill shading, 1 on flat land).</summary>
    public static void Pixel(Surface surface, int variant, double objectFactor, double illumination, double x, double y,
        long seed, Span<float> output)
    {
        var roughness = surface switch
        {
            Surface.Trees => 0.25, Surface.BareSoil => 0.15, Surface.Rock => 0.18, Surface.Crops => 0.08,
            Surface.Grass => 0.10, Surface.Water => 0.05, Surface.Road => 0.06, Surface.Plaza => 0.07, _ => 0.04,
        };
        var texture = 1 + roughness * new Noise(seed + 900).Fbm(x / 2.5, y / 2.5, 2);
        var scale = objectFactor * texture * illumination;
        for (var b = 0; b < Bands; b++)
        {
            // A little band-to-band decorrelation so texture is not a pure brightness change.
            var wobble = 1 + 0.03 * new Noise(seed + 910 + b).At(x / 4, y / 4);
            output[b] = (float)Math.Max(0.0, Reflectance(surface, b, variant) * scale * wobble);
        }
    }
}
