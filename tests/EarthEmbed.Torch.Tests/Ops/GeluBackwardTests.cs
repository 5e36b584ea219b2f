using EarthEmbed.Torch;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>GELU's gradient equals the closed form d/dx [x Φ(x)] = Φ(x) + x φ(x) (exact) and the tanh form's
/// derivative, also when the gradient arriving from above is not contiguous: libtorch 1.13's own CPU gelu_backward
/// gets that case wrong (PyTorch 1.13 reproduces it), so <c>Functional.Gelu</c> works around it; these tests fail
/// against the plain aten::gelu.</summary>
public class GeluBackwardTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("tanh")]
    public void Gelu_gradients_match_the_closed_form_over_many_steps(string approximate)
    {
        for (var step = 0; step < 50; step++)
        {
            using var scope = DisposeScope.Enter();
            var x = Tensor.Linspace(-4, 4, 40_000).Reshape([200, 200]).Transpose(0, 1).RequiresGrad_();  // large enough for the parallel kernel; non-contiguous
            var y = F.Gelu(x * 1.0, approximate);
            var noise = Tensor.Randn([64, 64]).MatMul(Tensor.Randn([64, 64])).Sum();  // other work between forward and backward
            ((y * 1.0).Sum() + noise * 0).Backward();
            var xs = x.Detach().Contiguous().ToArray<float>();
            var grads = x.Grad!.Contiguous().ToArray<float>();
            x.Grad!.Zero_();
            for (var k = 0; k < xs.Length; k++)
            {
                var expected = approximate == "none" ? ExactDerivative(xs[k]) : TanhDerivative(xs[k]);
                Assert.True(Math.Abs(grads[k] - expected) < 1e-5, $"step {step}, x={xs[k]}: grad {grads[k]}, expected {expected}");
            }
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("tanh")]
    public void Gelu_gradients_are_right_when_the_incoming_gradient_is_not_contiguous(string approximate)
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([64, 20, 32]).RequiresGrad_();
        var upstream = Tensor.Randn([20, 32, 64]);
        // permute's backward hands gelu a permuted, non-contiguous gradient: upstream.permute(2, 0, 1)
        (F.Gelu(x, approximate).Permute(1, 2, 0) * upstream).Sum().Backward();
        var xs = x.Detach().ToArray<float>();
        var grads = x.Grad!.ToArray<float>();
        var g = upstream.Permute(2, 0, 1).Contiguous().ToArray<float>();
        for (var k = 0; k < xs.Length; k++)
        {
            var expected = g[k] * (approximate == "none" ? ExactDerivative(xs[k]) : TanhDerivative(xs[k]));
            Assert.True(Math.Abs(grads[k] - expected) < 1e-4, $"x={xs[k]}: grad {grads[k]}, expected {expected}");
        }
    }

    [Fact]
    public void Gelu_without_autograd_gives_the_same_values_as_with_it()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([1000]);
        var plain = F.Gelu(x).ToArray<float>();
        var traced = F.Gelu(x.Clone().RequiresGrad_()).Detach().ToArray<float>();
        for (var k = 0; k < plain.Length; k++) Assert.True(Math.Abs(plain[k] - traced[k]) < 1e-6, $"{plain[k]} vs {traced[k]}");
    }

    private static double ExactDerivative(double x) =>
        0.5 * (1 + Erf(x / Math.Sqrt(2))) + x * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    private static double TanhDerivative(double x)
    {
        var c = Math.Sqrt(2 / Math.PI);
        var inner = c * (x + 0.044715 * x * x * x);
        var t = Math.Tanh(inner);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x);
    }

    private static double Erf(double x)
    {
        // erf by its Maclaurin series for |x| <= 3, complementary continued fraction beyond (double accuracy ~1e-12).
        var ax = Math.Abs(x);
        double r;
        if (ax <= 3)
        {
            double sum = ax, term = ax;
            for (var n = 1; n < 200; n++)
            {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
                if (Math.Abs(term) < 1e-17) break;
            }
            r = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            double f = 0;
            for (var n = 60; n >= 1; n--) f = n / 2.0 / (ax + f);
            r = 1 - Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -r : r;
    }
}
