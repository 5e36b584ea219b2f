using EarthEmbed.Runs;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Paper 3, JointSeg (<c>earthembed replicate jointseg</c>): 1 m impervious surface from 10 m
/// Sentinel-2-like images by joint progressive super-resolution and segmentation, against bilinear up-sampling +
/// U-Net and 10 m segmentation + nearest up-sampling. A run is four public steps,
/// <see cref="JointSegPipeline.PrepareData"/> → <see cref="JointSegPipeline.Train"/> →
/// <see cref="JointSegPipeline.Evaluate"/> → <see cref="Report"/> (<see cref="JointSegReport"/>), which
/// <see cref="IExperiment.Run"/> composes and nothing else; notebook 03 calls the same four, so its metrics.json equals
/// a CLI run's of the same config and seed.</summary>
public sealed class JointSegExperiment : Experiment<JointSegConfig>
{
    /// <summary>The experiment's name (CLI, metrics.json, configs/jointseg.*.yaml).</summary>
    public const string ExperimentName = "jointseg";

    /// <inheritdoc />
    public override string Name => ExperimentName;

    /// <inheritdoc />
    public override string Title => ExperimentTitle;

    /// <summary>The title of reports (<see cref="Title"/>).</summary>
    public const string ExperimentTitle = "Paper 3: JointSeg, 1 m impervious surface from 10 m Sentinel-2";

    /// <inheritdoc />
    public override int Order => 3;

    /// <inheritdoc />
    protected override ExperimentOutcome Run(JointSegConfig config, RunFolder folder, RunContext context) =>
        Report(SeedRepeats.IsRepeated(config) ? JointSegRepeats.Replicate(config, folder, context) : Replicate(config, folder, context));

    /// <summary>Steps 1-3 of one seed (<see cref="JointSegPipeline.PrepareData"/>, <see cref="JointSegPipeline.Train"/>,
    /// <see cref="JointSegPipeline.Evaluate"/>), the inputs and the trained models freed afterwards.</summary>
    public static JointSegRun Replicate(JointSegConfig config, RunFolder folder, RunContext context)
    {
        using var inputs = JointSegPipeline.PrepareData(config, folder, context);
        using var trained = JointSegPipeline.Train(config, inputs, folder, context);
        return JointSegPipeline.Evaluate(config, inputs, trained, folder, context);
    }

    /// <summary>Step 4, the report: the metrics (ours beside the paper's) and the run's report page
    /// (<see cref="JointSegReport.Build"/>), which <see cref="ExperimentRunner.Finish"/> writes as metrics.json and
    /// report.html.</summary>
    public static ExperimentOutcome Report(JointSegRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var page = new HtmlReport(ExperimentTitle);
        page.AddHtml(JointSegReport.Build(run, headingLevel: 2).BodyHtml);
        return new ExperimentOutcome(run.Metrics, page, run);
    }
}
