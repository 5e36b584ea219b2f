namespace EarthEmbed.Torch.Tests.Reference;

public class ReferencePipelineTests
{
    [Fact]
    public void A_fixture_written_by_PyTorch_loads_and_its_gradient_is_reproduced()
    {
        using var scope = DisposeScope.Enter();
        var f = ReferenceFixtures.Load("basics", "mul_exp_sum");
        var a = f["a"].RequiresGrad_();
        var y = (a * f["b"]).Exp().Sum();
        y.Backward();
        ReferenceFixtures.AssertClose(f["out"], y, 1e-12, 1e-12, "out");
        ReferenceFixtures.AssertClose(f["grad_a"], a.Grad!, 1e-12, 1e-12, "grad");
    }

    [Fact]
    public void AssertClose_fails_when_one_element_is_off()
    {
        using var scope = DisposeScope.Enter();
        var e = Tensor.FromArray(new double[] { 1, 2, 3 });
        var a = Tensor.FromArray(new double[] { 1, 2, 3.1 });
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ReferenceFixtures.AssertClose(e, a, 1e-5, 1e-6));
    }
}
