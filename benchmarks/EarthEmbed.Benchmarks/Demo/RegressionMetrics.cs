namespace EarthEmbed.Benchmarks.Demo;

/// <summary>Regression scores as pure functions of (observed, predicted). Masking rule: a pair where either value
/// is NaN is left out; with no pair left the score is NaN. Sums are taken in double precision.</summary>
public static class RegressionMetrics
{
    /// <summary>Root-mean-square error, sqrt(mean((o - p)^2)), in the units of the data.</summary>
    public static double Rmse(ReadOnlySpan<float> observed, ReadOnlySpan<float> predicted)
    {
        CheckLengths(observed, predicted);
        double sum = 0;
        long n = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (float.IsNaN(observed[i]) || float.IsNaN(predicted[i])) continue;
            var d = (double)observed[i] - predicted[i];
            sum += d * d;
            n++;
        }
        return n == 0 ? double.NaN : Math.Sqrt(sum / n);
    }

    /// <summary>Coefficient of determination, R2 = 1 - sum((o - p)^2) / sum((o - mean(o))^2): 1 for a perfect
    /// prediction, 0 for predicting the observed mean, negative for worse (Nash and Sutcliffe 1970 call the same
    /// number NSE). NaN when the observations have no variance.</summary>
    public static double R2(ReadOnlySpan<float> observed, ReadOnlySpan<float> predicted)
    {
        CheckLengths(observed, predicted);
        double mean = 0;
        long n = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (float.IsNaN(observed[i]) || float.IsNaN(predicted[i])) continue;
            mean += observed[i];
            n++;
        }
        if (n == 0) return double.NaN;
        mean /= n;
        double residual = 0, total = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (float.IsNaN(observed[i]) || float.IsNaN(predicted[i])) continue;
            var d = (double)observed[i] - predicted[i];
            var c = observed[i] - mean;
            residual += d * d;
            total += c * c;
        }
        return total == 0 ? double.NaN : 1 - residual / total;
    }

    private static void CheckLengths(ReadOnlySpan<float> observed, ReadOnlySpan<float> predicted)
    {
        if (observed.Length != predicted.Length)
            throw new ArgumentException(
                $"observed has {observed.Length} values but predicted has {predicted.Length}; they must pair up",
                nameof(predicted));
    }
}
