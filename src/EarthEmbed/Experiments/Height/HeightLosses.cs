using EarthEmbed.Training;

namespace EarthEmbed.Experiments.Height;

/// <summary>Paper 1's loss. The height networks have no loss of their own: they train on the shared masked loss
/// (<see cref="MaskedLoss"/>: MSE, L1 or Huber over the valid pixels of the normalised heights, no-data pixels masked
/// out), which the shared trainer's supervised task computes from its options. This is where the config's loss
/// settings (<c>training.loss</c>, <c>training.huber_delta</c> of configs/height.*.yaml) reach that loss.</summary>
internal static class HeightLosses
{
    /// <summary>Sets the loss of the trainer options <paramref name="trainer"/> (<see cref="TrainerOptions.Loss"/>,
    /// <see cref="TrainerOptions.HuberDelta"/>) from <paramref name="config"/>'s training section; returns
    /// <paramref name="trainer"/>.</summary>
    public static TrainerOptions WithLoss(TrainerOptions trainer, HeightConfig config)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(config);
        trainer.Loss = config.Training.Loss;
        trainer.HuberDelta = config.Training.HuberDelta;
        return trainer;
    }
}
