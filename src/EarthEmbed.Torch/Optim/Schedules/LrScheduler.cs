using System.Globalization;

namespace EarthEmbed.Torch.Optim;

/// <summary>The base of learning-rate schedules: it owns no tensors, only changes the
/// <see cref="ParamGroup.LearningRate"/> of its optimiser's groups, and saves its counters with
/// <see cref="StateDict"/> so a resumed run continues the same sequence. Stepped schedules derive from
/// <see cref="EpochLrScheduler"/>; <see cref="ReduceLROnPlateau"/> is stepped with a metric.</summary>
public abstract class LrScheduler
{
    private double[] lastLr;

    /// <summary>Attaches the schedule to <paramref name="optimizer"/>.</summary>
    protected LrScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        lastLr = CurrentLrs();
    }

    /// <summary>The optimiser whose learning rates this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Number of steps taken (PyTorch's <c>last_epoch</c>): 0 right after construction.</summary>
    public int LastEpoch { get; protected set; }

    /// <summary>The learning rate of every group after the latest step (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> LastLr => lastLr;

    /// <summary>The current learning rate of the first group.</summary>
    public double Lr => lastLr.Length > 0 ? lastLr[0] : throw new InvalidOperationException("the optimizer has no parameter group");

    /// <summary>Records the groups' learning rates as <see cref="LastLr"/>.</summary>
    protected void RecordLr() => lastLr = CurrentLrs();

    private double[] CurrentLrs() => Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    /// <summary>The counters to save with a checkpoint: "last_epoch", "last_lr.&lt;group&gt;" and whatever the
    /// schedule adds. Settings given to the constructor are not saved: build the same schedule, then load.</summary>
    public virtual Dictionary<string, double> StateDict()
    {
        var state = new Dictionary<string, double>(StringComparer.Ordinal) { ["last_epoch"] = LastEpoch };
        for (var g = 0; g < lastLr.Length; g++) state[$"last_lr.{g}"] = lastLr[g];
        return state;
    }

    /// <summary>Restores the counters saved by <see cref="StateDict"/> (the group learning rates themselves are
    /// restored by <see cref="Optimizer.LoadStateDict"/>). Missing keys are an error naming them.</summary>
    public virtual void LoadStateDict(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        LastEpoch = (int)Require(state, "last_epoch");
        lastLr = Enumerable.Range(0, Optimizer.ParamGroups.Count).Select(g => Require(state, $"last_lr.{g}")).ToArray();
    }

    /// <summary>Reads one saved value, with an error naming the missing key.</summary>
    protected double Require(IReadOnlyDictionary<string, double> state, string key)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.TryGetValue(key, out var v) ? v
            : throw new ArgumentException($"{GetType().Name} state has no '{key}' (it has {string.Join(", ", state.Keys)})", nameof(state));
    }

    /// <summary>A value for every group: one shared value, or one per group (checked).</summary>
    protected double[] PerGroup(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = Optimizer.ParamGroups.Count;
        if (values.Length == 1) return Enumerable.Repeat(values[0], n).ToArray();
        if (values.Length != n)
            throw new ArgumentException($"expected 1 or {n} values for {name} (one per parameter group), got {values.Length}", name);
        return (double[])values.Clone();
    }

    /// <summary>"StepLR(lr=[0.1, 0.01], last_epoch=3)".</summary>
    public override string ToString() =>
        $"{GetType().Name}(lr=[{string.Join(", ", lastLr.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}], last_epoch={LastEpoch})";
}

/// <summary>A schedule whose learning rates follow from the number of steps taken, stepped once per epoch (or per
/// batch, for <see cref="OneCycleLR"/>) after <see cref="Optimizer.Step"/>, like PyTorch's <c>_LRScheduler</c>.
/// Constructing one performs step 0, which sets the starting learning rates.</summary>
public abstract class EpochLrScheduler : LrScheduler
{
    private double[] baseLrs = [];

    /// <summary>Attaches the schedule; the derived constructor ends with <see cref="InitialStep"/>.</summary>
    protected EpochLrScheduler(Optimizer optimizer) : base(optimizer)
    {
        LastEpoch = -1;
    }

    /// <summary>Each group's starting learning rate (its <see cref="ParamGroup.InitialLearningRate"/>).</summary>
    public IReadOnlyList<double> BaseLrs => baseLrs;

    /// <summary>Records the base learning rates (a group's <see cref="ParamGroup.InitialLearningRate"/>, set to its
    /// current rate by the first schedule attached) and takes step 0. Derived constructors call it last, once
    /// their own settings are in place.</summary>
    protected void InitialStep()
    {
        foreach (var g in Optimizer.ParamGroups) g.InitialLearningRate ??= g.LearningRate;
        baseLrs = Optimizer.ParamGroups.Select(g => g.InitialLearningRate!.Value).ToArray();
        Step();
    }

    /// <summary>Advances the schedule by one step and sets every group's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        double[] values;
        try
        {
            values = ComputeLr();
        }
        catch
        {
            LastEpoch--;
            throw;
        }
        var groups = Optimizer.ParamGroups;
        for (var g = 0; g < groups.Count; g++) groups[g].LearningRate = values[g];
        RecordLr();
    }

    /// <summary>The learning rate of each group for step <see cref="LrScheduler.LastEpoch"/> (already advanced),
    /// computed as PyTorch's <c>get_lr()</c> does (recursively from the current rates where PyTorch does so).</summary>
    protected abstract double[] ComputeLr();

    /// <inheritdoc/>
    public override Dictionary<string, double> StateDict()
    {
        var state = base.StateDict();
        for (var g = 0; g < baseLrs.Length; g++) state[$"base_lr.{g}"] = baseLrs[g];
        return state;
    }

    /// <inheritdoc/>
    public override void LoadStateDict(IReadOnlyDictionary<string, double> state)
    {
        base.LoadStateDict(state);
        baseLrs = Enumerable.Range(0, Optimizer.ParamGroups.Count).Select(g => Require(state, $"base_lr.{g}")).ToArray();
    }
}
