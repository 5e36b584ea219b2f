namespace EarthEmbed.Data.Synthetic;

/// <summary>Turns a landscape's physical fields into unit-length "embeddings" the way AlphaEarth plausibly carries
/// height: object height and land cover fairly directly (they shape the optical and radar signal), terrain elevation
/// only through weaker cues (a climate gradient and a vegetation-zone switch, read through per-pixel noise, plus
/// slope and wetness). A fixed seeded random projection mixes the cues into <see cref="LandscapeConfig.Bands"/>
/// dimensions, per-band noise is added, and each vector is scaled to length 1.
/// Why noisy: elevation is smooth in space but each pixel's witness of it is not, so a model that sees the
/// neighbourhood (a U-Net) can average the noise away and a per-pixel model (ridge) cannot; that is the gap the paper
/// reports (ridge train R² 0.64). Why saturating: the climate cue flattens above ~200 m, so the higher test block
/// shows the kind of distribution shift the paper reports.</summary>
public static class EmbeddingSynthesizer
{
    /// <summary>Number of physical cues before the projection.</summary>
    public const int Cues = 18;

    /// <summary>The band-sequential unit-length embeddings.</summary>
    public static float[] Synthesize(LandscapeConfig c, float[] terrain, float[] objects, LandCover[] cover, float[] slope, float[] wetness)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(terrain);
        int w = c.Width, h = c.Height, n = w * h, bands = c.Bands;
        var projection = Projection(c.Seed, bands);
        var output = new float[bands * n];
        Parallel.For(0, h, row =>
        {
            Span<double> cue = stackalloc double[Cues];
            Span<double> e = stackalloc double[bands];
            for (var col = 0; col < w; col++)
            {
                var i = row * w + col;
                Cue(c, col, row, terrain[i], objects[i], cover[i], slope[i], wetness[i], cue);
                var norm = 0.0;
                for (var b = 0; b < bands; b++)
                {
                    var v = c.EmbeddingNoise * new Noise(c.Seed + 1000 + b).Lattice(col, row) * 1.7;
                    for (var k = 0; k < Cues; k++) v += projection[b * Cues + k] * cue[k];
                    e[b] = v;
                    norm += v * v;
                }
                var scale = 1 / Math.Sqrt(Math.Max(norm, 1e-12));
                for (var b = 0; b < bands; b++) output[(long)b * n + i] = (float)(e[b] * scale);
            }
        });
        return output;
    }

    internal static void Cue(LandscapeConfig c, int col, int row, double z, double objectHeight, LandCover cover,
        double slope, double wet, Span<double> cue)
    {
        double x = (col + 0.5) * c.PixelSize, y = (row + 0.5) * c.PixelSize;
        cue.Clear();
        cue[(int)cover] = 1.0;                                    // 0..5 land cover, one-hot
        cue[6] = Math.Tanh(objectHeight / 12);                    // object height, direct but saturating above ~25 m
        cue[7] = Math.Sqrt(Math.Max(objectHeight, 0) / 30);       // a second, differently shaped height cue
        // Terrain elevation only through climate-like cues that a single 10 m pixel witnesses noisily: each is read
        // through white (pixel-to-pixel independent) noise of standard deviation cue_noise. A per-pixel model cannot
        // average it away; a model that sees the neighbourhood can. The climate cue flattens above ~200 m.
        cue[8] = 0.6 * (Math.Tanh((z - ElevationCueCentre) / ElevationCueScale) + c.CueNoise * Gauss(c.Seed + 400, col, row));
        cue[9] = 0.3 * (1 / (1 + Math.Exp(-(z - ElevationCueCentre) / 12)) + c.CueNoise * Gauss(c.Seed + 401, col, row));
        cue[10] = 0.3 * Math.Tanh(slope / 0.15);                  // slope
        cue[11] = 0.3 * wet;                                      // valley wetness
        for (var k = 0; k < 6; k++)                               // seasonal / spectral variability, smooth in space
            cue[12 + k] = 0.3 * new Noise(c.Seed + 200 + k).Fbm(x / 500, y / 500, 2);
    }

    /// <summary>Elevation (m) at the middle of the climate cue's sensitive range.</summary>
    public const double ElevationCueCentre = 130;

    /// <summary>Scale (m) of the climate cue's tanh: nearly linear within ±60 m of the centre, flat beyond ~±150 m.</summary>
    public const double ElevationCueScale = 90;

    /// <summary>A standard normal value at a pixel, independent from pixel to pixel (Box-Muller on the lattice).</summary>
    internal static double Gauss(long seed, int col, int row)
    {
        var noise = new Noise(seed);
        var u1 = 0.5 * (noise.Lattice(2L * col, row) + 1) + 1e-12;
        var u2 = 0.5 * (noise.Lattice(2L * col + 1, row) + 1);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A fixed Gaussian random projection (Box-Muller on the seeded lattice), scaled by 1/sqrt(cues).</summary>
    internal static double[] Projection(long seed, int bands)
    {
        var m = new double[bands * Cues];
        var noise = new Noise(seed + 100);
        for (var i = 0; i < m.Length; i++)
        {
            var u1 = 0.5 * (noise.Lattice(i, 0) + 1) + 1e-12;
            var u2 = 0.5 * (noise.Lattice(i, 1) + 1);
            m[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2) / Math.Sqrt(Cues);
        }
        return m;
    }
}
