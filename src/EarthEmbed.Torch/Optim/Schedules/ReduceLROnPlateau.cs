namespace EarthEmbed.Torch.Optim;

/// <summary>Whether a smaller or a larger metric is better for <see cref="ReduceLROnPlateau"/>.</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss).</summary>
    Min,
    /// <summary>Higher is better (an accuracy).</summary>
    Max,
}

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a metric improved on the best so far.</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than best * (1 - threshold) in Min mode, best * (1 + threshold) in Max mode.</summary>
    Rel,
    /// <summary>Absolute: better than best - threshold (Min) or best + threshold (Max).</summary>
    Abs,
}

/// <summary>Cuts the learning rate by <see cref="Factor"/> when a validation metric has stopped improving for more
/// than <see cref="Patience"/> steps, then waits <see cref="Cooldown"/> steps before counting again; never below
/// the minimum rate, and only when the cut is larger than <see cref="Eps"/>. Call <see cref="Step(double)"/> once
/// per evaluation with the metric. Follows <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c> decision for decision.</summary>
public sealed class ReduceLROnPlateau : LrScheduler
{
    private readonly double[] minLrs;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;

    /// <summary>Attaches the schedule. The rate never goes below <paramref name="minLr"/>, or below
    /// <paramref name="minLrPerGroup"/>[g] for group g when that is given.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1,
        int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0,
        double minLr = 0, double eps = 1e-8, double[]? minLrPerGroup = null) : base(optimizer)
    {
        if (factor >= 1.0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "the factor must be < 1");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be >= 0");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "cooldown must be >= 0");
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = eps;
        minLrs = PerGroup(nameof(minLrPerGroup), minLrPerGroup ?? [minLr]);
        best = WorstValue;
    }

    /// <summary>Whether lower or higher metrics are better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>Multiplier applied to the rate on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Steps without improvement that are tolerated before cutting the rate.</summary>
    public int Patience { get; }

    /// <summary>Minimum change that counts as an improvement (see <see cref="ThresholdMode"/>).</summary>
    public double Threshold { get; }

    /// <summary>Relative or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Steps to wait after a cut before counting bad steps again.</summary>
    public int Cooldown { get; }

    /// <summary>Cuts smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <summary>The best metric seen so far (infinity before the first step in Min mode, -infinity in Max mode).</summary>
    public double Best => best;

    /// <summary>Consecutive steps without improvement.</summary>
    public int NumBadEpochs => numBadEpochs;

    private double WorstValue => Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Feeds the latest metric; cuts the rates when the plateau has lasted longer than the patience.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric, best))
        {
            best = metric;
            numBadEpochs = 0;
        }
        else
        {
            numBadEpochs++;
        }
        if (cooldownCounter > 0)
        {
            cooldownCounter--;
            numBadEpochs = 0;  // bad steps during the cooldown do not count
        }
        if (numBadEpochs > Patience)
        {
            ReduceLr();
            cooldownCounter = Cooldown;
            numBadEpochs = 0;
        }
        RecordLr();
    }

    private void ReduceLr()
    {
        var groups = Optimizer.ParamGroups;
        for (var g = 0; g < groups.Count; g++)
        {
            var oldLr = groups[g].LearningRate;
            var newLr = Math.Max(oldLr * Factor, minLrs[g]);
            if (oldLr - newLr > Eps) groups[g].LearningRate = newLr;
        }
    }

    private bool IsBetter(double a, double bestSoFar) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < bestSoFar * (1.0 - Threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < bestSoFar - Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > bestSoFar * (Threshold + 1.0),
        _ => a > bestSoFar + Threshold,
    };

    /// <inheritdoc/>
    public override Dictionary<string, double> StateDict()
    {
        var state = base.StateDict();
        state["best"] = best;
        state["num_bad_epochs"] = numBadEpochs;
        state["cooldown_counter"] = cooldownCounter;
        return state;
    }

    /// <inheritdoc/>
    public override void LoadStateDict(IReadOnlyDictionary<string, double> state)
    {
        base.LoadStateDict(state);
        best = Require(state, "best");
        numBadEpochs = (int)Require(state, "num_bad_epochs");
        cooldownCounter = (int)Require(state, "cooldown_counter");
    }
}
