using EarthEmbed.Runs;

namespace EarthEmbed.Experiments;

/// <summary>Runs an experiment the one way the command line and the notebooks share: resolve the config (mode file,
/// <c>--config</c> overlay, <c>--seed</c>), create the run folder and write config.yaml (<see cref="Start"/>), run the
/// experiment's steps, then write metrics.json, report.html and files.json (<see cref="Finish"/>). Same config and seed,
/// same numbers, whoever calls it: <c>earthembed replicate</c> calls <see cref="Run(IExperiment, ExperimentOptions)"/>;
/// a paper notebook calls <see cref="Start"/>, the experiment's public steps one by one (the ones its
/// <see cref="IExperiment.Run"/> composes), and <see cref="Finish"/>. With <see cref="RunContext.Resume"/>, the folder's
/// config.yaml must be this config (<see cref="RunFolder.CheckResumable{T}"/>) and every trainer continues from its last
/// good checkpoint.</summary>
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
        var folder = Start(config, outDir, context);
        var outcome = experiment.Run(config, folder, context);
        return Finish(folder, outcome, context);
    }

    /// <summary>The first step of every run: validates <paramref name="config"/>, creates the run folder
    /// <paramref name="outDir"/> and writes config.yaml (on resume, after checking that the folder's config.yaml is
    /// this config).</summary>
    /// <exception cref="ArgumentException">the config fails validation (the message names the key).</exception>
    /// <exception cref="InvalidOperationException">resuming a folder that holds another config.</exception>
    public static RunFolder Start(IExperimentConfig config, string outDir, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        config.Validate();
        var folder = RunFolder.Create(outDir);
        if (context.Resume) folder.CheckResumable((object)config);
        folder.WriteConfig((object)config);
        return folder;
    }

    /// <summary>The last step of every run: writes <paramref name="outcome"/>'s metrics.json and report.html into
    /// <paramref name="folder"/>, then files.json (every file the run recorded).</summary>
    public static CompletedRun Finish(RunFolder folder, ExperimentOutcome outcome, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(context);
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
