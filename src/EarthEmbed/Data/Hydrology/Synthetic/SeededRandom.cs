namespace EarthEmbed.Data.Hydrology.Synthetic;

/// <summary>A small, fully specified random generator (SplitMix64 seeding a xoshiro256** stream) with the draws
/// the synthetic world needs: uniform, normal, gamma, Bernoulli. Its output is fixed by this code alone (not by the
/// .NET version), and each site draws from its own stream keyed by (seed, site, purpose), so sites can be made in
/// parallel and a world is the same whatever the thread count.</summary>
public sealed class SeededRandom
{
    private ulong s0, s1, s2, s3;
    private double? spareNormal;

    /// <summary>The stream for <paramref name="seed"/> and the keys (e.g. site index and a purpose number).</summary>
    public SeededRandom(long seed, params long[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var x = (ulong)seed ^ 0x5DEECE66DUL;
        foreach (var k in keys) x = Mix(x ^ Mix((ulong)k + 0x9E3779B97F4A7C15UL));
        s0 = Next(ref x);
        s1 = Next(ref x);
        s2 = Next(ref x);
        s3 = Next(ref x);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>A standard normal draw (Marsaglia's polar method; the spare value is kept for the next call).</summary>
    public double Normal()
    {
        if (spareNormal is { } spare)
        {
            spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        spareNormal = v * f;
        return u * f;
    }

    /// <summary>A normal draw with the given mean and standard deviation.</summary>
    public double Normal(double mean, double std) => mean + std * Normal();

    /// <summary>A gamma draw with shape k and scale θ (mean kθ), by Marsaglia and Tsang (2000); shapes below one
    /// use the boost Gamma(k) = Gamma(k + 1) U^(1/k).</summary>
    public double Gamma(double shape, double scale)
    {
        if (!(shape > 0) || !(scale > 0)) throw new ArgumentOutOfRangeException(nameof(shape), $"gamma needs shape > 0 and scale > 0, got {shape} and {scale}");
        if (shape < 1) return Gamma(shape + 1, scale) * Math.Pow(NextDouble() + 1e-300, 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v * scale;
        }
    }

    /// <summary>A 64-bit draw (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    private static ulong Next(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
