using EarthEmbed.Metrics;

namespace EarthEmbed.Tests.Metrics;

/// <summary>Hand-worked and textbook values for the statistics (SciPy comparisons: StatisticsReferenceTests).</summary>
public class StatisticsTests
{
    // Darwin's Zea mays: height differences (eighths of an inch) of 15 crossed and self-fertilised pairs, as given by
    // Fisher (1935), The Design of Experiments, §17. Ranks of |d|: the two negatives (48, 67) have ranks 10 and 14.
    private static readonly double[] Darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

    [Fact]
    public void Wilcoxon_on_Darwins_table_gives_T_24_and_the_exact_p()
    {
        var result = PairedTests.WilcoxonOf(Darwin);
        Assert.Equal("wilcoxon_exact", result.Test);
        Assert.Equal(24.0, result.Statistic);   // R- = 10 + 14
        // P(R+ <= 24) over the 2^15 sign patterns is 676/32768 (counted by hand in Fisher's table's manner; SciPy's value too).
        Assert.Equal(2 * 676 / 32768.0, result.P, 15);
        Assert.Equal(0.041259765625, result.P, 15);
    }

    [Fact]
    public void Sign_test_on_Darwins_table_is_twice_the_binomial_tail()
    {
        var result = PairedTests.SignOf(Darwin);
        Assert.Equal(13.0, result.Statistic);
        Assert.Equal(2 * (1 + 15 + 105) / 32768.0, result.P, 15);  // 2·P(X <= 2), X ~ Bin(15, ½)
    }

    [Fact]
    public void Six_pairs_all_one_way_is_the_smallest_sample_that_reaches_p_below_five_percent()
    {
        Assert.Equal(2 / 64.0, PairedTests.WilcoxonOf([1, 2, 3, 4, 5, 6]).P, 15);
        Assert.Equal(2 / 32.0, PairedTests.WilcoxonOf([1, 2, 3, 4, 5]).P, 15);
        Assert.Equal(0.25, PairedTests.SignOf([0.1, 0.2, 0.3]).P, 15);
    }

    [Fact]
    public void Pairs_with_a_NaN_are_dropped_and_zero_differences_are_not_ranked()
    {
        double[] a = [1.5, 2.0, double.NaN, 4.0, 5.0, 6.5, 7.0];
        double[] b = [1.0, 2.0, 3.0, 3.0, 4.0, 6.0, double.PositiveInfinity];
        var d = PairedTests.Differences(a, b);
        Assert.Equal([0.5, 0.0, 1.0, 1.0, 0.5], d);
        var w = PairedTests.Wilcoxon(a, b);
        Assert.Equal((4, 1), (w.N, w.Zeros));
        Assert.Equal("wilcoxon_normal", w.Test);  // a zero and ties: the normal approximation
        Assert.Equal(0.0, w.Statistic);           // every non-zero difference is positive
        // n = 4, ranks 1.5 1.5 3.5 3.5: σ² = (4·5·9 - ½(2·3 + 2·3)) / 24 = 174/24, z = (0 - 5 + ½)/σ.
        Assert.Equal(2 * Statistics.NormalSf(4.5 / Math.Sqrt(174 / 24.0)), w.P, 14);
    }

