using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The paper's numbers (Deng, Hong, Li, Yokoya, arXiv 2505.05367, 2025), on its own data: Sentinel-2 over
/// Chinese cities with Jilin-1 super-resolution targets and hand-corrected OSM/footprint ISA labels.</summary>
internal static class JointSegPaperNumbers
{
    /// <summary>F1 of JointSeg's 1 m ISA map (ISA-1).</summary>
    public const double F1 = 0.8571;

    /// <summary>The F1 gain over segmenting the bilinearly up-sampled image (9.5 points).</summary>
    public const double GainOverBilinear = 0.095;

    /// <summary>Adds the paper's values to <paramref name="report"/>: jointseg F1 and bilinear_unet F1 (the latter
    /// derived as F1 minus the reported gain; the paper gives the gain, not the value).</summary>
    public static void AddTo(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.AddPaper("jointseg", "test", "f1", F1);
        report.AddPaper("bilinear_unet", "test", "f1", F1 - GainOverBilinear);
    }
}
