using EarthEmbed.Metrics;

namespace EarthEmbed.Tests.Metrics;

// Same hand-worked series as the regression tests: o = [1, 2, 3, 4], p = [1.5, 2, 2.5, 5].
public class HydrologyMetricsTests
{
    private static readonly double[] O = [1, 2, 3, 4];
    private static readonly double[] P = [1.5, 2, 2.5, 5];

    [Fact]
    public void Nse_equals_one_minus_the_error_variance_ratio() => Assert.Equal(0.7, Hydrology.Nse(O, P), 12);

    [Fact]
    public void Kge_combines_correlation_variability_and_bias_ratios()
    {
        var r = 5.5 / Math.Sqrt(36.25);
        var alpha = Math.Sqrt(7.25 / 4) / Math.Sqrt(5.0 / 4);  // population standard deviations
        var beta = 2.75 / 2.5;
        var expected = 1 - Math.Sqrt((r - 1) * (r - 1) + (alpha - 1) * (alpha - 1) + (beta - 1) * (beta - 1));
        Assert.Equal(0.7567649571300401, expected, 12);
        Assert.Equal(expected, Hydrology.Kge(O, P), 12);
    }

    [Fact]
    public void UbRmse_removes_the_bias_from_the_rmse() =>
        Assert.Equal(Math.Sqrt(0.375 - 0.0625), Hydrology.UbRmse(O, P), 12);

    [Fact]
    public void PBias_is_the_percentage_volume_error() => Assert.Equal(10.0, Hydrology.PBias(O, P), 12);

    [Fact]
    public void A_perfect_simulation_scores_one_on_both_efficiencies()
    {
        Assert.Equal(1.0, Hydrology.Nse(O, O), 12);
        Assert.Equal(1.0, Hydrology.Kge(O, O), 12);
    }

    [Fact]
    public void Median_over_sites_ignores_sites_without_a_score() =>
        Assert.Equal(0.6, Hydrology.MedianOverSites([0.2, double.NaN, 0.6, 0.9]), 12);
}
