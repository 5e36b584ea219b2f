using EarthEmbed.Experiments;
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Viz.Experiments.StefaLand;

/// <summary>Paper 2, StefaLand: <c>earthembed replicate stefaland [--quick]</c>. Runs
/// <see cref="StefaLandExperiment.Run"/> (config.yaml, metrics.json, site_scores.csv, checkpoints) and writes the
/// report section as OUT/report.html too.</summary>
public sealed class StefaLandReplication : IReplication
{
    /// <inheritdoc />
    public string Name => "stefaland";

    /// <inheritdoc />
    public string Title => "Paper 2: StefaLand, masked pretraining and residual adapters for ungauged sites and regions";

    /// <inheritdoc />
    public int Order => 2;

    /// <inheritdoc />
    public ReplicationOutcome Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = StefaLandExperiment.Run(options);
        var metrics = result.ToMetrics();
        var section = StefaLandReport.Build(result, metrics);
        var page = new HtmlReport(Title);
        page.AddHtml(section.BodyHtml);
        var html = Path.Combine(options.OutDir, "report.html");
        page.Save(html);
        var files = new List<string> { Path.Combine(options.OutDir, "config.yaml"), Path.Combine(options.OutDir, "metrics.json"),
            Path.Combine(options.OutDir, "site_scores.csv"), html };
        var checkpoints = Path.Combine(options.OutDir, "checkpoints");
        if (Directory.Exists(checkpoints)) files.AddRange(Directory.GetFiles(checkpoints).Order(StringComparer.Ordinal));
        return new ReplicationOutcome(metrics, section, files);
    }
}
