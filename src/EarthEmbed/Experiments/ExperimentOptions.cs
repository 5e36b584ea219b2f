namespace EarthEmbed.Experiments;

/// <summary>How one paper replication runs: the mode, where its files go, an optional config file that overrides
/// the mode's defaults, progress lines and cancellation. The same options drive the command line
/// (<c>earthembed replicate</c>) and the notebooks, so both produce the same numbers from the same seed.</summary>
public sealed record ExperimentOptions
{
    /// <summary>Quick mode: small models and few epochs, for CI and a first look (minutes on two cores).
    /// Full mode is the paper's setup scaled to a CPU.</summary>
    public bool Quick { get; init; } = true;

    /// <summary>The experiment's own folder (e.g. <c>out/height</c>): config.yaml, metrics.json, checkpoints,
    /// predictions and report.html go here. Created when missing.</summary>
    public string OutDir { get; init; } = "out";

    /// <summary>A YAML config file whose keys override the mode's defaults (unknown keys are an error), or null.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Overrides the config's seed when set.</summary>
    public int? Seed { get; init; }

    /// <summary>Receives one line per step (data made, epoch done, model evaluated); null for silence.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>Stops the run between epochs; files already written stay complete.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Reports <paramref name="line"/> to <see cref="Progress"/> if there is one.</summary>
    public void Report(string line) => Progress?.Report(line);
}
