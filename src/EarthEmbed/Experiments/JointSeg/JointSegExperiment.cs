using EarthEmbed.Runs;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Paper 3, JointSeg (<c>earthembed replicate jointseg</c>): 1 m impervious surface from 10 m
/// Sentinel-2-like images by joint progressive super-resolution and segmentation, against bilinear up-sampling +
/// U-Net and 10 m segmentation + nearest up-sampling. Runs <see cref="JointSegPipeline"/>; its report is
/// <see cref="JointSegReport"/>.</summary>
public sealed class JointSegExperiment : Experiment<JointSegConfig>
{
    /// <summary>The experiment's name (CLI, metrics.json, configs/jointseg.*.yaml).</summary>
    public const string ExperimentName = "jointseg";

    /// <inheritdoc />
    public override string Name => ExperimentName;

    /// <inheritdoc />
    public override string Title => "Paper 3: JointSeg, 1 m impervious surface from 10 m Sentinel-2";

    /// <inheritdoc />
    public override int Order => 3;

    /// <inheritdoc />
    protected override ExperimentOutcome Run(JointSegConfig config, RunFolder folder, RunContext context)
    {
        var run = JointSegPipeline.Run(config, folder, context);
        var section = JointSegReport.Build(run, headingLevel: 2);
        var page = new HtmlReport(Title);
        page.AddHtml(section.BodyHtml);
        return new ExperimentOutcome(run.Metrics, page, run);
    }
}
