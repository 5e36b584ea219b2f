namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Functional autograd (<see cref="Autograd.Grad"/>, higher-order gradients), detach and grad-mode regions
/// against PyTorch (fixtures from Reference/cases_ops_autograd.py).</summary>
public class AutogradParityTests
{
    private const string Group = "opsautograd";

    private static readonly Dictionary<string, Func<OpInputs, Tensor[]>> Cases = new()
    {
        ["double_backward"] = x =>
        {
            var a = x["x"];
            return [Autograd.Grad([(a.Pow(3) * a.Sin()).Sum()], [a], createGraph: true)[0]!];
        },
        ["grad_of_weight_and_loss"] = x =>
        {
            var loss = x["x"].MatMul(x["wt"]).Tanh().Pow(2).Sum();
            return [loss, Autograd.Grad([loss], [x["wt"]], createGraph: true)[0]!];
        },
        ["grad_outputs_nonscalar"] = x =>
        {
            var a = x["x"];
            return [Autograd.Grad([a.Exp() * a], [a], [x["v"]], createGraph: true)[0]!];
        },
        ["grad_without_graph"] = x => [Autograd.Grad([(x["x"] * x["x"].Log()).Sum()], [x["x"]])[0]!],
        ["detach_cuts_the_graph"] = x => [x["x"] * x["x"].Detach()],
        ["no_grad_region"] = x =>
        {
            Tensor y;
            using (GradMode.Disable()) y = x["x"] * 2;
            return [x["x"] * 3 + y, y];
        },
        ["enable_grad_inside_no_grad"] = x =>
        {
            Tensor y, z;
            using (GradMode.Disable())
            {
                using (GradMode.Enable()) y = x["x"] * x["x"];
                z = x["x"] * x["x"];
            }
            return [y, z];
        },
    };

    /// <summary>Every case the Python generator wrote.</summary>
    public static IEnumerable<object[]> Names => Reference.ReferenceFixtures.Cases(Group);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_PyTorch_in_values_and_gradients(string name) => OpParity.Check(Group, name, Cases, 1e-5);

    [Fact]
    public void Python_and_CSharp_define_the_same_cases() => OpParity.AssertSameCases(Group, Cases.Keys);
}
