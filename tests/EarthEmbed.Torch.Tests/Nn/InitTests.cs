using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>The initialisers draw from the distributions torch.nn.init's formulas give (checked on large tensors
/// against the bound and the standard deviation worked out by hand); exact equality with PyTorch's draws for the same
/// seed is checked by the layer parity fixtures.</summary>
public class InitTests
{
    private static (double Min, double Max, double Mean, double Std) Stats(Tensor t)
    {
        var v = t.To(ScalarType.Float64).ToArray<double>();
        var mean = v.Average();
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return (v.Min(), v.Max(), mean, std);
    }

    [Fact]
    public void Linear_1000x1000_weight_is_uniform_within_one_over_sqrt_fan_in()
    {
        using var scope = DisposeScope.Enter();
        Engine.ManualSeed(0);
        using var layer = new Linear(1000, 1000);
        var bound = 1 / Math.Sqrt(1000);  // kaiming_uniform_(a = sqrt 5): sqrt(3) * sqrt(2 / 6) / sqrt(fan_in)
        var (min, max, mean, std) = Stats(layer.Weight);
        Assert.InRange(max, 0.999 * bound, bound);
        Assert.InRange(min, -bound, -0.999 * bound);
        Assert.InRange(Math.Abs(mean), 0, 0.01 * bound);
        Assert.InRange(std, 0.98 * bound / Math.Sqrt(3), 1.02 * bound / Math.Sqrt(3));
        var (bmin, bmax, _, _) = Stats(layer.Bias!);
        Assert.InRange(bmax, 0.9 * bound, bound);
        Assert.InRange(bmin, -bound, -0.9 * bound);
    }

    [Fact]
    public void Conv2d_weight_bound_uses_in_channels_times_kernel_area()
    {
        using var scope = DisposeScope.Enter();
        using var conv = new Conv2d(64, 128, 3);
        var bound = 1 / Math.Sqrt(64 * 9);
        var (min, max, _, std) = Stats(conv.Weight);
        Assert.InRange(max, 0.99 * bound, bound);
        Assert.InRange(min, -bound, -0.99 * bound);
        Assert.InRange(std, 0.98 * bound / Math.Sqrt(3), 1.02 * bound / Math.Sqrt(3));
    }

    [Fact]
    public void ConvTranspose2d_fan_in_is_taken_from_the_weights_second_dimension_as_PyTorch_does()
    {
        using var scope = DisposeScope.Enter();
        using var conv = new ConvTranspose2d(256, 16, 2, stride: 2);  // weight (256, 16, 2, 2): fan_in = 16 * 4
        var (_, max, _, _) = Stats(conv.Weight);
        Assert.InRange(max, 0.99 / Math.Sqrt(64), 1 / Math.Sqrt(64));
    }

    [Fact]
    public void Kaiming_normal_with_relu_gain_has_std_sqrt2_over_sqrt_fan_in()
    {
        using var scope = DisposeScope.Enter();
        var w = Tensor.Empty([500, 200, 3, 3]);
        Init.KaimingNormal_(w, nonlinearity: Nonlinearity.Relu);
        var (_, _, mean, std) = Stats(w);
        var expected = Math.Sqrt(2) / Math.Sqrt(200 * 9);
        Assert.InRange(std, 0.99 * expected, 1.01 * expected);
        Assert.InRange(Math.Abs(mean), 0, 0.01 * expected);
        Init.KaimingNormal_(w, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
        var fanOutStd = Math.Sqrt(2) / Math.Sqrt(500 * 9);
        Assert.InRange(Stats(w).Std, 0.99 * fanOutStd, 1.01 * fanOutStd);
    }

    [Fact]
    public void Xavier_uniform_and_normal_follow_Glorots_formula()
    {
        using var scope = DisposeScope.Enter();
        var w = Tensor.Empty([600, 400]);
        Init.XavierUniform_(w, gain: 2);
        var bound = 2 * Math.Sqrt(6.0 / 1000);
        var (min, max, _, _) = Stats(w);
        Assert.InRange(max, 0.999 * bound, bound);
        Assert.InRange(min, -bound, -0.999 * bound);
        Init.XavierNormal_(w);
        var std = Math.Sqrt(2.0 / 1000);
        Assert.InRange(Stats(w).Std, 0.99 * std, 1.01 * std);
    }

    [Fact]
    public void Truncated_normal_stays_in_bounds_with_the_truncated_std()
    {
        using var scope = DisposeScope.Enter();
        var w = Tensor.Empty([200_000]);
        Init.TruncNormal_(w, mean: 1, std: 0.5, a: 0, b: 2);  // +-2 sigma around the mean
        var (min, max, mean, std) = Stats(w);
        Assert.InRange(min, 0, 0.01);
        Assert.InRange(max, 1.99, 2);
        Assert.InRange(mean, 0.99, 1.01);
        // Std of a standard normal truncated to [-2, 2]: sqrt(1 - 2 * 2 phi(2) / (2 Phi(2) - 1)) = 0.8796.
        Assert.InRange(std, 0.99 * 0.5 * 0.8796, 1.01 * 0.5 * 0.8796);
    }

    [Fact]
    public void Gains_are_those_of_torch_nn_init()
    {
        Assert.Equal(1.0, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(5.0 / 3, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), Init.CalculateGain(Nonlinearity.LeakyRelu));
        Assert.Equal(Math.Sqrt(2 / 6.0), Init.CalculateGain(Nonlinearity.LeakyRelu, Math.Sqrt(5)), 12);
        Assert.Equal(0.75, Init.CalculateGain(Nonlinearity.Selu));
    }

    [Fact]
    public void Initialising_a_parameter_keeps_it_a_leaf_that_requires_grad()
    {
        using var scope = DisposeScope.Enter();
        using var layer = new Linear(3, 2);
        Init.XavierUniform_(layer.Weight);
        Init.Zeros_(layer.Bias!);
        Assert.True(layer.Weight.IsLeaf);
        Assert.True(layer.Weight.RequiresGrad);
        Assert.Equal(new float[] { 0, 0 }, layer.Bias!.ToArray<float>());
    }

    [Fact]
    public void Fan_of_a_vector_is_an_error_naming_the_shape()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<ArgumentException>(() => Init.XavierUniform_(Tensor.Empty([5])));
        Assert.Contains("[5]", e.Message, StringComparison.Ordinal);
    }
}
