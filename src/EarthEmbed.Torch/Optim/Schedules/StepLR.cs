namespace EarthEmbed.Torch.Optim;

/// <summary>Multiplies every group's learning rate by <see cref="Gamma"/> once every <see cref="StepSize"/> steps:
/// lr = base_lr * gamma^floor(epoch / step_size), computed step by step from the current rate as
/// <c>torch.optim.lr_scheduler.StepLR</c> does (so it composes with other changes to the rate).</summary>
public sealed class StepLR : EpochLrScheduler
{
    /// <summary>Attaches the schedule to <paramref name="optimizer"/> and takes step 0.</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "the step size must be >= 1");
        StepSize = stepSize;
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>Steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>Multiplicative decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLr()
    {
        var groups = Optimizer.ParamGroups;
        if (LastEpoch == 0 || LastEpoch % StepSize != 0) return groups.Select(g => g.LearningRate).ToArray();
        return groups.Select(g => g.LearningRate * Gamma).ToArray();
    }
}
