using EarthEmbed.Metrics;

namespace EarthEmbed.Tests.Metrics;

/// <summary>PSNR worked by hand.</summary>
public class ImageQualityTests
{
    [Fact]
    public void Psnr_of_one_error_of_a_tenth_in_four_values_is_26_point_02_decibels()
    {
        // MSE = 0.1^2 / 4 = 0.0025; PSNR = 10 log10(1 / 0.0025) = 10 log10(400) = 26.0206 dB.
        Assert.Equal(0.0025, ImageQuality.Mse([0f, 0f, 0f, 0f], [0.1f, 0f, 0f, 0f]), 9);
        Assert.Equal(26.0206, ImageQuality.Psnr([0f, 0f, 0f, 0f], [0.1f, 0f, 0f, 0f]), 3);
    }

    [Fact]
    public void Psnr_scales_with_the_peak_and_skips_non_finite_pairs()
    {
        // 8-bit: errors 3 and 4 -> MSE 12.5, PSNR = 10 log10(65025 / 12.5) = 37.1618 dB; the NaN pair is skipped.
        Assert.Equal(37.1618, ImageQuality.Psnr([10f, 20f, float.NaN], [13f, 16f, 5f], peak: 255), 3);
        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr([1f, 2f], [1f, 2f]));
        Assert.True(double.IsNaN(ImageQuality.Psnr([float.NaN], [1f])));
    }
}
