namespace EarthEmbed.Data.Synthetic;

/// <summary>Seeded 2-D value noise and fractal sums of it (fBm): the building block of synthetic terrain and land
/// cover. Pure functions of (seed, x, y), so any window of a landscape can be generated on its own and the same
/// seed always gives the same world, on every machine.</summary>
public readonly struct Noise
{
    private readonly ulong seed;

    /// <summary>Noise field number <paramref name="seed"/>.</summary>
    public Noise(long seed) => this.seed = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;

    /// <summary>A reproducible value in [-1, 1) at integer lattice point (i, j).</summary>
    public double Lattice(long i, long j)
    {
        var h = seed ^ ((ulong)i * 0xBF58476D1CE4E5B9UL) ^ ((ulong)j * 0x94D049BB133111EBUL);
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (h >> 11) * (2.0 / (1UL << 53)) - 1.0;
    }

    /// <summary>Smooth value noise in [-1, 1] at a real position (lattice spacing 1), quintic interpolation so
    /// slopes are continuous.</summary>
    public double At(double x, double y)
    {
        var i = (long)Math.Floor(x);
        var j = (long)Math.Floor(y);
        double fx = x - i, fy = y - j;
        double sx = Fade(fx), sy = Fade(fy);
        var a = Lattice(i, j) + sx * (Lattice(i + 1, j) - Lattice(i, j));
        var b = Lattice(i, j + 1) + sx * (Lattice(i + 1, j + 1) - Lattice(i, j + 1));
        return a + sy * (b - a);
    }

    /// <summary>Fractal Brownian motion: <paramref name="octaves"/> layers, each at twice the frequency and
    /// <paramref name="gain"/> times the amplitude of the last, normalised to about [-1, 1].</summary>
    public double Fbm(double x, double y, int octaves, double gain = 0.5)
    {
        double sum = 0, amplitude = 1, norm = 0, frequency = 1;
        for (var o = 0; o < octaves; o++)
        {
            sum += amplitude * At(x * frequency + 17.1 * o, y * frequency - 31.7 * o);
            norm += amplitude;
            amplitude *= gain;
            frequency *= 2;
        }
        return sum / norm;
    }

    /// <summary>Ridged noise in [0, 1]: 1 - |fBm|, peaked along thin lines; valleys are carved where it is high.</summary>
    public double Ridged(double x, double y, int octaves) => 1 - Math.Abs(Fbm(x, y, octaves));

    private static double Fade(double t) => t * t * t * (t * (t * 6 - 15) + 10);
}
