using EarthEmbed.Metrics;

namespace EarthEmbed.Tests.Metrics;

// Hand-worked example: o = [1, 2, 3, 4], p = [1.5, 2, 2.5, 5], so d = p - o = [0.5, 0, -0.5, 1],
// Σd² = 1.5, ō = 2.5, Σ(o - ō)² = 5, p̄ = 2.75, Σ(p - p̄)² = 7.25, Σ(o - ō)(p - p̄) = 5.5.
public class RegressionMetricsTests
{
    private static readonly double[] O = [1, 2, 3, 4];
    private static readonly double[] P = [1.5, 2, 2.5, 5];

    [Fact]
    public void R2_is_one_minus_residual_over_total_sum_of_squares() => Assert.Equal(1 - 1.5 / 5, Regression.R2(O, P), 12);

    [Fact]
    public void Rmse_is_the_root_of_the_mean_squared_difference() => Assert.Equal(Math.Sqrt(1.5 / 4), Regression.Rmse(O, P), 12);

    [Fact]
    public void Mae_and_bias_average_the_absolute_and_signed_differences()
    {
        Assert.Equal(0.5, Regression.Mae(O, P), 12);
        Assert.Equal(0.25, Regression.Bias(O, P), 12);
    }

    [Fact]
    public void Median_difference_averages_the_two_middle_values_for_even_counts() =>
        Assert.Equal(0.25, Regression.MedianDiff(O, P), 12);   // sorted d = [-0.5, 0, 0.5, 1]

    [Fact]
    public void Nmad_scales_the_median_absolute_deviation_of_the_differences() =>
        Assert.Equal(1.4826 * 0.5, Regression.Nmad(O, P), 12);  // |d - 0.25| = [0.25, 0.25, 0.75, 0.75]

    [Fact]
    public void Pearson_matches_the_hand_computed_correlation() =>
        Assert.Equal(5.5 / Math.Sqrt(5 * 7.25), Regression.Pearson(O, P), 12);

    [Fact]
    public void Spearman_is_one_for_a_monotone_relation_and_handles_ties()
    {
        Assert.Equal(1.0, Regression.Spearman(O, P), 12);
        // o ranks [1, 2, 3], p = [1, 1, 2] ranks [1.5, 1.5, 3]: r of ranks = 1.5 / sqrt(2 * 1.5) = 0.8660...
        Assert.Equal(1.5 / Math.Sqrt(2 * 1.5), Regression.Spearman([1, 2, 3], [1, 1, 2]), 12);
    }

    [Fact]
    public void NaN_pairs_and_masked_positions_are_left_out_by_the_shared_rule()
    {
        double[] o = [1, 2, double.NaN, 3, 4, 100];
        double[] p = [1.5, 2, 7, 2.5, 5, double.PositiveInfinity];
        Assert.Equal(Regression.Rmse(O, P), Regression.Rmse(o, p), 12);
        bool[] mask = [true, true, true, true, false, true];
        Assert.Equal(Math.Sqrt(0.5 / 3), Regression.Rmse(o, p, mask), 12);
    }

    [Fact]
    public void Constant_observations_make_R2_undefined_rather_than_infinite() =>
        Assert.True(double.IsNaN(Regression.R2([2, 2, 2], [1, 2, 3])));

    [Fact]
    public void Mismatched_lengths_are_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Regression.Rmse([1, 2], [1]));
        Assert.Contains("observed has 2 values but predicted has 1", e.Message);
    }

    [Fact]
    public void Bias_by_bin_averages_the_error_inside_each_observed_range()
    {
        var bins = Regression.BiasByBin(O, P, [0, 2.5, 10]);  // bin 0: o = 1, 2 -> d = 0.5, 0; bin 1: o = 3, 4 -> d = -0.5, 1
        Assert.Equal((2L, 0.25), bins[0]);
        Assert.Equal((2L, 0.25), bins[1]);
    }
}
