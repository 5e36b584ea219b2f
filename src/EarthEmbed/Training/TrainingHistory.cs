using System.Text.Json;

namespace EarthEmbed.Training;

/// <summary>One finished epoch: losses in normalised target units, the learning rate used, and wall time; with a
/// task that names its loss parts, their means (<see cref="Parts"/>), and with
/// <see cref="TrainerOptions.KeepStepLosses"/> the loss of every step (<see cref="StepLosses"/>).</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double? ValidationLoss, double LearningRate, double Seconds, bool Improved)
{
    /// <summary>Mean of each named loss part over the epoch's steps (null when the task names none).</summary>
    public IReadOnlyDictionary<string, double>? Parts { get; init; }

    /// <summary>The total loss of each step (null unless <see cref="TrainerOptions.KeepStepLosses"/>).</summary>
    public IReadOnlyList<double>? StepLosses { get; init; }
}

/// <summary>What a training run did, epoch by epoch; saved inside every checkpoint so a resumed run keeps it.</summary>
public sealed class TrainingHistory
{
    /// <summary>Finished epochs in order.</summary>
    public List<EpochRecord> Epochs { get; init; } = new();

    /// <summary>The best monitored loss so far (validation if any, else training).</summary>
    public double BestLoss { get; set; } = double.PositiveInfinity;

    /// <summary>The epoch that reached <see cref="BestLoss"/>.</summary>
    public int BestEpoch { get; set; } = -1;

    /// <summary>Epochs since the last improvement.</summary>
    public int EpochsWithoutImprovement { get; set; }

    /// <summary>Why training ended: "", "epochs", "early stopping".</summary>
    public string StopReason { get; set; } = "";

    /// <summary>As JSON (for checkpoint metadata and run folders).</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>From JSON written by <see cref="ToJson"/>.</summary>
    public static TrainingHistory FromJson(string json) =>
        JsonSerializer.Deserialize<TrainingHistory>(json) ?? throw new InvalidDataException("empty training history");
}

/// <summary>Thrown when the training loss becomes NaN or infinite; the last good checkpoint stays on disk.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a message that says where and what to try.</summary>
    public TrainingDivergedException(string message) : base(message) { }

    /// <summary>Creates the exception with no message.</summary>
    public TrainingDivergedException() { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrainingDivergedException(string message, Exception inner) : base(message, inner) { }
}
