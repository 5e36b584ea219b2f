using EarthEmbed.Runs;

namespace EarthEmbed.Experiments;

/// <summary>Runs an experiment the one way the command line and the notebooks share: resolve the config (mode file,
/// <c>--config</c> overlay, <c>--seed</c>), create the run folder and write config.yaml, run, then write metrics.json,
/// report.html and files.json. Same config and seed, same numbers, whoever calls it. With <see cref="RunContext.Resume"/>,
/// the folder's config.yaml must be this config (<see cref="RunFolder.CheckResumable{T}"/>) and every trainer continues
/// from its last good checkpoint.</summary>
public static class ExperimentRunner
{
    /// <summary>Runs <paramref name="experiment"/> as <paramref name="options"/> says.</summary>
    public static CompletedRun Run(IExperiment experiment, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        var config = experiment.ResolveConfig(options.ToConfigRequest());
        return Run(experiment, config, options.OutDir, new RunContext(options.Progress, options.Cancellation) { Resume = options.Resume });
    }

    /// <summary>Runs <paramref name="experiment"/> with an explicit, already resolved config into <paramref name="outDir"/>.</summary>
    public static CompletedRun Run(IExperiment experiment, IExperimentConfig config, string outDir, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        config.Validate();
        var folder = RunFolder.Create(outDir);
        if (context.Resume) folder.CheckResumable((object)config);
        folder.WriteConfig((object)config);
        var outcome = experiment.Run(config, folder, context);
        folder.WriteMetrics(outcome.Metrics);
        folder.WriteReport(outcome.Report);
        folder.WriteFileList();
        context.Report($"report: {Path.Combine(folder.Path, "report.html")}");
        return new CompletedRun(outcome, folder);
    }
}

/// <summary>A finished run: what the experiment handed back and the folder that holds its files.</summary>
/// <param name="Outcome">Metrics, report and the paper's typed result.</param>
/// <param name="Folder">The run folder (<see cref="RunFolder.Files"/> lists what was written).</param>
public sealed record CompletedRun(ExperimentOutcome Outcome, RunFolder Folder);
