using EarthEmbed.Viz.Frames;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Runs;

/// <summary>A <see cref="MetricsReport"/> as a DataFrame before (or without) writing metrics.json: the same frame
/// <see cref="ResultFrames.Metrics(string)"/> makes of the file, since both go through metrics.json's text (Viz knows
/// the file's shape, not the science's types).</summary>
public static class MetricsFrames
{
    /// <summary>One row per (source, model, split), one column per metric (see <see cref="ResultFrames"/>).</summary>
    public static DataFrame ToFrame(this MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ResultFrames.MetricsFromJson(report.ToJson(), $"the {report.Experiment} metrics report");
    }

    /// <summary>One row per (source, model, split, metric) with its value (long, "tidy" form).</summary>
    public static DataFrame ToLongFrame(this MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ResultFrames.MetricsLongFromJson(report.ToJson(), $"the {report.Experiment} metrics report");
    }

    /// <summary>The report's intervals, one row per (model, split, metric) (see <see cref="ResultFrames.Intervals"/>).</summary>
    public static DataFrame ToIntervalFrame(this MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ResultFrames.IntervalsFromJson(report.ToJson(), $"the {report.Experiment} metrics report");
    }

    /// <summary>The report's comparisons, one row per claim (see <see cref="ResultFrames.Comparisons"/>); its
    /// <c>ToClaimsTable()</c> is the report's claims table.</summary>
    public static DataFrame ToComparisonFrame(this MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ResultFrames.ComparisonsFromJson(report.ToJson(), $"the {report.Experiment} metrics report");
    }

    /// <summary>The report's repeats in long form, one row per (model, split, metric, label) (see
    /// <see cref="ResultFrames.Repeats"/>).</summary>
    public static DataFrame ToRepeatFrame(this MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ResultFrames.RepeatsFromJson(report.ToJson(), $"the {report.Experiment} metrics report");
    }
}
