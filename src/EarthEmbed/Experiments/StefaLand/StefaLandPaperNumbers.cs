using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The numbers StefaLand reports (Kraabel et al., arXiv 2509.17942; see shared/design/papers.md §2), in
/// the same model/split/metric shape as ours. CAMELS-531 streamflow medians over basins; ISMN soil moisture; soil
/// texture R²; landslides F1 and ROC-AUC.</summary>
internal static class StefaLandPaperNumbers
{
    /// <summary>(model, split, metric, value) rows.</summary>
    public static IReadOnlyList<(string Model, string Split, string Metric, double Value)> Rows { get; } =
    [
        ("stefaland", "pub", "nse", 0.717),
        ("lstm", "pub", "nse", 0.636),
        ("scratch", "pub", "nse", 0.661),
        ("linear_probe", "pub", "nse", 0.661),
        ("stefaland", "pur", "nse", 0.635),
        ("lstm", "pur", "nse", 0.554),
        ("stefaland", "pub_soil_moisture", "rmse", 0.068),
        ("stefaland", "pub_soil_moisture", "pearson", 0.783),
        ("lstm", "pub_soil_moisture", "rmse", 0.073),
        ("lstm", "pub_soil_moisture", "pearson", 0.764),
        ("stefaland", "pub_sand", "r2", 0.495),
        ("stefaland", "pub_clay", "r2", 0.259),
        ("stefaland", "pub_landslides", "f1", 0.908),
        ("stefaland", "pub_landslides", "auc", 0.911),
    ];

    /// <summary>Adds every row under "paper" in <paramref name="report"/>.</summary>
    public static void AddTo(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (model, split, metric, value) in Rows) report.AddPaper(model, split, metric, value);
    }
}
