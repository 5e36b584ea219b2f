using EarthEmbed.Data.Synthetic;

namespace EarthEmbed.Data.SuperResolution;

/// <summary>Mountainous rural land at 1 m: relief of a few hundred metres (lit from the north-west, so slopes are
/// brighter or darker than flat land of the same cover), forest on the slopes, rock where it is steep, fields and
/// meadows on gentler ground, a river in a valley, and what <see cref="RuralSettlement"/> builds: paved roads of
/// 4-8 m, farm tracks of 3-4 m (mostly unpaved), farmsteads, small villages and isolated sheds. Impervious surface
/// is sparse (a few percent): roads, yards and buildings that cover much of the 10 m pixels they fall in, beside
/// paved tracks and sheds that cover a quarter of one or less.</summary>
internal sealed class RuralLayout
{
    private readonly long seed;
    private readonly double relief, cos, sin;
    private readonly RuralSettlement built;

    internal RuralLayout(long seed, double sceneSize)
    {
        this.seed = seed;
        relief = 150 + 250 * UrbanLayout.Draw(seed, 31);
        var angle = (UrbanLayout.Draw(seed, 32) - 0.5) * Math.PI;
        cos = Math.Cos(angle);
        sin = Math.Sin(angle);
        built = new RuralSettlement(seed, sceneSize);
    }

    /// <summary>The roads, tracks, farmsteads, villages and sheds of this scene.</summary>
    internal RuralSettlement Built => built;

    /// <summary>Terrain elevation in metres at (x, y).</summary>
    internal double Elevation(double x, double y) =>
        relief * (0.5 + 0.5 * new Noise(seed + 41).Fbm(x / 400, y / 400, 4)) - 40 * Math.Pow(new Noise(seed + 42).Ridged(x / 600, y / 600, 2), 6);

    private float[] terrain = [];
    private int size;
    private double pixel = 1;

    /// <summary>Computes the elevation of every pixel centre once (the slope and the shading read it).</summary>
    internal void Prepare(int pixels, double pixelSize)
    {
        size = pixels;
        pixel = pixelSize;
        var z = new float[pixels * pixels];
        Parallel.For(0, pixels, row =>
        {
            for (var col = 0; col < pixels; col++) z[(row * pixels) + col] = (float)Elevation((col + 0.5) * pixelSize, (row + 0.5) * pixelSize);
        });
        terrain = z;
    }

    private double Z(int col, int row) => terrain[(Math.Clamp(row, 0, size - 1) * size) + Math.Clamp(col, 0, size - 1)];

    /// <summary>Elevation gradient (dz/dx east, dz/dy southwards) at a pixel, by central differences over
    /// <paramref name="step"/> pixels on the prepared grid.</summary>
    private (double Dx, double Dy) Gradient(int col, int row, int step) =>
        ((Z(col + step, row) - Z(col - step, row)) / (2 * step * pixel), (Z(col, row + step) - Z(col, row - step)) / (2 * step * pixel));

    /// <summary>Hill shading factor (Lambertian, sun from the north-west at 45 degrees), 1 on flat land.</summary>
    internal double Illumination(int col, int row)
    {
        var (dzdx, dzdy) = Gradient(col, row, 1);
        // Normal (-dz/dx, +dz/dy, 1) in x east, y north (rows grow southwards); sun direction from the north-west.
        double nx = -dzdx, ny = dzdy, nz = 1, norm = Math.Sqrt((nx * nx) + (ny * ny) + 1);
        double sx = -0.5, sy = 0.5, sz = Math.Sqrt(0.5);
        var cosine = ((nx * sx) + (ny * sy) + (nz * sz)) / norm;
        return Math.Clamp(cosine / sz, 0.35, 1.4);
    }

    /// <summary>The surface at (x, y) metres, its variant (roof type) and object brightness factor.</summary>
    internal (Surface Surface, int Variant, double Factor) At(int col, int row, double x, double y)
    {
        double u = x * cos + y * sin, v = -x * sin + y * cos;
        if (built.At(u, v) is { } structure) return structure;
        var z = Z(col, row);
        if (new Noise(seed + 42).Ridged(x / 600, y / 600, 2) > 0.93) return (Surface.Water, 0, 1);
        var (gx, gy) = Gradient(col, row, 2);
        var slope = Math.Sqrt((gx * gx) + (gy * gy));
        if (slope > 0.9 + 0.2 * new Noise(seed + 48).At(x / 30, y / 30)) return (Surface.Rock, 0, 1);
        var forest = new Noise(seed + 49).Fbm(x / 120, y / 120, 3) + (0.8 * slope) + (0.3 * z / relief) - 0.35;
        if (forest > 0) return (Surface.Trees, 0, 1);
        if (built.ShedAt(u, v) is { } shed) return shed;
        // Fields of about 60 x 40 m on gentle ground, in the scene's rotated frame.
        long fu = (long)Math.Floor(u / 60), fv = (long)Math.Floor(v / 40);
        var field = new Noise(seed + 50).Lattice(fu, fv);
        if (field < -0.6) return (Surface.BareSoil, 0, 0.9 + 0.2 * (field + 1));
        if (field > 0.1 && slope < 0.4) return (Surface.Crops, 0, 0.85 + 0.3 * field);
        return (Surface.Grass, 0, 1);
    }
}
