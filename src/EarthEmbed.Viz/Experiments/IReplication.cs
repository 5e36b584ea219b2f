using EarthEmbed.Experiments;
using EarthEmbed.Runs;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Viz.Experiments;

/// <summary>One paper replication as the command line and the combined report see it: it runs its pipeline into
/// <see cref="ExperimentOptions.OutDir"/> (writing metrics.json, config.yaml, its outputs and its own report.html
/// there) and returns its metrics and a report section for <c>DIR/report.html</c>.
/// Implementations are found by <see cref="Replications"/> through reflection over this assembly, so adding a
/// paper is adding one class.</summary>
public interface IReplication
{
    /// <summary>The name on the command line and in metrics.json's "experiment" (height, stefaland, jointseg).</summary>
    string Name { get; }

    /// <summary>A one-line title for reports (e.g. "Paper 1: surface height from AlphaEarth embeddings").</summary>
    string Title { get; }

    /// <summary>Position in <c>replicate all</c> and in the combined report (paper number).</summary>
    int Order { get; }

    /// <summary>Runs the experiment; throws with a clear message on bad input or config.</summary>
    ReplicationOutcome Run(ExperimentOptions options);
}

/// <summary>What a replication hands back: its metrics (already saved as metrics.json), the section it contributes
/// to the combined report (headings at level 2 and below; the combined report adds the title), and the files it
/// wrote, for the command line to list.</summary>
public sealed record ReplicationOutcome(MetricsReport Metrics, HtmlReport Section, IReadOnlyList<string> Files);
