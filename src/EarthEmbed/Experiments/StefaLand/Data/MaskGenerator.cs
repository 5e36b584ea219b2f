namespace EarthEmbed.Experiments.StefaLand;

/// <summary>One batch's masks: true = hidden from the encoder (and scored by the reconstruction loss).
/// Dynamic is [batch, day, variable], Static is [batch, attribute], both row-major.</summary>
public sealed record MaskDraw(bool[] Dynamic, bool[] Static, int Batch, int Days, int Variables, int Attributes);

/// <summary>StefaLand's pretraining masks. Per sample, a time window of <c>min_mask_days</c>..<c>max_mask_days</c>
/// days (uniform length, uniform start) is drawn and each dynamic variable is hidden inside it with probability
/// <see cref="TimeRatio"/>; each static attribute group (topography, soil, geology, vegetation, climate) is hidden
/// as a whole with probability <see cref="StaticRatio"/> (cross-variable group masking). Protected variables and
/// attributes (a fine-tuning task's target, when it is also an input) are never masked. The draws come from a
/// seeded <see cref="Random"/>, so the same seed gives the same masks. NaN inputs count as masked in the encoder
/// (it swaps in the learned mask vector) but are not scored.</summary>
public sealed class MaskGenerator
{
    private readonly Random random;
    private readonly int[] groups;
    private readonly int groupCount;

    /// <summary>A generator for windows of <paramref name="days"/> days of <paramref name="variables"/> dynamic
    /// variables and statics whose group indices are <paramref name="attributeGroups"/>.</summary>
    public MaskGenerator(int days, int variables, IReadOnlyList<int> attributeGroups, int minDays, int maxDays,
        double timeRatio, double staticRatio, int seed)
    {
        ArgumentNullException.ThrowIfNull(attributeGroups);
        if (minDays < 1 || maxDays < minDays) throw new ArgumentException($"need 1 <= minDays ({minDays}) <= maxDays ({maxDays})", nameof(minDays));
        if (timeRatio is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(timeRatio), timeRatio, "a probability in [0, 1]");
        if (staticRatio is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(staticRatio), staticRatio, "a probability in [0, 1]");
        Days = days;
        Variables = variables;
        groups = attributeGroups.ToArray();
        groupCount = groups.Length == 0 ? 0 : groups.Max() + 1;
        MinDays = Math.Min(minDays, days);
        MaxDays = Math.Min(maxDays, days);
        TimeRatio = timeRatio;
        StaticRatio = staticRatio;
        random = new Random(seed);
    }

    /// <summary>Window length in days.</summary>
    public int Days { get; }

    /// <summary>Dynamic variables per day.</summary>
    public int Variables { get; }

    /// <summary>Shortest masked window (clipped to the window length).</summary>
    public int MinDays { get; }

    /// <summary>Longest masked window (clipped to the window length).</summary>
    public int MaxDays { get; }

    /// <summary>Probability that a dynamic variable is hidden inside the masked window.</summary>
    public double TimeRatio { get; }

    /// <summary>Probability that a static group is hidden.</summary>
    public double StaticRatio { get; }

    /// <summary>Dynamic variable indices never masked.</summary>
    public ISet<int> ProtectedVariables { get; } = new HashSet<int>();

    /// <summary>Static attribute indices never masked.</summary>
    public ISet<int> ProtectedAttributes { get; } = new HashSet<int>();

    /// <summary>Draws the masks of a batch of <paramref name="batch"/> samples.</summary>
    public MaskDraw Sample(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        int a = groups.Length;
        var dynamic = new bool[batch * Days * Variables];
        var stat = new bool[batch * a];
        var groupMasked = new bool[groupCount];
        for (var b = 0; b < batch; b++)
        {
            var length = random.Next(MinDays, MaxDays + 1);
            var start = random.Next(0, Days - length + 1);
            for (var v = 0; v < Variables; v++)
            {
                var hide = random.NextDouble() < TimeRatio;
                if (!hide || ProtectedVariables.Contains(v)) continue;
                for (var t = start; t < start + length; t++) dynamic[((long)b * Days + t) * Variables + v] = true;
            }
            for (var g = 0; g < groupCount; g++) groupMasked[g] = random.NextDouble() < StaticRatio;
            for (var k = 0; k < a; k++) stat[b * a + k] = groupMasked[groups[k]] && !ProtectedAttributes.Contains(k);
        }
        return new MaskDraw(dynamic, stat, batch, Days, Variables, a);
    }
}
