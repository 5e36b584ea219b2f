using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Finite-difference gradient checks, independent of PyTorch: for f(inputs) and a fixed upstream gradient g,
/// the analytic gradient of sum(f · g) from <see cref="Autograd.Grad"/> must match central differences
/// (L(x + h) - L(x - h)) / 2h in float64 for every element of every input.</summary>
public class GradCheckTests
{
    private const double Step = 1e-6;

    /// <summary>Deterministic, irregular values in about [-1.5, 1.5] (no generator involved).</summary>
    private static Tensor Values(params long[] shape)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = 1.5 * Math.Sin(1.3 * i + 0.7 * Math.Cos(0.37 * i * i));
        return Tensor.FromArray(v, shape);
    }

    /// <summary>Returns the largest |analytic - numeric| / (1e-6 + 1e-5 |analytic|) seen; callers assert it is below 1.</summary>
    private static double WorstError(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        using var scope = DisposeScope.Enter();
        foreach (var x in inputs) x.RequiresGrad_();
        var output = f(inputs);
        var g = Values(output.Shape).Add(0.25);
        var analytic = Autograd.Grad([(output * g).Sum()], inputs, allowUnused: true);
        var worst = 0.0;
        using (GradMode.Disable())
        {
            double Loss() => (f(inputs) * g).Sum().ToDouble();
            for (var k = 0; k < inputs.Length; k++)
            {
                var span = inputs[k].AsSpan<double>();
                var exact = analytic[k]?.ToArray<double>() ?? new double[span.Length];
                for (var i = 0; i < span.Length; i++)
                {
                    var keep = span[i];
                    span[i] = keep + Step;
                    var up = Loss();
                    span[i] = keep - Step;
                    var down = Loss();
                    span[i] = keep;
                    var numeric = (up - down) / (2 * Step);
                    worst = Math.Max(worst, Math.Abs(numeric - exact[i]) / (1e-6 + 1e-5 * Math.Abs(exact[i])));
                }
            }
        }
        return worst;
    }

    private static void Passes(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var worst = WorstError(f, inputs);
        Assert.True(worst < 1, $"analytic and numeric gradients differ by {worst:F2} x the tolerance");
    }

    [Fact]
    public void Conv2d_with_stride_padding_dilation_and_groups()
    {
        using var scope = DisposeScope.Enter();
        Passes(t => F.Conv2d(t[0], t[1], t[2], stride: 2, padding: 1, dilation: 1, groups: 2),
            Values(1, 4, 5, 5), Values(4, 2, 3, 3).Mul(0.5), Values(4));
    }

    [Fact]
    public void Conv_transpose2d_with_output_padding()
    {
        using var scope = DisposeScope.Enter();
        Passes(t => F.ConvTranspose2d(t[0], t[1], t[2], stride: 2, padding: 1, outputPadding: 1),
            Values(1, 2, 3, 3), Values(2, 3, 3, 3), Values(3));
    }

    [Fact]
    public void Layer_norm_with_affine_parameters()
    {
        using var scope = DisposeScope.Enter();
        Passes(t => F.LayerNorm(t[0], [2, 4], t[1], t[2]), Values(3, 2, 4), Values(2, 4).Add(1), Values(2, 4));
    }

    [Fact]
    public void Group_norm_and_batch_norm_in_training()
    {
        using var scope = DisposeScope.Enter();
        Passes(t => F.GroupNorm(t[0], 2, t[1], t[2]), Values(2, 4, 2, 3), Values(4).Add(1), Values(4));
        Passes(t => F.BatchNorm(t[0], null, null, t[1], t[2], training: true), Values(3, 2, 2, 2), Values(2).Add(1), Values(2));
    }

    [Fact]
    public void Softmax_and_log_softmax()
    {
        using var scope = DisposeScope.Enter();
        Passes(t => F.Softmax(t[0], 1), Values(3, 5).Mul(2));
        Passes(t => F.LogSoftmax(t[0], 0), Values(3, 5).Mul(2));
    }

    [Fact]
    public void Bilinear_interpolation_both_corner_conventions()
    {
        using var scope = DisposeScope.Enter();
        Passes(t => F.Interpolate(t[0], size: [5, 7], mode: InterpolationMode.Bilinear), Values(1, 2, 3, 4));
        Passes(t => F.Interpolate(t[0], scale: 1.5, mode: InterpolationMode.Bilinear, alignCorners: true), Values(1, 2, 3, 4));
    }

    [Fact]
    public void Cross_entropy_with_weights_and_smoothing()
    {
        using var scope = DisposeScope.Enter();
        var target = Tensor.FromArray<long>([0, 2, 1, -100, 2]);
        var weight = Tensor.FromArray<double>([0.5, 1.0, 2.0]);
        Passes(t => F.CrossEntropy(t[0], target, weight, labelSmoothing: 0.1), Values(5, 3).Mul(2));
    }

    [Fact]
    public void A_composite_segmentation_head()
    {
        using var scope = DisposeScope.Enter();
        Passes(t =>
        {
            var h = F.Gelu(F.GroupNorm(F.Conv2d(t[0], t[1], padding: 1), 2));
            var up = F.Interpolate(F.AvgPool2d(h, 2), scale: 2, mode: InterpolationMode.Bilinear);
            return F.Softmax(up * t[2], 1).Mul(F.Sigmoid(t[0].Sum(1, keepDim: true)));
        }, Values(1, 2, 4, 4), Values(4, 2, 3, 3).Mul(0.4), Values(1, 4, 1, 1));
    }

    [Fact]
    public void The_check_notices_a_wrong_analytic_gradient()
    {
        using var scope = DisposeScope.Enter();
        // x * detach(x) has autograd gradient x but true derivative 2x: the check must fail.
        Assert.True(WorstError(t => t[0] * t[0].Detach(), Values(6)) > 100);
    }
}
