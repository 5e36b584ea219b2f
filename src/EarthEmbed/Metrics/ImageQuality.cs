namespace EarthEmbed.Metrics;

/// <summary>Image fidelity scores for super-resolution.</summary>
public static class ImageQuality
{
    /// <summary>Mean squared error over pairs where both values are finite; NaN when there are none.</summary>
    public static double Mse(ReadOnlySpan<float> observed, ReadOnlySpan<float> predicted)
    {
        if (observed.Length != predicted.Length)
            throw new ArgumentException($"observed has {observed.Length} values but predicted has {predicted.Length}", nameof(predicted));
        double sum = 0;
        long n = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (!float.IsFinite(observed[i]) || !float.IsFinite(predicted[i])) continue;
            var d = (double)predicted[i] - observed[i];
            sum += d * d;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>Peak signal-to-noise ratio in decibels, PSNR = 10 log10(peak^2 / MSE), with <paramref name="peak"/>
    /// the largest possible value (1 for reflectance, 255 for 8-bit images); +infinity for identical images, NaN
    /// without finite pairs. Non-finite pairs are skipped (the shared masking rule).</summary>
    public static double Psnr(ReadOnlySpan<float> observed, ReadOnlySpan<float> predicted, double peak = 1.0)
    {
        if (peak <= 0) throw new ArgumentOutOfRangeException(nameof(peak), peak, "peak must be positive");
        var mse = Mse(observed, predicted);
        if (double.IsNaN(mse)) return double.NaN;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);
    }
}
