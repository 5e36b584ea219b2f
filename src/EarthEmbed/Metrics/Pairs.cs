namespace EarthEmbed.Metrics;

/// <summary>The one masking rule every metric shares: a position counts when the observed and the predicted
/// values are both finite (NaN and ±∞ are no-data) and, if a mask is given, the mask is true there.</summary>
public static class Pairs
{
    /// <summary>The valid (observed, predicted) pairs, in order.</summary>
    public static (double[] Observed, double[] Predicted) Valid(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted,
        ReadOnlySpan<bool> mask = default)
    {
        if (observed.Length != predicted.Length)
            throw new ArgumentException($"observed has {observed.Length} values but predicted has {predicted.Length}", nameof(predicted));
        if (!mask.IsEmpty && mask.Length != observed.Length)
            throw new ArgumentException($"mask has {mask.Length} values but the data has {observed.Length}", nameof(mask));
        var o = new List<double>(observed.Length);
        var p = new List<double>(observed.Length);
        for (var i = 0; i < observed.Length; i++)
        {
            if (!double.IsFinite(observed[i]) || !double.IsFinite(predicted[i])) continue;
            if (!mask.IsEmpty && !mask[i]) continue;
            o.Add(observed[i]);
            p.Add(predicted[i]);
        }
        return (o.ToArray(), p.ToArray());
    }

    /// <summary>Float overload: widens to double first.</summary>
    public static (double[] Observed, double[] Predicted) Valid(ReadOnlySpan<float> observed, ReadOnlySpan<float> predicted,
        ReadOnlySpan<bool> mask = default)
    {
        var o = new double[observed.Length];
        var p = new double[predicted.Length];
        for (var i = 0; i < o.Length; i++) o[i] = observed[i];
        for (var i = 0; i < p.Length; i++) p[i] = predicted[i];
        return Valid(o, p, mask);
    }

    internal static double Mean(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        foreach (var v in x) s += v;
        return s / x.Length;
    }

    /// <summary>Median with the mean of the two middle values for even counts (the textbook definition).</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0) return double.NaN;
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /// <summary>Ranks 1..n with ties given their average rank (for Spearman's rho and ROC-AUC).</summary>
    internal static double[] AverageRanks(ReadOnlySpan<double> x)
    {
        var order = Enumerable.Range(0, x.Length).ToArray();
        var copy = x.ToArray();
        Array.Sort(order, (a, b) => copy[a].CompareTo(copy[b]));
        var ranks = new double[x.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && copy[order[j + 1]] == copy[order[i]]) j++;
            var rank = 0.5 * (i + j) + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
