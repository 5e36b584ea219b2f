using EarthEmbed.Benchmarks.Demo;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class DemoScoreTests
{
    public DemoScoreTests() => TorchEngine.EnsureLoaded();

    [Fact]
    public void Rmse_and_r2_match_a_hand_worked_example()
    {
        // observed 1 2 3 4 (mean 2.5, sum of squares about the mean 5), predicted 1 2 3 5 (one error of 1):
        // RMSE = sqrt(1/4) = 0.5; R2 = 1 - 1/5 = 0.8.
        using var scope = NewDisposeScope();
        var observed = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        var predicted = tensor(new float[] { 1, 2, 3, 5 }).reshape(1, 1, 2, 2);
        var (rmse, r2) = DemoRun.Score(observed, predicted);
        Assert.Equal(0.5, rmse, 12);
        Assert.Equal(0.8, r2, 12);
    }

    [Fact]
    public void Pairs_with_a_nan_are_left_out_of_the_scores()
    {
        // valid pairs (1, 2) and (3, 3): RMSE = sqrt(1/2); observed mean 2, total 2, residual 1, R2 = 0.5.
        using var scope = NewDisposeScope();
        var observed = tensor(new float[] { 1, float.NaN, 3 });
        var predicted = tensor(new float[] { 2, 0, 3 });
        var (rmse, r2) = DemoRun.Score(observed, predicted);
        Assert.Equal(Math.Sqrt(0.5), rmse, 6);
        Assert.Equal(0.5, r2, 12);
    }

    [Fact]
    public void A_non_contiguous_view_is_scored_element_by_element_in_its_logical_order()
    {
        // the transpose of [[1, 2], [3, 4]] against [[1, 3], [2, 5]]: one error of 1 at the last element, as above.
        using var scope = NewDisposeScope();
        var observed = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2).t();
        var predicted = tensor(new float[] { 1, 3, 2, 5 }).reshape(2, 2);
        var (rmse, r2) = DemoRun.Score(observed, predicted);
        Assert.Equal(0.5, rmse, 12);
        Assert.Equal(0.8, r2, 12);
    }

    [Fact]
    public void Tensors_of_different_shapes_cannot_be_scored()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => DemoRun.Score(zeros(2, 2), zeros(4)));
        Assert.Contains("[2, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_synthetic_target_is_the_documented_function_of_the_first_four_bands()
    {
        using var scope = NewDisposeScope();
        // One pixel, bands b0..b5 = 0.3, -1, 2, 0.25, 9, 9: y = sin(0.6) + 0.5*(-2) + 0.5*tanh(0.5).
        var x = tensor(new float[] { 0.3f, -1, 2, 0.25f, 9, 9 }).reshape(1, 6, 1, 1);
        var expected = Math.Sin(0.6) - 1 + 0.5 * Math.Tanh(0.5);
        var y = DemoData.Target(x);
        Assert.Equal([1L, 1, 1, 1], y.shape);
        Assert.Equal(expected, y.item<float>(), 5);
    }

    [Fact]
    public void Generated_tiles_have_the_asked_shapes_and_targets_within_the_noise_of_the_function()
    {
        using var scope = NewDisposeScope();
        manual_seed(3).Dispose();
        var (x, y) = DemoData.Generate(4, 6, 16, 0.1);
        Assert.Equal([4L, 6, 16, 16], x.shape);
        Assert.Equal([4L, 1, 16, 16], y.shape);
        var residual = (y - DemoData.Target(x)).std().item<float>();
        Assert.InRange(residual, 0.08, 0.12); // the added noise, standard deviation 0.1, over 1024 pixels
    }
}
