namespace EarthEmbed.Metrics;

/// <summary>A binary confusion matrix: TP, FP, FN, TN counts (positive = impervious surface, landslide, ...).</summary>
public readonly record struct Confusion(long TruePositive, long FalsePositive, long FalseNegative, long TrueNegative)
{
    /// <summary>All counted positions.</summary>
    public long Total => TruePositive + FalsePositive + FalseNegative + TrueNegative;

    /// <summary>Counts a labelled and a predicted mask; positions where <paramref name="valid"/> is false are skipped.</summary>
    public static Confusion Count(ReadOnlySpan<bool> label, ReadOnlySpan<bool> predicted, ReadOnlySpan<bool> valid = default)
    {
        if (label.Length != predicted.Length)
            throw new ArgumentException($"label has {label.Length} values but predicted has {predicted.Length}", nameof(predicted));
        if (!valid.IsEmpty && valid.Length != label.Length)
            throw new ArgumentException($"valid mask has {valid.Length} values but the data has {label.Length}", nameof(valid));
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < label.Length; i++)
        {
            if (!valid.IsEmpty && !valid[i]) continue;
            if (label[i]) { if (predicted[i]) tp++; else fn++; }
            else if (predicted[i]) fp++;
            else tn++;
        }
        return new Confusion(tp, fp, fn, tn);
    }

    /// <summary>Adds two matrices (to pool tiles or scenes).</summary>
    public static Confusion operator +(Confusion a, Confusion b) => new(a.TruePositive + b.TruePositive,
        a.FalsePositive + b.FalsePositive, a.FalseNegative + b.FalseNegative, a.TrueNegative + b.TrueNegative);

    /// <summary>Adds two matrices.</summary>
    public static Confusion Add(Confusion a, Confusion b) => a + b;

    /// <summary>Precision TP / (TP + FP).</summary>
    public double Precision => Ratio(TruePositive, TruePositive + FalsePositive);

    /// <summary>Recall TP / (TP + FN).</summary>
    public double Recall => Ratio(TruePositive, TruePositive + FalseNegative);

    /// <summary>F1 = 2TP / (2TP + FP + FN), the harmonic mean of precision and recall.</summary>
    public double F1 => Ratio(2 * TruePositive, 2 * TruePositive + FalsePositive + FalseNegative);

    /// <summary>Intersection over union TP / (TP + FP + FN).</summary>
    public double IoU => Ratio(TruePositive, TruePositive + FalsePositive + FalseNegative);

    /// <summary>Overall accuracy (TP + TN) / total.</summary>
    public double OverallAccuracy => Ratio(TruePositive + TrueNegative, Total);

    /// <summary>Cohen's κ = (p_o - p_e) / (1 - p_e), p_e the agreement expected from the marginals (Cohen 1960).</summary>
    public double Kappa
    {
        get
        {
            double n = Total;
            if (n == 0) return double.NaN;
            var po = (TruePositive + TrueNegative) / n;
            var pe = ((double)(TruePositive + FalsePositive) * (TruePositive + FalseNegative) +
                      (double)(FalseNegative + TrueNegative) * (FalsePositive + TrueNegative)) / (n * n);
            return pe == 1 ? double.NaN : (po - pe) / (1 - pe);
        }
    }

    private static double Ratio(long a, long b) => b == 0 ? double.NaN : (double)a / b;
}

/// <summary>Threshold-free classification scores.</summary>
public static class Classification
{
    /// <summary>Area under the ROC curve as the Mann-Whitney statistic: the probability that a random positive scores
    /// higher than a random negative, ties counting one half (Hanley and McNeil 1982). Non-finite scores are skipped.</summary>
    public static double RocAuc(ReadOnlySpan<bool> label, ReadOnlySpan<double> score)
    {
        if (label.Length != score.Length)
            throw new ArgumentException($"label has {label.Length} values but score has {score.Length}", nameof(score));
        var s = new List<double>(score.Length);
        var l = new List<bool>(score.Length);
        for (var i = 0; i < score.Length; i++)
        {
            if (!double.IsFinite(score[i])) continue;
            s.Add(score[i]);
            l.Add(label[i]);
        }
        var ranks = Pairs.AverageRanks(s.ToArray());
        long pos = l.Count(x => x), neg = l.Count - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        var rankSum = 0.0;
        for (var i = 0; i < l.Count; i++) if (l[i]) rankSum += ranks[i];
        return (rankSum - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }
}
