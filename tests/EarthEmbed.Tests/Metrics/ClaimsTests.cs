using EarthEmbed.Metrics;

namespace EarthEmbed.Tests.Metrics;

/// <summary>The verdict rule of docs/statistics.md, case by case, and on paired scores.</summary>
public class ClaimsTests
{
    [Theory]
    [InlineData(0.01, 0.05, 0.01, ClaimDirection.Greater, 0.0, Verdict.Supported)]
    [InlineData(-0.05, -0.01, 0.01, ClaimDirection.Less, 0.0, Verdict.Supported)]          // lower RMSE claimed, found
    [InlineData(-0.05, -0.01, 0.01, ClaimDirection.Greater, 0.0, Verdict.NotSupported)]    // the data favour b
    [InlineData(-0.01, 0.05, 0.01, ClaimDirection.Greater, 0.0, Verdict.Undecided)]        // the interval crosses 0
    [InlineData(0.01, 0.05, 0.25, ClaimDirection.Greater, 0.0, Verdict.Undecided)]         // interval clear, test not
    [InlineData(-0.05, -0.01, 0.25, ClaimDirection.Greater, 0.0, Verdict.Undecided)]
    [InlineData(-0.004, 0.003, 0.6, ClaimDirection.Greater, 0.005, Verdict.NotSupported)]  // inside the equivalence margin
    [InlineData(-0.004, 0.008, 0.6, ClaimDirection.Greater, 0.005, Verdict.Undecided)]     // reaches past it
    [InlineData(double.NaN, double.NaN, double.NaN, ClaimDirection.Greater, 0.0, Verdict.Undecided)]
    public void The_verdict_rule_needs_the_interval_and_the_test_to_agree(double lo, double hi, double p, ClaimDirection direction, double margin, Verdict expected) =>
        Assert.Equal(expected, Claims.Decide(lo, hi, p, direction, margin));

    [Fact]
    public void Three_seeds_all_one_way_stay_undecided_at_that_budget()
    {
        var c = Claims.Compare("U-Net++ beats U-Net", "unetpp", "unet", "test", "r2", ClaimDirection.Greater,
            [0.93, 0.95, 0.94], [0.90, 0.91, 0.92], new CompareOptions(DifferenceCenter.Mean, Unit: "seed"));
        Assert.Equal(3, c.N);
        Assert.True(c.Lo > 0, $"the bootstrap interval [{c.Lo}, {c.Hi}] excludes 0");
        Assert.Equal(0.25, c.P, 15);  // exact Wilcoxon, 3 pairs: its smallest two-sided p
        Assert.Equal(Verdict.Undecided, c.Verdict);
        Assert.Equal(0.03, c.Difference, 12);
    }

    [Fact]
    public void Twenty_sites_clearly_one_way_support_the_claim_and_crossing_zero_leaves_it_undecided()
    {
        var a = StatisticsTests.Noise(20, 5).Select(v => 0.6 + 0.05 * v).ToArray();
        var better = a.Select((v, i) => v + 0.05 + 0.001 * i).ToArray();
        var supported = Claims.Compare("b beats a", "b", "a", "test", "nse", ClaimDirection.Greater, better, a);
        Assert.Equal((Verdict.Supported, "wilcoxon_exact"), (supported.Verdict, supported.Test));
        Assert.Equal(Verdict.NotSupported, Claims.Compare("a beats b", "a", "b", "test", "nse", ClaimDirection.Greater, a, better).Verdict);
        var mixed = a.Select((v, i) => v + (i % 2 == 0 ? 0.05 : -0.05)).ToArray();
        var undecided = Claims.Compare("mixed beats a", "m", "a", "test", "nse", ClaimDirection.Greater, mixed, a);
        Assert.True(undecided.Lo < 0 && undecided.Hi > 0, $"[{undecided.Lo}, {undecided.Hi}] crosses 0");
        Assert.Equal(Verdict.Undecided, undecided.Verdict);
    }

    [Fact]
    public void The_sign_test_can_be_chosen_and_a_negative_margin_is_refused()
    {
        var c = Claims.Compare("x", "a", "b", "test", "f1", ClaimDirection.Greater, [1, 2, 3, 4, 5, 6, 7], [0, 0, 0, 0, 0, 0, 0],
            new CompareOptions(Test: PairedTestKind.Sign));
        Assert.Equal("sign", c.Test);
        Assert.Equal(2 / 128.0, c.P, 14);
        Assert.Throws<ArgumentException>(() => Claims.Compare("x", "a", "b", "t", "f1", ClaimDirection.Greater, [1.0], [0.0], new CompareOptions(Margin: -1)));
    }
}
