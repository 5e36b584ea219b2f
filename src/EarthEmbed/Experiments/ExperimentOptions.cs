using EarthEmbed.Runs;

namespace EarthEmbed.Experiments;

/// <summary>How one paper replication runs: the mode, where its files go, an optional config file laid over the
/// mode's, the seed, progress lines and cancellation. The same options drive the command line
/// (<c>earthembed replicate</c>) and the notebooks (<see cref="ExperimentRunner"/>), so both produce the same numbers
/// from the same config and seed.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The mode: "quick" (small models, few epochs: minutes on two cores, what CI runs), "full" (the paper's
    /// setup), or any other mode with a committed <c>configs/&lt;experiment&gt;.&lt;mode&gt;.yaml</c>.</summary>
    public string Mode { get; init; } = "quick";

    /// <summary>The experiment's own folder (e.g. <c>out/height</c>): config.yaml, metrics.json, checkpoints,
    /// predictions, report.html and files.json go here. Created when missing.</summary>
    public string OutDir { get; init; } = "out";

    /// <summary>A YAML file whose keys are laid over the mode's (nested sections merge key by key; unknown keys are
    /// an error), or null.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Overrides the config's seed when set: a single run with this seed (a config's <c>seeds</c> list is emptied,
    /// <see cref="IRepeatableConfig"/>).</summary>
    public int? Seed { get; init; }

    /// <summary>Receives one line per step (data made, epoch done, model evaluated); null for silence.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>Stops the run between epochs; files already written stay complete.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Continue an interrupted run in <see cref="OutDir"/> (see <see cref="RunContext.Resume"/>).</summary>
    public bool Resume { get; init; }

    /// <summary>The config part of these options.</summary>
    public ConfigRequest ToConfigRequest() => new(Mode, ConfigPath, Seed);
}
