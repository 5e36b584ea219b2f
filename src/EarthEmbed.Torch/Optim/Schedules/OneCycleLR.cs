namespace EarthEmbed.Torch.Optim;

/// <summary>How <see cref="OneCycleLR"/> moves between two values within a phase.</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine: end + (start - end) / 2 * (1 + cos(pi * pct)).</summary>
    Cos,
    /// <summary>A straight line: start + (end - start) * pct.</summary>
    Linear,
}

/// <summary>The 1cycle policy (Smith and Topin, 2018, "Super-Convergence"): the rate warms up from
/// max_lr / div_factor to max_lr over the first <see cref="PctStart"/> of <see cref="TotalSteps"/>, then anneals to
/// initial_lr / final_div_factor; the momentum (SGD's momentum or Adam's beta1) moves the opposite way between
/// max_momentum and base_momentum. Stepped once per batch. Reproduces
/// <c>torch.optim.lr_scheduler.OneCycleLR</c>'s sequence, including its three-phase variant.</summary>
public sealed class OneCycleLR : EpochLrScheduler
{
    private readonly (double EndStep, Func<int, double> StartLr, Func<int, double> EndLr,
        Func<int, double> StartMomentum, Func<int, double> EndMomentum)[] phases;
    private readonly double[] initialLrs, maxLrs, minLrs, maxMomentums, baseMomentums;

    /// <summary>Attaches the schedule; <paramref name="maxLr"/> is one value or one per group, like the momenta.
    /// Overwrites each group's learning rate (and momentum, with <paramref name="cycleMomentum"/>) and takes step 0.</summary>
    public OneCycleLR(Optimizer optimizer, double[] maxLr, int totalSteps, double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
        double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
        : base(optimizer)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "expected a positive number of total steps");
        if (pctStart is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "expected a fraction between 0 and 1");
        TotalSteps = totalSteps;
        PctStart = pctStart;
        Strategy = annealStrategy;
        CycleMomentum = cycleMomentum;
        maxLrs = PerGroup(nameof(maxLr), maxLr);
        initialLrs = maxLrs.Select(m => m / divFactor).ToArray();
        minLrs = initialLrs.Select(i => i / finalDivFactor).ToArray();
        maxMomentums = PerGroup(nameof(maxMomentum), [maxMomentum]);
        baseMomentums = PerGroup(nameof(baseMomentum), [baseMomentum]);
        var groups = Optimizer.ParamGroups;
        for (var g = 0; g < groups.Count; g++) groups[g].InitialLearningRate = initialLrs[g];
        if (CycleMomentum)
        {
            if (groups.Any(g => g.CycledMomentum is null))
                throw new ArgumentException($"{optimizer.GetType().Name} has no momentum to cycle; pass cycleMomentum: false", nameof(optimizer));
            for (var g = 0; g < groups.Count; g++) groups[g].CycledMomentum = maxMomentums[g];
        }
        Func<int, double> initial = g => initialLrs[g], max = g => maxLrs[g], min = g => minLrs[g];
        Func<int, double> maxM = g => maxMomentums[g], baseM = g => baseMomentums[g];
        phases = threePhase
            ?
            [
                ((double)(pctStart * totalSteps) - 1, initial, max, maxM, baseM),
                ((double)(2 * pctStart * totalSteps) - 2, max, initial, baseM, maxM),
                (totalSteps - 1, initial, min, maxM, maxM),
            ]
            :
            [
                ((double)(pctStart * totalSteps) - 1, initial, max, maxM, baseM),
                (totalSteps - 1, max, min, baseM, maxM),
            ];
        InitialStep();
    }

    /// <summary>One-value convenience: the same maximum rate for every group.</summary>
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
        double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
        : this(optimizer, [maxLr], totalSteps, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum,
            divFactor, finalDivFactor, threePhase)
    {
    }

    /// <summary>Number of steps in the cycle (epochs * batches per epoch); stepping past it is an error.</summary>
    public int TotalSteps { get; }

    /// <summary>Fraction of the cycle spent warming up.</summary>
    public double PctStart { get; }

    /// <summary>Cosine or linear annealing.</summary>
    public AnnealStrategy Strategy { get; }

    /// <summary>Whether the momentum is cycled inversely to the rate.</summary>
    public bool CycleMomentum { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLr()
    {
        var stepNum = LastEpoch;
        if (stepNum > TotalSteps)
            throw new InvalidOperationException($"tried to step {stepNum + 1} times; the specified number of total steps is {TotalSteps}");
        var groups = Optimizer.ParamGroups;
        var lrs = new double[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            double startStep = 0, lr = 0, momentum = 0;
            for (var i = 0; i < phases.Length; i++)
            {
                var phase = phases[i];
                if (stepNum <= phase.EndStep || i == phases.Length - 1)
                {
                    var pct = (stepNum - startStep) / (phase.EndStep - startStep);
                    lr = Anneal(phase.StartLr(g), phase.EndLr(g), pct);
                    if (CycleMomentum) momentum = Anneal(phase.StartMomentum(g), phase.EndMomentum(g), pct);
                    break;
                }
                startStep = phase.EndStep;
            }
            lrs[g] = lr;
            if (CycleMomentum) groups[g].CycledMomentum = momentum;
        }
        return lrs;
    }

    private double Anneal(double start, double end, double pct) => Strategy == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;
}
