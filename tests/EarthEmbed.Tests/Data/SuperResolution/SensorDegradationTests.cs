using EarthEmbed.Data.SuperResolution;

namespace EarthEmbed.Tests.Data.SuperResolution;

/// <summary>The sensor model (separable Gaussian blur, block mean, noise) against a direct computation written
/// here independently: a full 2-D convolution with the outer product of the kernel, mirrored edges, then the block
/// average, looped by hand.</summary>
public class SensorDegradationTests
{
    private static float[] Image(int bands, int height, int width, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, bands * height * width).Select(_ => (float)random.NextDouble()).ToArray();
    }

    private static double Direct(float[] image, int band, int height, int width, double sigma, int row, int col)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        double total = 0, norm = 0;
        for (var i = -radius; i <= radius; i++)
            for (var j = -radius; j <= radius; j++)
                norm += Math.Exp(-((i * i) + (j * j)) / (2 * sigma * sigma));
        for (var i = -radius; i <= radius; i++)
            for (var j = -radius; j <= radius; j++)
            {
                int r = row + i, c = col + j;
                // numpy "reflect": -1 -> 1, n -> n - 2 (the radius here is below the image size, one bounce suffices)
                r = r < 0 ? -r : r >= height ? (2 * (height - 1)) - r : r;
                c = c < 0 ? -c : c >= width ? (2 * (width - 1)) - c : c;
                total += Math.Exp(-((i * i) + (j * j)) / (2 * sigma * sigma)) / norm * image[(band * height * width) + (r * width) + c];
            }
        return total;
    }

    [Theory]
    [InlineData(5, 1.3)]
    [InlineData(10, 2.1)]
    public void Blur_then_block_mean_equals_a_direct_two_dimensional_computation(int factor, double sigmaPixels)
    {
        const int bands = 2, height = 20, width = 30;
        var image = Image(bands, height, width, 1);
        var sigmas = new[] { sigmaPixels, sigmaPixels * 1.5 };
        var blurred = SensorDegradation.Blur(image, bands, height, width, sigmas);
        var low = SensorDegradation.BlockMean(blurred, bands, height, width, factor);
        int h = height / factor, w = width / factor;
        Assert.Equal(bands * h * w, low.Length);
        for (var b = 0; b < bands; b++)
            for (var r = 0; r < h; r++)
                for (var c = 0; c < w; c++)
                {
                    var expected = 0.0;
                    for (var i = 0; i < factor; i++)
                        for (var j = 0; j < factor; j++)
                            expected += Direct(image, b, height, width, sigmas[b], (r * factor) + i, (c * factor) + j);
                    expected /= factor * factor;
                    Assert.Equal(expected, low[(b * h * w) + (r * w) + c], 5);
                }
    }

    [Fact]
    public void Degrade_converts_sigmas_from_metres_and_adds_seeded_noise_of_the_asked_size()
    {
        const int size = 40;
        var image = Image(1, size, size, 2);
        var clean = SensorDegradation.BlockMean(SensorDegradation.Blur(image, 1, size, size, [2.0]), 1, size, size, 4);
        var noisy = SensorDegradation.Degrade(image, 1, size, size, 4, [1.0], pixelSize: 0.5, noise: 0.05, seed: 9);
        var again = SensorDegradation.Degrade(image, 1, size, size, 4, [1.0], pixelSize: 0.5, noise: 0.05, seed: 9);
        Assert.Equal(noisy, again);
        var residual = noisy.Zip(clean, (a, b) => (double)a - b).ToArray();
        var std = Math.Sqrt(residual.Average(v => v * v));
        Assert.InRange(std, 0.035, 0.065);   // 100 draws of N(0, 0.05)
        Assert.InRange(residual.Average(), -0.02, 0.02);
    }

    [Fact]
    public void Reflect_mirrors_without_repeating_the_edge_as_numpy_does()
    {
        Assert.Equal([2, 1, 0, 1, 2, 3, 4, 3, 2], Enumerable.Range(-2, 9).Select(i => SensorDegradation.Reflect(i, 5)).ToArray());
        Assert.Equal(0, SensorDegradation.Reflect(7, 1));
    }

    [Fact]
    public void The_kernel_is_normalised_symmetric_and_three_sigma_wide()
    {
        var k = SensorDegradation.Kernel(1.5);
        Assert.Equal(11, k.Length);
        Assert.Equal(1.0, k.Sum(), 12);
        for (var i = 0; i < k.Length; i++) Assert.Equal(k[i], k[^(i + 1)], 15);
        Assert.Equal(Math.Exp(-1 / (2 * 1.5 * 1.5)), k[6] / k[5], 12);
    }
}
