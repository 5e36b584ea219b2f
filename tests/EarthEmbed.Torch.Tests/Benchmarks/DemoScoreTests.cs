using EarthEmbed.Benchmarks.Demo;

namespace EarthEmbed.Torch.Tests.Benchmarks;

public class DemoScoreTests
{
    [Fact]
    public void Rmse_and_r2_match_a_hand_worked_example()
    {
        // observed 1 2 3 4 (mean 2.5, sum of squares about the mean 5), predicted 1 2 3 5 (one error of 1):
        // RMSE = sqrt(1/4) = 0.5; R2 = 1 - 1/5 = 0.8.
        using var scope = DisposeScope.Enter();
        var observed = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        var predicted = Tensor.FromArray(new float[] { 1, 2, 3, 5 }, 1, 1, 2, 2);
        var (rmse, r2) = DemoRun.Score(observed, predicted);
        Assert.Equal(0.5, rmse, 12);
        Assert.Equal(0.8, r2, 12);
    }

    [Fact]
    public void Pairs_with_a_nan_are_left_out_of_the_scores()
    {
        // valid pairs (1, 2) and (3, 3): RMSE = sqrt(1/2); observed mean 2, total 2, residual 1, R2 = 0.5.
        using var scope = DisposeScope.Enter();
        var observed = Tensor.FromArray(new float[] { 1, float.NaN, 3 }, 3);
        var predicted = Tensor.FromArray(new float[] { 2, 0, 3 }, 3);
        var (rmse, r2) = DemoRun.Score(observed, predicted);
        Assert.Equal(Math.Sqrt(0.5), rmse, 6);
        Assert.Equal(0.5, r2, 12);
    }

    [Fact]
    public void Tensors_of_different_shapes_cannot_be_scored()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<ArgumentException>(() => DemoRun.Score(Tensor.Zeros([2, 2]), Tensor.Zeros([4])));
        Assert.Contains("[2, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_synthetic_target_is_the_documented_function_of_the_first_four_bands()
    {
        using var scope = DisposeScope.Enter();
        // One pixel, bands b0..b5 = 0.3, -1, 2, 0.25, 9, 9: y = sin(0.6) + 0.5*(-2) + 0.5*tanh(0.5).
        var x = Tensor.FromArray(new float[] { 0.3f, -1, 2, 0.25f, 9, 9 }, 1, 6, 1, 1);
        var expected = Math.Sin(0.6) - 1 + 0.5 * Math.Tanh(0.5);
        Assert.Equal(expected, DemoData.Target(x).ToDouble(), 5);
    }
}
