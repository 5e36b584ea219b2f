using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Dropout's statistics: in training a fraction p of elements (or channels) becomes 0 and the rest are
/// scaled by exactly 1/(1-p); in evaluation it is the identity. The seeded masks equal PyTorch's bit for bit
/// (RandomParityTests); these tests check the contract itself on large samples, with bounds of about 7 standard
/// deviations so they never flake.</summary>
public class DropoutTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    public void Training_zeroes_a_fraction_p_and_scales_the_rest_by_one_over_one_minus_p(double p)
    {
        using var scope = DisposeScope.Enter();
        const int n = 200_000;
        var y = F.Dropout(Tensor.Ones([n], ScalarType.Float64), p, training: true).ToArray<double>();
        var zeros = y.Count(v => v == 0);
        var sd = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange((double)zeros / n, p - 7 * sd, p + 7 * sd);
        var scale = 1 / (1 - p);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(scale, v, 12));
        Assert.InRange(y.Average(), 1 - 7 * sd * scale, 1 + 7 * sd * scale);  // expectation preserved
    }

    [Fact]
    public void The_gradient_passes_only_through_kept_elements_with_the_same_scale()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Ones([1000], ScalarType.Float64).RequiresGrad_();
        var y = F.Dropout(x, 0.4, training: true);
        y.Sum().Backward();
        Assert.Equal(y.Detach().ToArray<double>(), x.Grad!.ToArray<double>());  // dy/dx = mask / (1 - p) = y for x = 1
    }

    [Fact]
    public void Evaluation_mode_and_p_zero_are_the_identity_and_p_one_zeroes_everything()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([50], ScalarType.Float64);
        Assert.True(F.Dropout(x, 0.5, training: false).Equal(x));
        Assert.True(F.Dropout(x, 0.0, training: true).Equal(x));
        Assert.Equal(0.0, F.Dropout(x, 1.0, training: true).Abs().Sum().ToDouble());
    }

    [Fact]
    public void Dropout2d_drops_whole_channels()
    {
        using var scope = DisposeScope.Enter();
        const double p = 0.5;
        var y = F.Dropout2d(Tensor.Ones([40, 100, 3, 3], ScalarType.Float64), p, training: true);
        var perChannelMin = y.Amin([2, 3]).ToArray<double>();
        var perChannelMax = y.Amax([2, 3]).ToArray<double>();
        for (var i = 0; i < perChannelMin.Length; i++)
        {
            Assert.Equal(perChannelMin[i], perChannelMax[i]);  // a channel is all zero or all kept
            Assert.True(perChannelMin[i] == 0 || Math.Abs(perChannelMin[i] - 2) < 1e-12);
        }
        var dropped = perChannelMin.Count(v => v == 0) / (double)perChannelMin.Length;
        var sd = Math.Sqrt(p * (1 - p) / perChannelMin.Length);
        Assert.InRange(dropped, p - 7 * sd, p + 7 * sd);
        Assert.True(F.Dropout2d(y, p, training: false).Equal(y));
    }
}
