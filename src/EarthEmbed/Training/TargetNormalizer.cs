using System.Globalization;
using static TorchSharp.torch;

namespace EarthEmbed.Training;

/// <summary>Standardises regression targets, z = (y - mean) / std, so losses and learning rates do not depend on the
/// target's units (metres of height, mm of runoff). Fitted on valid training targets only; stored with checkpoints.</summary>
public sealed record TargetNormalizer(double Mean, double Std)
{
    /// <summary>No change.</summary>
    public static readonly TargetNormalizer Identity = new(0, 1);

    /// <summary>Mean and population standard deviation of the finite values (NaN and ±∞ are no-data).</summary>
    public static TargetNormalizer Fit(IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double n = 0, mean = 0, m2 = 0;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            n++;
            var d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
        }
        if (n < 2) throw new ArgumentException("need at least two finite target values to fit a normaliser", nameof(values));
        var std = Math.Sqrt(m2 / n);
        return new TargetNormalizer(mean, std > 0 ? std : 1);
    }

    /// <summary>(y - mean) / std.</summary>
    public Tensor Normalize(Tensor y) => (y - Mean) / Std;

    /// <summary>z · std + mean.</summary>
    public Tensor Denormalize(Tensor z) => z * Std + Mean;

    /// <summary>Metadata entries for a checkpoint.</summary>
    public Dictionary<string, string> ToMetadata() => new()
    {
        ["target_mean"] = Mean.ToString("R", CultureInfo.InvariantCulture),
        ["target_std"] = Std.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the entries written by <see cref="ToMetadata"/> (identity when absent).</summary>
    public static TargetNormalizer FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.TryGetValue("target_mean", out var m) && metadata.TryGetValue("target_std", out var s)
            ? new TargetNormalizer(double.Parse(m, CultureInfo.InvariantCulture), double.Parse(s, CultureInfo.InvariantCulture))
            : Identity;
    }
}
