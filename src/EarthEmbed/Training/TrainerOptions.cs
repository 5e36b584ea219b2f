namespace EarthEmbed.Training;

/// <summary>Settings of <see cref="Trainer"/> (YAML keys in snake_case inside an experiment config).</summary>
public sealed class TrainerOptions
{
    /// <summary>Maximum number of epochs.</summary>
    public int Epochs { get; set; } = 20;

    /// <summary>AdamW learning rate (the height paper: 1e-3).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; set; } = 1e-2;

    /// <summary>Loss: "mse", "l1" or "huber".</summary>
    public string Loss { get; set; } = "mse";

    /// <summary>Huber transition point (in normalised target units).</summary>
    public double HuberDelta { get; set; } = 1.0;

    /// <summary>Learning-rate schedule: "none", "cosine" (per epoch), "cosine_step" (cosine over all steps, stepped
    /// after every batch: JointSeg), "onecycle" (per step) or "plateau" (on the validation loss).</summary>
    public string Schedule { get; set; } = "cosine";

    /// <summary>The cosine schedules' final learning rate (eta_min; JointSeg: 5 % of the initial one).</summary>
    public double MinLearningRate { get; set; }

    /// <summary>AdamW's beta1 (PyTorch's default 0.9).</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>AdamW's beta2 (PyTorch's default 0.999).</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Keep the loss of every step in the history (JointSeg's loss curves); off by default, since the history
    /// travels in every checkpoint's metadata.</summary>
    public bool KeepStepLosses { get; set; }

    /// <summary>Epochs without a validation improvement before stopping; 0 disables early stopping.</summary>
    public int Patience { get; set; } = 5;

    /// <summary>Smallest decrease of the monitored loss that counts as an improvement.</summary>
    public double MinDelta { get; set; } = 1e-4;

    /// <summary>Reload the best epoch's weights when training ends.</summary>
    public bool RestoreBest { get; set; } = true;

    /// <summary>Clip the gradient's global 2-norm to this value; 0 disables clipping.</summary>
    public double ClipGradNorm { get; set; }

    /// <summary>Seed of libtorch's generator, re-applied at the start of every epoch so a resumed run draws the
    /// same dropout masks as an uninterrupted one.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Throws with the key name when a setting is out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"epochs must be at least 1, got {Epochs}");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning_rate must be positive, got {LearningRate}");
        if (Loss is not ("mse" or "l1" or "huber")) throw new ArgumentException($"loss must be mse, l1 or huber, got '{Loss}'");
        if (Schedule is not ("none" or "cosine" or "cosine_step" or "onecycle" or "plateau"))
            throw new ArgumentException($"schedule must be none, cosine, cosine_step, onecycle or plateau, got '{Schedule}'");
        if (Patience < 0) throw new ArgumentException($"patience must be 0 (off) or more, got {Patience}");
    }
}
