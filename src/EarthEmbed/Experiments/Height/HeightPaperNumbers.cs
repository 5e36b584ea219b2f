using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.Height;

/// <summary>The numbers of paper 1 (Hamoudzadeh, Belloni, Ravanelli, "Inferring Height from Earth Embeddings",
/// arXiv 2602.17250, 2026), as collected in design/papers.md: from the paper (P) or from third-party summaries (S).
/// Their data: AlphaEarth embeddings and a 5 m IGN DSM over ~7,865 km² of Nouvelle-Aquitaine, France.</summary>
internal static class HeightPaperNumbers
{
    /// <summary>The paper's data, in words.</summary>
    public const string Data = "AlphaEarth embeddings (10 m, 64 bands) and the IGN RGE ALTI DSM, ~7,865 km² of Nouvelle-Aquitaine; " +
                               "test = contiguous 30 % block on higher ground (110-160 m)";

    /// <summary>Training R² of both networks (P).</summary>
    public const double TrainR2Networks = 0.97;

    /// <summary>Test R² of U-Net++ (P).</summary>
    public const double UnetPlusPlusTestR2 = 0.84;

    /// <summary>Test RMSE of U-Net++ in metres (S: 16.42; P: ~16).</summary>
    public const double UnetPlusPlusTestRmse = 16.42;

    /// <summary>Test median difference (predicted - reference) of U-Net++ in metres (P).</summary>
    public const double UnetPlusPlusTestMedianDiff = -2.62;

    /// <summary>Test R² of U-Net (P).</summary>
    public const double UnetTestR2 = 0.78;

    /// <summary>Test RMSE of U-Net in metres (S).</summary>
    public const double UnetTestRmse = 19.26;

    /// <summary>Test median difference of U-Net in metres (P).</summary>
    public const double UnetTestMedianDiff = -7.22;

    /// <summary>Training R² of ridge regression (S).</summary>
    public const double RidgeTrainR2 = 0.64;

    /// <summary>Test R² of ridge regression (S).</summary>
    public const double RidgeTestR2 = 0.38;

    /// <summary>Test RMSE of ridge regression in metres (S).</summary>
    public const double RidgeTestRmse = 32.22;

    /// <summary>Writes the numbers into the "paper" section of <paramref name="report"/>.</summary>
    public static void AddTo(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.AddPaper("unetpp", "train", "r2", TrainR2Networks);
        report.AddPaper("unetpp", "test", "r2", UnetPlusPlusTestR2);
        report.AddPaper("unetpp", "test", "rmse", UnetPlusPlusTestRmse);
        report.AddPaper("unetpp", "test", "median_diff", UnetPlusPlusTestMedianDiff);
        report.AddPaper("unet", "train", "r2", TrainR2Networks);
        report.AddPaper("unet", "test", "r2", UnetTestR2);
        report.AddPaper("unet", "test", "rmse", UnetTestRmse);
        report.AddPaper("unet", "test", "median_diff", UnetTestMedianDiff);
        report.AddPaper("ridge", "train", "r2", RidgeTrainR2);
        report.AddPaper("ridge", "test", "r2", RidgeTestR2);
        report.AddPaper("ridge", "test", "rmse", RidgeTestRmse);
    }
}
