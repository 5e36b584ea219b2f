using EarthEmbed.Runs;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Experiments;

/// <summary>One paper replication, as the command line, the notebooks and the combined report see it: a name, a
/// title, a config type whose committed files (<c>configs/&lt;name&gt;.&lt;mode&gt;.yaml</c>) are the truth, and a
/// run into a <see cref="RunFolder"/>. Implementations derive from <see cref="Experiment{TConfig}"/> and are found by
/// <see cref="ExperimentCatalog"/>, so adding a paper is adding one class (docs/adding-a-paper.md).</summary>
public interface IExperiment
{
    /// <summary>The name on the command line, in metrics.json's "experiment" and in the config files' names.</summary>
    string Name { get; }

    /// <summary>A one-line title for reports (e.g. "Paper 1: surface height from AlphaEarth embeddings").</summary>
    string Title { get; }

    /// <summary>Position in <c>replicate all</c> and in the combined report (paper number).</summary>
    int Order { get; }

    /// <summary>The config class (the schema of the YAML files).</summary>
    Type ConfigType { get; }

    /// <summary>The config a run would use (mode file, overlay, seed; see <see cref="ConfigResolver"/>).</summary>
    IExperimentConfig ResolveConfig(ConfigRequest request);

    /// <summary>Runs the experiment with <paramref name="config"/> into <paramref name="folder"/>; the caller
    /// (<see cref="ExperimentRunner"/>) has written config.yaml and writes metrics.json, report.html and files.json
    /// from the outcome.</summary>
    ExperimentOutcome Run(IExperimentConfig config, RunFolder folder, RunContext context);
}

/// <summary>Progress and cancellation of one run.</summary>
/// <param name="Progress">Receives one line per step (data made, epoch done, model evaluated); null for silence.</param>
/// <param name="Cancellation">Stops the run between steps; files already written stay complete.</param>
public sealed record RunContext(IProgress<string>? Progress = null, CancellationToken Cancellation = default)
{
    /// <summary>Continue an interrupted run in the same folder: each trainer resumes from its last good checkpoint
    /// (a model whose training finished resumes to its end at once), so the run ends with the metrics an
    /// uninterrupted one would have. False: every model trains from scratch.</summary>
    public bool Resume { get; init; }

    /// <summary>Reports <paramref name="line"/> to <see cref="Progress"/> if there is one.</summary>
    public void Report(string line) => Progress?.Report(line);

    /// <summary>A context whose progress lines go to <paramref name="writeLine"/> at once, on the reporting thread (a
    /// notebook's <c>Console.WriteLine</c>: each line lands in the cell that is running, in order). .NET's
    /// <see cref="Progress{T}"/> would post them to the thread pool instead, to arrive late or out of order.</summary>
    public static RunContext Printing(Action<string> writeLine, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(writeLine);
        return new RunContext(new LineProgress(writeLine), cancellation);
    }

    private sealed class LineProgress(Action<string> writeLine) : IProgress<string>
    {
        public void Report(string value) => writeLine(value);
    }
}

/// <summary>What a run hands back: its metrics, its report (the run's own report.html; its body is the section of the
/// combined report) and the paper's typed result for notebooks.</summary>
public sealed record ExperimentOutcome(MetricsReport Metrics, HtmlReport Report, object Result);

/// <summary>The typed base of every experiment: config resolution through the shared path, and a typed run.</summary>
/// <typeparam name="TConfig">The experiment's config class.</typeparam>
public abstract class Experiment<TConfig> : IExperiment where TConfig : class, IExperimentConfig, new()
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Title { get; }

    /// <inheritdoc/>
    public abstract int Order { get; }

    /// <inheritdoc/>
    public Type ConfigType => typeof(TConfig);

    /// <summary>The config a run would use, typed.</summary>
    public TConfig Resolve(ConfigRequest request) => ConfigResolver.Resolve<TConfig>(Name, request);

    /// <inheritdoc/>
    public IExperimentConfig ResolveConfig(ConfigRequest request) => Resolve(request);

    /// <inheritdoc/>
    public ExperimentOutcome Run(IExperimentConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        if (config is not TConfig typed)
            throw new ArgumentException($"{Name} runs with a {typeof(TConfig).Name}, got a {config.GetType().Name}", nameof(config));
        typed.Validate();
        return Run(typed, folder, context);
    }

    /// <summary>Runs the experiment (see <see cref="IExperiment.Run"/>).</summary>
    protected abstract ExperimentOutcome Run(TConfig config, RunFolder folder, RunContext context);
}
