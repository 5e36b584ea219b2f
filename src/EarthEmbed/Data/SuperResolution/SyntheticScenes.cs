namespace EarthEmbed.Data.SuperResolution;

/// <summary>The sensor that makes the 10 m image: Gaussian PSF sigma per band in metres (B2, B3, B4, B8) and the
/// standard deviation of additive noise in reflectance units.</summary>
public sealed record SensorModel(IReadOnlyList<double> SigmaMetres, double Noise)
{
    /// <summary>Sigmas near half a 10 m pixel (MTF about 0.25 at Nyquist) and noise 0.004 (SNR above 25 on roads).</summary>
    public static SensorModel Sentinel2Like { get; } = new([5.2, 5.0, 5.0, 5.4], 0.004);
}

/// <summary>Synthetic scenes as <see cref="SuperResolutionSample"/>s: a <see cref="SceneGenerator"/> scene, its
/// 10 m image from <see cref="SensorDegradation"/>, the 1 m image and the ISA label.</summary>
public static class SyntheticScenes
{
    /// <summary>Generates scene <paramref name="spec"/> and degrades it with <paramref name="sensor"/>.</summary>
    public static SuperResolutionSample Make(SceneSpec spec, SensorModel sensor, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sensor);
        var scene = SceneGenerator.Generate(spec);
        var low = SensorDegradation.Degrade(scene.Image, Spectra.Bands, scene.Height, scene.Width, spec.Factor,
            sensor.SigmaMetres, scene.PixelSize, sensor.Noise, unchecked((int)(spec.Seed * 31 + 5)));
        return new SuperResolutionSample
        {
            Name = name ?? $"{spec.Type.ToString().ToLowerInvariant()}-{spec.Seed}", Type = spec.Type, Bands = Spectra.Bands,
            LowHeight = spec.SizeLowRes, LowWidth = spec.SizeLowRes, Factor = spec.Factor, LowRes = low,
            HighRes = scene.Image, Label = scene.Isa,
            LowTransform = [spec.OriginX, 10, 0, spec.OriginY, 0, -10], Epsg = HighResScene.Epsg,
        };
    }
}
