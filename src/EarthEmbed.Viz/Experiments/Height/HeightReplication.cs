using EarthEmbed.Experiments;
using EarthEmbed.Experiments.Height;

namespace EarthEmbed.Viz.Experiments.Height;

/// <summary>Paper 1 for <c>earthembed replicate height</c>: runs <see cref="HeightExperiment"/> into the output folder,
/// writes its own report.html there, and hands back the metrics and the report section.</summary>
public sealed class HeightReplication : IReplication
{
    /// <inheritdoc />
    public string Name => HeightExperiment.Name;

    /// <inheritdoc />
    public string Title => "Paper 1: surface height from AlphaEarth embeddings (U-Net, U-Net++, ridge)";

    /// <inheritdoc />
    public int Order => 1;

    /// <inheritdoc />
    public ReplicationOutcome Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = HeightExperiment.Run(options);
        var section = HeightReport.Build(result);
        var path = Path.Combine(options.OutDir, "report.html");
        section.Save(path);
        options.Report($"report: {path}");
        return new ReplicationOutcome(result.Metrics, section, [.. result.Files, path]);
    }
}
