namespace EarthEmbed.Torch.Optim;

/// <summary>Cosine annealing (Loshchilov and Hutter, 2017, "SGDR"): the rate falls from the base rate to
/// <see cref="EtaMin"/> over <see cref="TMax"/> steps along half a cosine,
/// lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2, then rises again if stepped further.
/// Computed recursively from the current rate, exactly as <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>.</summary>
public sealed class CosineAnnealingLR : EpochLrScheduler
{
    /// <summary>Attaches the schedule to <paramref name="optimizer"/> and takes step 0.</summary>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer)
    {
        if (tMax <= 0) throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "T_max must be >= 1");
        TMax = tMax;
        EtaMin = etaMin;
        InitialStep();
    }

    /// <summary>Steps from the base rate down to the minimum (half a period).</summary>
    public int TMax { get; }

    /// <summary>The lowest learning rate.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLr()
    {
        var groups = Optimizer.ParamGroups;
        var result = new double[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var lr = groups[g].LearningRate;
            var baseLr = BaseLrs[g];
            if (LastEpoch == 0)
                result[g] = lr;
            else if ((LastEpoch - 1 - TMax) % (2 * TMax) == 0)
                result[g] = lr + (baseLr - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
            else
                result[g] = (1 + Math.Cos(Math.PI * LastEpoch / TMax)) / (1 + Math.Cos(Math.PI * (LastEpoch - 1) / TMax))
                    * (lr - EtaMin) + EtaMin;
        }
        return result;
    }
}
