using EarthEmbed.Models.Ridge;
using EarthEmbed.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Models;

/// <summary>The ridge baseline against NumPy (Reference/cases_ridge.py solves the same problem by least squares on
/// the augmented system, an SVD, not by the normal equations used here) and against a hand-worked example.</summary>
public class RidgeRegressionTests
{
    public static IEnumerable<object[]> Cases() => ReferenceFixtures.Cases("ridge");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streamed_fit_matches_NumPys_least_squares_solution(string name)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("ridge", name);
        var ridge = new RidgeRegression(f["lambda"].ToDouble());
        var x = f["features"];
        var y = f["targets"];
        var n = x.shape[0];
        for (long start = 0; start < n; start += 97)           // uneven batches, the last one short
        {
            var len = Math.Min(97, n - start);
            ridge.Accumulate(x.narrow(0, start, len), y.narrow(0, start, len));
        }
        Assert.Equal(n, ridge.Count);
        ridge.Fit();
        AssertMatches(f, ridge);
    }

    [Fact]
    public void Image_batches_with_masked_and_non_finite_pixels_give_the_same_fit_as_the_clean_rows()
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("ridge", "bands64_lambda1");
        var x = f["features"];                                   // (3000, 64) = 3 images of 20 x 50 pixels
        var y = f["targets"];                                    // (3000, 1)
        var images = x.reshape(3, 20, 50, 64).permute(0, 3, 1, 2).contiguous();
        var heights = y.reshape(3, 20, 50);
        var ridge = new RidgeRegression(1.0);
        ridge.Accumulate(images, heights);
        // junk that must be left out: masked pixels, a NaN band, an infinite target
        var junkX = randn(2, 64, 4, 4) * 1000.0;
        var junkY = randn(2, 4, 4) * 1000.0;
        ridge.Accumulate(junkX, junkY, zeros([2, 1, 4, 4], ScalarType.Bool));
        ridge.Accumulate(full([3, 64], double.NaN), ones(3));
        ridge.Accumulate(ones(2, 64), full([2], double.PositiveInfinity));
        Assert.Equal(3000, ridge.Count);
        ridge.Fit();
        AssertMatches(f, ridge);
        var predicted = ridge.Predict(images);
        Assert.Equal([3L, 1, 20, 50], predicted.shape);
        Assert.Equal(ScalarType.Float32, predicted.dtype);
        ReferenceFixtures.AssertClose(ridge.Predict(x).reshape(3, 20, 50).unsqueeze(1), predicted, 1e-6, 1e-5, "image vs row prediction");
    }

    [Fact]
    public void Hand_worked_example_one_band()
    {
        // x = 1, 2, 3, 4; y = 2, 4, 5, 9. mean x 2.5, population std sqrt(1.25); z = (x - 2.5) / sqrt(1.25).
        // sum z^2 = 4, sum z (y - 5) = (-1.5*-3 - 0.5*-1 + 0.5*0 + 1.5*4) / sqrt(1.25) = 11 / sqrt(1.25).
        // lambda = 1: coef = (11 / sqrt(1.25)) / (4 + 1) = 2.2 / sqrt(1.25); raw weight = coef / std = 1.76;
        // bias = 5 - 2.5 * 1.76 = 0.6.
        using var scope = NewDisposeScope();
        var ridge = new RidgeRegression(1.0);
        ridge.Accumulate(tensor([1.0, 2.0, 3.0, 4.0], [4, 1]), tensor([2.0, 4.0, 5.0, 9.0]));
        ridge.Fit();
        Assert.Equal(2.5, ridge.Mean![0], 12);
        Assert.Equal(Math.Sqrt(1.25), ridge.Std![0], 12);
        Assert.Equal(2.2 / Math.Sqrt(1.25), ridge.Coefficients![0, 0], 12);
        Assert.Equal(5.0, ridge.Intercept![0], 12);
        Assert.Equal(1.76, ridge.Weight![0, 0], 12);
        Assert.Equal(0.6, ridge.Bias![0], 12);
        Assert.Equal(0.6 + 1.76 * 10, ridge.Predict(tensor([10.0], [1, 1])).ToDouble(), 10);
    }

    [Fact]
    public void State_dict_round_trip_predicts_the_same()
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("ridge", "bands8_two_targets_offset");
        var ridge = new RidgeRegression(f["lambda"].ToDouble());
        ridge.Accumulate(f["features"], f["targets"]);
        ridge.Fit();
        var copy = RidgeRegression.FromStateDict(ridge.StateDict());
        Assert.Equal(ridge.Count, copy.Count);
        Assert.True(ridge.Predict(f["new_features"]).allclose(copy.Predict(f["new_features"]), 0, 0));
    }

    [Fact]
    public void Constant_band_without_penalty_is_reported_as_singular()
    {
        using var scope = NewDisposeScope();
        var x = cat([randn(50, 2), ones(50, 1)], 1);
        var ridge = new RidgeRegression(0);
        ridge.Accumulate(x, randn(50));
        var e = Assert.Throws<InvalidOperationException>(() => ridge.Fit());
        Assert.Contains("singular at feature 2", e.Message, StringComparison.Ordinal);
        var penalised = new RidgeRegression(0.1);
        penalised.Accumulate(x, randn(50));
        Assert.Equal(0.0, penalised.Fit().Coefficients![2, 0]);   // the constant band gets no weight
    }

    private static void AssertMatches(Fixture f, RidgeRegression ridge)
    {
        var (c, k) = (ridge.Features, ridge.Targets);
        ReferenceFixtures.AssertClose(f["mean"], tensor(ridge.Mean!), 1e-10, 1e-10, "mean");
        ReferenceFixtures.AssertClose(f["std"], tensor(ridge.Std!), 1e-10, 1e-12, "std");
        ReferenceFixtures.AssertClose(f["coef"], tensor(Flat(ridge.Coefficients!), [c, k]), 1e-8, 1e-9, "coef");
        ReferenceFixtures.AssertClose(f["intercept"], tensor(ridge.Intercept!), 1e-10, 1e-10, "intercept");
        ReferenceFixtures.AssertClose(f["weight"], tensor(Flat(ridge.Weight!), [c, k]), 1e-8, 1e-10, "weight");
        ReferenceFixtures.AssertClose(f["bias"], tensor(ridge.Bias!), 1e-8, 1e-8, "bias");
        var predicted = ridge.Predict(f["new_features"].to(ScalarType.Float64));
        ReferenceFixtures.AssertClose(f["predictions"], predicted, 1e-8, 1e-8, "predictions");
    }

    private static double[] Flat(double[,] a) => a.Cast<double>().ToArray();
}
