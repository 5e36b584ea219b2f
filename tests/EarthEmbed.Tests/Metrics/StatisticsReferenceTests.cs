using EarthEmbed.Metrics;
using EarthEmbed.Tests.Reference;

namespace EarthEmbed.Tests.Metrics;

/// <summary>The statistics against SciPy 1.10 and NumPy (fixtures from Reference/cases_stats.py).</summary>
public class StatisticsReferenceTests
{
    public static IEnumerable<object[]> WilcoxonCases() => ReferenceFixtures.Cases("stats", "wilcoxon.");

    public static IEnumerable<object[]> SignCases() => ReferenceFixtures.Cases("stats", "sign.");

    public static IEnumerable<object[]> SummaryCases() => ReferenceFixtures.Cases("stats", "summary.");

    public static IEnumerable<object[]> BootstrapCases() => ReferenceFixtures.Cases("stats", "bootstrap.");

    private static (double[] Values, Dictionary<string, string> Meta, Func<string, double> Scalar) Load(string name, string vector)
    {
        var f = ReferenceFixtures.Load("stats", name);
        return (ReferenceFixtures.Doubles(f[vector]), f.Meta, key => ReferenceFixtures.Doubles(f[key])[0]);
    }

    [Theory]
    [MemberData(nameof(WilcoxonCases))]
    public void Wilcoxon_matches_scipy_with_its_exact_or_normal_p(string name)
    {
        var f = ReferenceFixtures.Load("stats", name);
        var a = ReferenceFixtures.Doubles(f["a"]);
        var b = ReferenceFixtures.Doubles(f["b"]);
        var result = PairedTests.Wilcoxon(a, b);
        Assert.Equal(f.Meta["test"], result.Test);
        Assert.Equal(ReferenceFixtures.Doubles(f["statistic"])[0], result.Statistic, 9);
        var p = ReferenceFixtures.Doubles(f["p"])[0];
        Assert.True(Math.Abs(result.P - p) <= 1e-9 * p + 1e-15, $"{name}: p {result.P:R}, scipy {p:R}");
    }

    [Theory]
    [MemberData(nameof(SignCases))]
    public void Sign_test_matches_scipys_binomtest(string name)
    {
        var f = ReferenceFixtures.Load("stats", name);
        var result = PairedTests.Sign(ReferenceFixtures.Doubles(f["a"]), ReferenceFixtures.Doubles(f["b"]));
        Assert.Equal(int.Parse(f.Meta["n"], System.Globalization.CultureInfo.InvariantCulture), result.N);
        Assert.Equal(ReferenceFixtures.Doubles(f["statistic"])[0], result.Statistic);
        var p = ReferenceFixtures.Doubles(f["p"])[0];
        Assert.True(Math.Abs(result.P - p) <= 1e-9 * p, $"{name}: p {result.P:R}, scipy {p:R}");
    }

    [Theory]
    [MemberData(nameof(SummaryCases))]
    public void Mean_sd_median_and_quantiles_match_numpy(string name)
    {
        var (values, _, scalar) = Load(name, "values");
        Assert.Equal(scalar("mean"), Statistics.Mean(values), 12);
        Assert.Equal(scalar("sd"), Statistics.StandardDeviation(values), 12);
        Assert.Equal(scalar("median"), Statistics.Median(values), 12);
        Assert.Equal(scalar("q10"), Statistics.Quantile(values, 0.10), 12);
        Assert.Equal(scalar("q90"), Statistics.Quantile(values, 0.90), 12);
    }

    /// <summary>Different random streams, so not equal: at B = 20000 each end's Monte-Carlo error is about 0.02
    /// standard errors; a 90 % interval's ends (a plausible bug) sit 0.3 standard errors inside.</summary>
    [Theory]
    [MemberData(nameof(BootstrapCases))]
    public void Bootstrap_interval_of_the_mean_agrees_with_scipys_percentile_interval(string name)
    {
        var (values, _, scalar) = Load(name, "values");
        var ours = Bootstrap.Mean(values, seed: 5, resamples: 20000);
        var tolerance = 0.1 * scalar("se");
        Assert.True(Math.Abs(ours.Lo - scalar("lo")) < tolerance, $"{name}: lo {ours.Lo}, scipy {scalar("lo")} (± {tolerance})");
        Assert.True(Math.Abs(ours.Hi - scalar("hi")) < tolerance, $"{name}: hi {ours.Hi}, scipy {scalar("hi")} (± {tolerance})");
    }

    [Fact]
    public void Erfc_matches_scipy_to_near_double_precision_into_the_tail()
    {
        var f = ReferenceFixtures.Load("stats", "erfc.values");
        var x = ReferenceFixtures.Doubles(f["x"]);
        var expected = ReferenceFixtures.Doubles(f["erfc"]);
        for (var i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(Statistics.Erfc(x[i]) - expected[i]) <= 1e-13 * expected[i],
                $"erfc({x[i]:R}) = {Statistics.Erfc(x[i]):R}, scipy {expected[i]:R}");
    }
}
