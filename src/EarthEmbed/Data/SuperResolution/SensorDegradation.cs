namespace EarthEmbed.Data.SuperResolution;

/// <summary>The Sentinel-2-like sensor model that turns a high-resolution reflectance image into the 10 m image:
/// each band is blurred with a Gaussian point spread function (sigma per band, in metres), averaged over each
/// factor x factor block (the 10 m detector integrating its footprint), and given additive Gaussian noise.
/// A Gaussian with sigma 5 m (about half a 10 m pixel) has an MTF of about 0.25 at Nyquist, in the range of
/// Sentinel-2's 10 m bands.</summary>
public static class SensorDegradation
{
    /// <summary>The normalised 1-D Gaussian kernel for <paramref name="sigma"/> pixels, radius ceil(3 sigma).</summary>
    public static double[] Kernel(double sigma)
    {
        if (sigma <= 0) return [1.0];
        var radius = (int)Math.Ceiling(3 * sigma);
        var k = new double[(2 * radius) + 1];
        for (var i = -radius; i <= radius; i++) k[i + radius] = Math.Exp(-(i * (double)i) / (2 * sigma * sigma));
        var sum = k.Sum();
        for (var i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    /// <summary>Mirror index <paramref name="i"/> into 0..n-1 without repeating the edge (numpy's "reflect").</summary>
    public static int Reflect(int i, int n)
    {
        if (n == 1) return 0;
        var period = 2 * (n - 1);
        i = ((i % period) + period) % period;
        return i < n ? i : period - i;
    }

    /// <summary>Blurs each band of a band-sequential image (<paramref name="bands"/> x <paramref name="height"/> x
    /// <paramref name="width"/>) with a separable Gaussian of <paramref name="sigmas"/>[b] pixels, mirrored at the
    /// edges.</summary>
    public static float[] Blur(ReadOnlySpan<float> image, int bands, int height, int width, IReadOnlyList<double> sigmas)
    {
        ArgumentNullException.ThrowIfNull(sigmas);
        if (image.Length != bands * height * width)
            throw new ArgumentException($"image has {image.Length} values, expected {bands}x{height}x{width}", nameof(image));
        if (sigmas.Count != bands) throw new ArgumentException($"need one sigma per band ({bands}), got {sigmas.Count}", nameof(sigmas));
        var src = image.ToArray();
        var output = new float[src.Length];
        var plane = height * width;
        Parallel.For(0, bands, b =>
        {
            var k = Kernel(sigmas[b]);
            var r = k.Length / 2;
            var tmp = new double[plane];
            for (var row = 0; row < height; row++)
                for (var col = 0; col < width; col++)
                {
                    var s = 0.0;
                    for (var j = -r; j <= r; j++) s += k[j + r] * src[(b * plane) + (row * width) + Reflect(col + j, width)];
                    tmp[(row * width) + col] = s;
                }
            for (var row = 0; row < height; row++)
                for (var col = 0; col < width; col++)
                {
                    var s = 0.0;
                    for (var j = -r; j <= r; j++) s += k[j + r] * tmp[(Reflect(row + j, height) * width) + col];
                    output[(b * plane) + (row * width) + col] = (float)s;
                }
        });
        return output;
    }

    /// <summary>Averages each <paramref name="factor"/> x <paramref name="factor"/> block (the sizes must be
    /// multiples of the factor).</summary>
    public static float[] BlockMean(ReadOnlySpan<float> image, int bands, int height, int width, int factor)
    {
        if (height % factor != 0 || width % factor != 0)
            throw new ArgumentException($"image {height}x{width} is not a multiple of the factor {factor}", nameof(factor));
        int h = height / factor, w = width / factor;
        var output = new float[bands * h * w];
        for (var b = 0; b < bands; b++)
            for (var row = 0; row < h; row++)
                for (var col = 0; col < w; col++)
                {
                    var s = 0.0;
                    for (var i = 0; i < factor; i++)
                        for (var j = 0; j < factor; j++)
                            s += image[(b * height * width) + (((row * factor) + i) * width) + (col * factor) + j];
                    output[(b * h * w) + (row * w) + col] = (float)(s / (factor * factor));
                }
        return output;
    }

    /// <summary>The full sensor model: blur (sigmas in metres, converted with <paramref name="pixelSize"/>), block
    /// mean by <paramref name="factor"/>, then Gaussian noise of standard deviation <paramref name="noise"/>
    /// (reflectance units) from <paramref name="seed"/>.</summary>
    public static float[] Degrade(ReadOnlySpan<float> image, int bands, int height, int width, int factor,
        IReadOnlyList<double> sigmasMetres, double pixelSize, double noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(sigmasMetres);
        var blurred = Blur(image, bands, height, width, sigmasMetres.Select(s => s / pixelSize).ToArray());
        var low = BlockMean(blurred, bands, height, width, factor);
        if (noise > 0)
        {
            var random = new Random(seed);
            for (var i = 0; i < low.Length; i++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                low[i] += (float)(noise * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }
        return low;
    }
}
