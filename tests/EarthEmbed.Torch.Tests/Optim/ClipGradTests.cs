using EarthEmbed.Torch.Optim;
using EarthEmbed.Torch.Tests.Reference;

namespace EarthEmbed.Torch.Tests.Optim;

/// <summary>clip_grad_norm_ / clip_grad_value_ against PyTorch (fixtures clip.* from Reference/cases_optim.py).</summary>
public class ClipGradTests
{
    public static IEnumerable<object[]> Cases() => ReferenceFixtures.Cases("clip");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clipping_matches_PyTorch(string name)
    {
        using var scope = DisposeScope.Enter();
        var f = Fixture.Load("clip", name, out var config);
        var p = new[] { Tensor.Zeros([3, 4]), Tensor.Zeros([5]), Tensor.Zeros([2, 2]) };
        foreach (var t in p) t.RequiresGrad = true;
        p[0].Grad = f["g0"].Clone();
        p[1].Grad = f["g1"].Clone();
        if (config["mode"] == "norm")
        {
            var total = ClipGrad.Norm(p, config.Number("max_norm", double.NaN), config.Number("norm_type", double.NaN));
            Assert.Equal(f["total_norm"].ToDouble(), total, 6);
            Assert.Equal((float)f["total_norm"].ToDouble(), (float)total);
        }
        else
        {
            ClipGrad.Value(p, config.Number("clip_value", double.NaN));
        }
        ReferenceFixtures.AssertClose(f["clipped0"], p[0].Grad!, 1e-6, 1e-7, $"{name}: grad 0");
        ReferenceFixtures.AssertClose(f["clipped1"], p[1].Grad!, 1e-6, 1e-7, $"{name}: grad 1");
        Assert.Null(p[2].Grad);
    }

    [Fact]
    public void The_norm_of_two_gradients_is_the_norm_of_their_norms_and_scales_them_to_max_norm()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Zeros([2]).RequiresGrad_();
        var b = Tensor.Zeros([1]).RequiresGrad_();
        a.Grad = Tensor.FromArray(new float[] { 3, 0 });
        b.Grad = Tensor.FromArray(new float[] { 4 });  // sqrt(3^2 + 4^2) = 5
        var total = ClipGrad.Norm([a, b], maxNorm: 1);
        Assert.Equal(5.0, total, 5);
        var scale = 1 / (5 + 1e-6);
        Assert.Equal(3 * scale, a.Grad!.ToArray<float>()[0], 5);
        Assert.Equal(4 * scale, b.Grad!.ToArray<float>()[0], 5);
    }

    [Fact]
    public void Without_gradients_the_norm_is_zero_and_a_non_finite_norm_can_be_an_error()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Zeros([2]).RequiresGrad_();
        Assert.Equal(0.0, ClipGrad.Norm([a], 1.0));
        a.Grad = Tensor.FromArray(new float[] { float.NaN, 1 });
        var e = Assert.Throws<InvalidOperationException>(() => ClipGrad.Norm([a], 1.0, errorIfNonfinite: true));
        Assert.Contains("NaN", e.Message);
    }
}
