using EarthEmbed.Experiments;
using EarthEmbed.Experiments.JointSeg;

namespace EarthEmbed.Viz.Experiments.JointSeg;

/// <summary>Paper 3, JointSeg: 1 m impervious surface from 10 m Sentinel-2-like images by joint progressive
/// super-resolution and segmentation, against bilinear up-sampling + U-Net and 10 m segmentation + nearest
/// up-sampling. Runs <see cref="JointSegPipeline"/> and writes OUT/report.html.</summary>
public sealed class JointSegReplication : IReplication
{
    /// <inheritdoc />
    public string Name => "jointseg";

    /// <inheritdoc />
    public string Title => "Paper 3: JointSeg, 1 m impervious surface from 10 m Sentinel-2";

    /// <inheritdoc />
    public int Order => 3;

    /// <inheritdoc />
    public ReplicationOutcome Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var run = JointSegPipeline.Run(options);
        var section = JointSegReport.Build(run, headingLevel: 2);
        var page = new Reports.HtmlReport(Title);
        page.AddHtml(section.BodyHtml);
        var path = Path.Combine(options.OutDir, "report.html");
        page.Save(path);
        var files = run.Files.Append(path).ToList();
        return new ReplicationOutcome(run.Metrics, section, files);
    }
}
