namespace EarthEmbed.Data.Synthetic;

/// <summary>Makes a seeded synthetic landscape in four steps, each a pure function of the seed and position:
/// (1) terrain = west-east regional rise + fractal relief - valleys carved along ridged-noise lines;
/// (2) land cover from slope, wetness and noise (not from elevation): water in valley bottoms, built-up on flat ground,
///     trees on slopes, crops in rectangular parcels on flat land,
///     bare soil on steep slopes and some fallow parcels, grass elsewhere;
/// (3) object heights: buildings 4-30 m in 30 m blocks split by streets, canopy 10-28 m with gaps, crops under 2 m;
/// (4) embeddings (see <see cref="EmbeddingSynthesizer"/>).
/// Rows are generated in parallel; the result does not depend on the thread count.</summary>
public static class LandscapeGenerator
{
    /// <summary>Generates the landscape described by <paramref name="config"/>.</summary>
    public static Landscape Generate(LandscapeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        int w = config.Width, h = config.Height;
        var terrain = new float[w * h];
        var wetness = new float[w * h];
        Parallel.For(0, h, row =>
        {
            for (var col = 0; col < w; col++)
            {
                var (t, v) = TerrainAt(config, col, row);
                terrain[row * w + col] = (float)t;
                wetness[row * w + col] = (float)v;
            }
        });
        var slope = Slope(terrain, w, h, config.PixelSize);
        var cover = new LandCover[w * h];
        var objects = new float[w * h];
        Parallel.For(0, h, row =>
        {
            for (var col = 0; col < w; col++)
            {
                var i = row * w + col;
                cover[i] = CoverAt(config, col, row, terrain[i], slope[i], wetness[i]);
                objects[i] = (float)ObjectHeightAt(config, col, row, cover[i]);
            }
        });
        var embeddings = EmbeddingSynthesizer.Synthesize(config, terrain, objects, cover, slope, wetness);
        return new Landscape(config, terrain, objects, cover, embeddings);
    }

    /// <summary>Terrain height (m) and valley wetness (0..1) at a pixel centre.</summary>
    public static (double Elevation, double Wetness) TerrainAt(LandscapeConfig c, int col, int row)
    {
        double x = (col + 0.5) * c.PixelSize, y = (row + 0.5) * c.PixelSize;
        var widthM = c.Width * c.PixelSize;
        var relief = new Noise(c.Seed).Fbm(x / c.HillScale, y / c.HillScale, 5);
        var ridged = new Noise(c.Seed + 1).Ridged(x / (1.6 * c.HillScale), y / (1.6 * c.HillScale), 3);
        var valley = Math.Pow(ridged, 4);
        var trend = c.BaseElevation + c.RegionalRise * (x / widthM);
        return (trend + c.Relief * relief - c.ValleyDepth * valley, valley);
    }

    /// <summary>Slope (rise over run) from central differences, clamped at the edges.</summary>
    internal static float[] Slope(float[] z, int w, int h, double pixel)
    {
        var s = new float[z.Length];
        Parallel.For(0, h, row =>
        {
            for (var col = 0; col < w; col++)
            {
                int l = Math.Max(col - 1, 0), r = Math.Min(col + 1, w - 1), u = Math.Max(row - 1, 0), d = Math.Min(row + 1, h - 1);
                var dx = (z[row * w + r] - z[row * w + l]) / ((r - l) * pixel);
                var dy = (z[d * w + col] - z[u * w + col]) / ((d - u) * pixel);
                s[row * w + col] = (float)Math.Sqrt(dx * dx + dy * dy);
            }
        });
        return s;
    }

    private static LandCover CoverAt(LandscapeConfig c, int col, int row, double z, double slope, double wet)
    {
        double x = (col + 0.5) * c.PixelSize, y = (row + 0.5) * c.PixelSize;
        if (wet > 0.85) return LandCover.Water;
        if (slope > 0.1 + 0.03 * new Noise(c.Seed + 2).At(x / 300, y / 300)) return LandCover.Bare;
        // Land cover depends on slope and wetness but not on elevation itself, so it is no linear elevation gauge.
        var urban = new Noise(c.Seed + 3).Fbm(x / 1800, y / 1800, 3) - 0.9 * slope / 0.1;
        if (urban > 0.25) return LandCover.BuiltUp;
        var forest = new Noise(c.Seed + 4).Fbm(x / 900, y / 900, 4) + 2.5 * slope;
        if (forest > 0.3) return LandCover.Trees;
        // Rectangular parcels of about 250 m x 150 m, each cropped or left as grass as a whole.
        long px = (long)Math.Floor(x / 250), py = (long)Math.Floor(y / 150);
        var parcel = new Noise(c.Seed + 5).Lattice(px, py);
        if (parcel < -0.8) return LandCover.Bare;  // fallow fields and quarries: bare soil
        return parcel > -0.1 && slope < 0.08 ? LandCover.Crops : LandCover.Grass;
    }

    private static double ObjectHeightAt(LandscapeConfig c, int col, int row, LandCover cover)
    {
        double x = (col + 0.5) * c.PixelSize, y = (row + 0.5) * c.PixelSize;
        switch (cover)
        {
            case LandCover.BuiltUp:
            {
                // 30 m blocks; every fourth 10 m strip is a street; block heights vary with a district-scale field.
                long bx = (long)Math.Floor(x / 30), by = (long)Math.Floor(y / 30);
                if (Math.Floor(x / 10) % 4 == 0 || Math.Floor(y / 10) % 4 == 0) return 0;
                var district = 0.5 + 0.5 * new Noise(c.Seed + 6).At(x / 1200, y / 1200);
                var block = 0.5 + 0.5 * new Noise(c.Seed + 7).Lattice(bx, by);
                return 4 + 26 * district * block;
            }
            case LandCover.Trees:
            {
                var canopy = new Noise(c.Seed + 8).Fbm(x / 60, y / 60, 2);
                return canopy < -0.55 ? 0 : 10 + 18 * (0.5 + 0.5 * new Noise(c.Seed + 9).At(x / 400, y / 400));
            }
            case LandCover.Crops:
                return 0.3 + 1.5 * (0.5 + 0.5 * new Noise(c.Seed + 10).Lattice((long)Math.Floor(x / 250), (long)Math.Floor(y / 150)));
            case LandCover.Grass:
                return 0.1;
            default:
                return 0;
        }
    }
}
