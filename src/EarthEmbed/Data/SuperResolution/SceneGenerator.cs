namespace EarthEmbed.Data.SuperResolution;

/// <summary>Which scene to make: its type, seed, size in low-resolution (10 m) pixels, the resolution ratio, and
/// where its north-west corner lies (metres, in <see cref="HighResScene.Epsg"/>).</summary>
public sealed record SceneSpec(SceneType Type, long Seed, int SizeLowRes, int Factor = 10, double OriginX = 500000, double OriginY = 5000000)
{
    /// <summary>Side of the scene in high-resolution pixels.</summary>
    public int SizeHighRes => SizeLowRes * Factor;
}

/// <summary>A generated 1 m scene: the 4-band reflectance image (band-sequential, B2, B3, B4, B8), the surface of
/// every pixel and the binary ISA label, on a north-up UTM grid (EPSG:32631) with square pixels of
/// <see cref="PixelSize"/> metres.</summary>
public sealed class HighResScene
{
    internal HighResScene(SceneSpec spec, float[] image, Surface[] cover)
    {
        Spec = spec;
        Image = image;
        Cover = cover;
        Isa = cover.Select(c => c.IsImpervious() ? (byte)1 : (byte)0).ToArray();
    }

    /// <summary>EPSG code of the scenes' CRS (WGS 84 / UTM zone 31N).</summary>
    public const int Epsg = 32631;

    /// <summary>How it was made.</summary>
    public SceneSpec Spec { get; }

    /// <summary>Columns (= rows).</summary>
    public int Width => Spec.SizeHighRes;

    /// <summary>Rows.</summary>
    public int Height => Spec.SizeHighRes;

    /// <summary>High-resolution pixel size in metres (10 m / factor: 1 m at the default factor 10).</summary>
    public double PixelSize => 10.0 / Spec.Factor;

    /// <summary>Reflectance, band b of pixel i at b * Width * Height + i.</summary>
    public float[] Image { get; }

    /// <summary>Surface per pixel.</summary>
    public Surface[] Cover { get; }

    /// <summary>1 where impervious (road, building, plaza), else 0.</summary>
    public byte[] Isa { get; }

    /// <summary>Share of impervious pixels.</summary>
    public double IsaFraction => Isa.Average(v => (double)v);

    /// <summary>GDAL geotransform of the high-resolution grid.</summary>
    public double[] GeoTransform => [Spec.OriginX, PixelSize, 0, Spec.OriginY, 0, -PixelSize];
}

/// <summary>Makes seeded 1 m scenes of the two types (see <see cref="UrbanLayout"/> and <see cref="RuralLayout"/>)
/// with reflectance from <see cref="Spectra"/>. Rows are generated in parallel; the result does not depend on the
/// thread count.</summary>
public static class SceneGenerator
{
    /// <summary>Generates the scene described by <paramref name="spec"/>.</summary>
    public static HighResScene Generate(SceneSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.SizeLowRes < 2) throw new ArgumentException($"SizeLowRes must be at least 2 pixels, got {spec.SizeLowRes}", nameof(spec));
        if (spec.Factor < 1) throw new ArgumentException($"Factor must be at least 1, got {spec.Factor}", nameof(spec));
        int n = spec.SizeHighRes, pixels = n * n;
        var pixel = 10.0 / spec.Factor;
        var image = new float[Spectra.Bands * pixels];
        var cover = new Surface[pixels];
        var urban = spec.Type == SceneType.Urban ? new UrbanLayout(spec.Seed, n * pixel) : null;
        var rural = spec.Type == SceneType.Rural ? new RuralLayout(spec.Seed, n * pixel) : null;
        rural?.Prepare(n, pixel);
        Parallel.For(0, n, row =>
        {
            Span<float> value = stackalloc float[Spectra.Bands];
            for (var col = 0; col < n; col++)
            {
                double x = (col + 0.5) * pixel, y = (row + 0.5) * pixel;
                var (surface, variant, factor) = urban?.At(x, y) ?? rural!.At(col, row, x, y);
                var light = rural?.Illumination(col, row) ?? 1.0;
                Spectra.Pixel(surface, variant, factor, light, x, y, spec.Seed, value);
                var i = (row * n) + col;
                cover[i] = surface;
                for (var b = 0; b < Spectra.Bands; b++) image[(b * pixels) + i] = value[b];
            }
        });
        return new HighResScene(spec, image, cover);
    }
}
