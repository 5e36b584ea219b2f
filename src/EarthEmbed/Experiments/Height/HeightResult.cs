using EarthEmbed.Runs;
using EarthEmbed.Training;

namespace EarthEmbed.Experiments.Height;

/// <summary>Everything one run of the height replication produced, for reports and notebooks.</summary>
public sealed record HeightResult(
    HeightConfig Config,
    HeightScene Scene,
    MetricsReport Metrics,
    IReadOnlyDictionary<string, TrainingHistory> Histories,
    IReadOnlyDictionary<string, double> TrainingSeconds,
    IReadOnlyList<SplitPrediction> Predictions,
    IReadOnlyList<HeightBinBias> BinBias,
    IReadOnlyList<string> Files,
    string OutDir)
{
    /// <summary>In a repeated run (<c>seeds</c>), each seed's own result in seed order; this record is then the first
    /// seed's (its maps, curves and densities) with <see cref="Metrics"/> merged over the seeds
    /// (<see cref="HeightExperiment.ReplicateSeeds"/>). Empty for a single run.</summary>
    public IReadOnlyList<HeightResult> SeedResults { get; init; } = [];

    /// <summary>Model names in report order: the networks, then ridge.</summary>
    public IReadOnlyList<string> ModelNames => Predictions.Select(p => p.Model).Distinct().ToList();

    /// <summary>The prediction of <paramref name="model"/> on <paramref name="split"/>.</summary>
    public SplitPrediction Prediction(string model, string split) =>
        Predictions.FirstOrDefault(p => p.Model == model && p.Split == split)
        ?? throw new ArgumentException($"no prediction of '{model}' on '{split}' (models: {string.Join(", ", ModelNames)})");
}

/// <summary>What the training step produced: each model's best checkpoint (the networks in config order, then ridge),
/// its training history (networks only) and its training time. The networks themselves are freed once trained; the
/// evaluation reloads each model from its file, as <c>earthembed predict</c> does.</summary>
/// <param name="Checkpoints">Model name to its checkpoint file (best.safetensors of a network, ridge.safetensors).</param>
/// <param name="Histories">Network name to its training history.</param>
/// <param name="Seconds">Model name to its training time in seconds (wall).</param>
public sealed record HeightTrainedModels(
    IReadOnlyDictionary<string, string> Checkpoints,
    IReadOnlyDictionary<string, TrainingHistory> Histories,
    IReadOnlyDictionary<string, double> Seconds);
