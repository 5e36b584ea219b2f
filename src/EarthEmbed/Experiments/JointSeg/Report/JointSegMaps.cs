using EarthEmbed.Metrics;
using EarthEmbed.Viz;
using EarthEmbed.Viz.Colors;
using EarthEmbed.Viz.Maps;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The maps of the JointSeg report and notebook: image bands in grey on a shared reflectance scale (so
/// the 10 m input, the super-resolved and the reference 1 m image compare by eye), ISA masks, and error maps
/// (true/false positives and negatives).</summary>
public static class JointSegMaps
{
    private static readonly Rgb[] MaskColors = [Rgb.Parse("#e8e8e8"), Rgb.Parse("#d62728")];
    private static readonly Rgb[] ErrorColors = [Rgb.Parse("#e8e8e8"), Rgb.Parse("#2ca02c"), Rgb.Parse("#ff7f0e"), Rgb.Parse("#1f77b4")];

    /// <summary>Band <paramref name="band"/> (0-based: 2 = B4 red) of a band-sequential image, in grey from
    /// <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static RasterMap Band(float[] image, int height, int width, int band, string title, double min = 0, double max = 0.3, string unit = "reflectance")
    {
        ArgumentNullException.ThrowIfNull(image);
        return RasterMap.Continuous(Grids.FromRowMajor(image, height, width, band), Colormap.Greys, min, max, title, unit);
    }

    /// <summary>A 0/1 mask (label or thresholded prediction).</summary>
    public static RasterMap Mask(IReadOnlyList<bool> mask, int height, int width, string title)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var classes = new int[height, width];
        for (var i = 0; i < mask.Count; i++) classes[i / width, i % width] = mask[i] ? 1 : 0;
        return RasterMap.Classes(classes, ["pervious", "impervious"], MaskColors, title);
    }

    /// <summary>A probability map in [0, 1].</summary>
    public static RasterMap Probability(float[] probability, int height, int width, string title) =>
        RasterMap.Continuous(Grids.FromRowMajor(probability, height, width), Colormap.Magma, 0, 1, title, "P(ISA)");

    /// <summary>Agreement of a prediction with the label: true negative, true positive, false positive, false negative.</summary>
    public static RasterMap Errors(ScenePrediction prediction, double threshold, string title)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var s = prediction.Sample;
        var label = s.Label ?? throw new ArgumentException($"scene '{s.Name}' has no label", nameof(prediction));
        var classes = new int[s.HighHeight, s.HighWidth];
        for (var i = 0; i < label.Length; i++)
        {
            bool l = label[i] == 1, p = prediction.Probability[i] > threshold;
            classes[i / s.HighWidth, i % s.HighWidth] = label[i] == 255 ? -1 : (l, p) switch
            {
                (false, false) => 0, (true, true) => 1, (false, true) => 2, _ => 3,
            };
        }
        return RasterMap.Classes(classes, ["true negative", "true positive", "false positive", "false negative"], ErrorColors, title);
    }

    /// <summary>Maps laid side by side (wrapping), as one HTML fragment.</summary>
    public static string SideBySide(params RasterMap[] maps) =>
        "<div style=\"display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start\">" + string.Concat(maps.Select(m => m.ToHtml())) + "</div>";

    /// <summary>The 2x2 confusion counts as [observed, predicted] with "pervious" first.</summary>
    public static long[,] Counts(Confusion c) => new long[,] { { c.TrueNegative, c.FalsePositive }, { c.FalseNegative, c.TruePositive } };
}
