using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Everything a JointSeg run produced, for the report and the notebook.</summary>
public sealed record JointSegRun
{
    /// <summary>The resolved config (also in config.yaml).</summary>
    public required JointSegConfig Config { get; init; }

    /// <summary>metrics.json's content.</summary>
    public required MetricsReport Metrics { get; init; }

    /// <summary>Training loss per step, by model.</summary>
    public required Dictionary<string, List<double>> Losses { get; init; }

    /// <summary>Whole-scene test predictions, by model (scenes in the same order for every model).</summary>
    public required Dictionary<string, List<ScenePrediction>> Predictions { get; init; }

    /// <summary>Pooled confusion matrices, by model and split.</summary>
    public required Dictionary<string, Dictionary<string, Confusion>> Confusions { get; init; }

    /// <summary>The Olinda qualitative result, or null when the sample is missing.</summary>
    public OlindaResult? Olinda { get; init; }

    /// <summary>The 1 m ISA probability GeoTIFF written by streaming tiled prediction.</summary>
    public required string IsaGeoTiff { get; init; }

    /// <summary>Files written.</summary>
    public required List<string> Files { get; init; }

    /// <summary>Training time per model, seconds (wall).</summary>
    public required Dictionary<string, double> TrainSeconds { get; init; }

    /// <summary>In a repeated run (<c>seeds</c>), each seed's own run in seed order; this record is then the first
    /// seed's (its maps, curves and confusions) with <see cref="Metrics"/> merged over the seeds
    /// (<see cref="JointSegExperiment.ReplicateSeeds"/>). Empty for a single run.</summary>
    public IReadOnlyList<JointSegRun> SeedRuns { get; init; } = [];
}

/// <summary>What <see cref="JointSegExperiment.PrepareData"/> hands on: the scenes, the training scenes' band statistics
/// and both sets standardised as tensors (owned: dispose once evaluated).</summary>
public sealed class JointSegInputs : IDisposable
{
    /// <summary>Wraps the scenes and makes their tensors.</summary>
    public JointSegInputs(List<SuperResolutionSample> train, List<SuperResolutionSample> test, BandStats stats, string description,
        string dataFolder, List<string> files)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(stats);
        (Train, Test, Stats, Description, DataFolder, Files) = (train, test, stats, description, dataFolder, files);
        TrainTensors = train.Select(s => new SceneTensors(s, stats)).ToList();
        TestTensors = test.Select(s => new SceneTensors(s, stats)).ToList();
    }

    /// <summary>The training scenes (urban first).</summary>
    public List<SuperResolutionSample> Train { get; }

    /// <summary>The test scenes, as read back from their GeoTIFFs (urban first).</summary>
    public List<SuperResolutionSample> Test { get; }

    /// <summary>Per-band mean and standard deviation of the training scenes' 10 m images.</summary>
    public BandStats Stats { get; }

    /// <summary>What the data is, in words (metrics.json's "data").</summary>
    public string Description { get; }

    /// <summary>Where the test scenes' GeoTIFFs are (the run folder's data/).</summary>
    public string DataFolder { get; }

    /// <summary>The GeoTIFFs written for the test scenes.</summary>
    public List<string> Files { get; }

    /// <summary>The training scenes standardised, as the trainer's sampler reads them.</summary>
    public List<SceneTensors> TrainTensors { get; }

    /// <summary>The test scenes standardised.</summary>
    public List<SceneTensors> TestTensors { get; }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in TrainTensors.Concat(TestTensors)) t.Dispose();
    }
}

/// <summary>What <see cref="JointSegExperiment.Train"/> hands on: the trained models (owned: dispose once evaluated),
/// their per-step losses, training times and checkpoint files, by model name in <see cref="JointSegModels.Names"/> order.</summary>
public sealed class JointSegTrainedModels : IDisposable
{
    /// <summary>The trained models.</summary>
    public Dictionary<string, nn.Module<Tensor, Tensor>> Models { get; } = [];

    /// <summary>Training loss per step.</summary>
    public Dictionary<string, List<double>> Losses { get; } = [];

    /// <summary>Training time, seconds (wall).</summary>
    public Dictionary<string, double> Seconds { get; } = [];

    /// <summary>checkpoints/&lt;model&gt;.safetensors: final weights with the band statistics in the metadata.</summary>
    public Dictionary<string, string> Checkpoints { get; } = [];

    /// <summary>Frees the models.</summary>
    public void Dispose()
    {
        foreach (var model in Models.Values) model.Dispose();
    }
}
