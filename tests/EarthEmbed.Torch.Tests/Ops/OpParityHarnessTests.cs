namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>The parity harness fails when the C# side differs from PyTorch in value, gradient or dtype, so a passing
/// parity test means something.</summary>
public class OpParityHarnessTests
{
    private static void Fails(Func<OpInputs, Tensor[]> op)
    {
        var cases = new Dictionary<string, Func<OpInputs, Tensor[]>> { ["add_alpha"] = op };
        Assert.ThrowsAny<Exception>(() => OpParity.Check("ops", "add_alpha", cases, 1e-5));
    }

    [Fact]
    public void The_reference_op_passes() =>
        OpParity.Check("ops", "add_alpha", new Dictionary<string, Func<OpInputs, Tensor[]>> { ["add_alpha"] = x => [x["a"].Add(x["b"], 2.5)] }, 1e-5);

    [Fact]
    public void A_slightly_wrong_value_fails() => Fails(x => [x["a"].Add(x["b"], 2.5001)]);

    [Fact]
    public void A_wrong_gradient_fails() => Fails(x => [x["a"].Add(x["b"].Detach(), 2.5) + (x["b"] - x["b"].Detach())]);

    [Fact]
    public void A_wrong_dtype_fails() => Fails(x => [x["a"].Add(x["b"], 2.5).To(ScalarType.Float32)]);

    [Fact]
    public void A_missing_output_fails() => Fails(_ => []);

    [Fact]
    public void A_case_missing_on_the_CSharp_side_fails() =>
        Assert.ThrowsAny<Exception>(() => OpParity.AssertSameCases("ops", ["add_alpha"]));
}