    [Fact]
    public void Empty_lists_and_lengths_that_differ_are_refused_by_name()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => PairedTests.Wilcoxon([], [])).Message, StringComparison.Ordinal);
        var e = Assert.Throws<ArgumentException>(() => PairedTests.Sign([1, 2, 3], [1, 2]));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("expected 3 values", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Statistics.Mean([]));
        Assert.Throws<ArgumentException>(() => Bootstrap.Median([], seed: 1));
    }

    [Fact]
    public void All_non_finite_values_give_NaN_not_an_exception()
    {
        Assert.True(double.IsNaN(Statistics.Median([double.NaN, double.NaN])));
        var e = Bootstrap.Median([double.NaN], seed: 1);
        Assert.Equal(0, e.N);
        Assert.True(double.IsNaN(e.Lo) && double.IsNaN(e.Hi));
        Assert.True(double.IsNaN(PairedTests.WilcoxonOf([0.0, 0.0]).P));
    }

    [Fact]
    public void Mean_sd_is_the_mean_plus_minus_one_sample_standard_deviation()
    {
        var e = Statistics.MeanSd([0.80, 0.90, double.NaN, 1.00]);
        Assert.Equal(0.9, e.Estimate, 14);
        Assert.Equal(0.1, e.Sd, 14);  // sqrt((0.01 + 0 + 0.01) / 2)
        Assert.Equal((0.8, 1.0, 3), (Math.Round(e.Lo, 14), Math.Round(e.Hi, 14), e.N));
    }

    [Fact]
    public void Bootstrap_of_the_median_of_1_2_3_spans_the_data_with_the_hand_worked_frequencies()
    {
        // A resample's median is 1 when at least two of three draws are 1: 3·(1/3)²·(2/3) + (1/3)³ = 7/27, as for 3.
        var e = Bootstrap.Median([1, 2, 3], seed: 42);
        Assert.Equal((2.0, 1.0, 3.0), (e.Estimate, e.Lo, e.Hi));
        var medians = Bootstrap.Distribution([1, 2, 3], x => Statistics.Median(x), seed: 42, resamples: 20000);
        Assert.InRange(medians.Count(m => m == 1) / 20000.0, 7 / 27.0 - 0.012, 7 / 27.0 + 0.012);  // ±4 binomial sd
        Assert.InRange(medians.Count(m => m == 3) / 20000.0, 7 / 27.0 - 0.012, 7 / 27.0 + 0.012);
    }

    [Fact]
    public void Bootstrap_of_the_mean_of_0_and_1_has_the_binomial_quarter_half_quarter_distribution()
    {
        var means = Bootstrap.Distribution([0, 1], x => x.Average(), seed: 3, resamples: 20000);
        Assert.InRange(means.Count(m => m == 0) / 20000.0, 0.25 - 0.012, 0.25 + 0.012);
        Assert.InRange(means.Count(m => m == 0.5) / 20000.0, 0.5 - 0.014, 0.5 + 0.014);
        var e = Bootstrap.Mean([0, 1], seed: 3);
        Assert.Equal((0.5, 0.0, 1.0), (e.Estimate, e.Lo, e.Hi));
    }

    [Fact]
    public void Bootstrap_is_deterministic_for_a_seed_and_differs_between_seeds()
    {
        var values = Noise(50, 1);
        Assert.Equal(Bootstrap.Median(values, seed: 9), Bootstrap.Median(values, seed: 9));
        Assert.NotEqual(Bootstrap.Mean(values, seed: 9).Lo, Bootstrap.Mean(values, seed: 10).Lo);
    }

    [Fact]
    public void Bootstrap_interval_holds_its_estimate_and_narrows_as_n_grows()
    {
        var small = Bootstrap.Mean(Noise(20, 2), seed: 1);
        var large = Bootstrap.Mean(Noise(2000, 3), seed: 1);
        foreach (var e in new[] { small, large, Bootstrap.Median(Noise(31, 4), seed: 1) })
            Assert.InRange(e.Estimate, e.Lo, e.Hi);
        // Width ∝ 1/√n: 100 times the values, about a tenth of the width.
        Assert.InRange((large.Hi - large.Lo) / (small.Hi - small.Lo), 0.05, 0.2);
        Assert.Equal((5.0, 5.0), (Bootstrap.Median([5, 5, 5, 5], seed: 1).Lo, Bootstrap.Median([5, 5, 5, 5], seed: 1).Hi));
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws_on_every_machine()
    {
        // SplitMix64's first outputs for seed 0 (Vigna's reference implementation, splitmix64.c).
        var rng = new Bootstrap.SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.Next());
    }

    /// <summary>Standard normal-ish values from a fixed generator (the sum of 12 uniforms minus 6).</summary>
    internal static double[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 12).Sum(_ => random.NextDouble()) - 6).ToArray();
    }
}
