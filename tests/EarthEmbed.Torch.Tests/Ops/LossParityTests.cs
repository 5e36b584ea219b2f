using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Losses with every reduction against PyTorch (fixtures from Reference/cases_ops_loss.py).</summary>
public class LossParityTests
{
    private const string Group = "opsloss";

    private static readonly Dictionary<string, Func<OpInputs, Tensor[]>> Cases = Build();

    private static Dictionary<string, Func<OpInputs, Tensor[]>> Build()
    {
        var cases = new Dictionary<string, Func<OpInputs, Tensor[]>>
        {
            ["mse_target_grad"] = x => [F.MseLoss(x["x"], x["t"])],
            ["smooth_l1_beta1_mean"] = x => [F.SmoothL1Loss(x["x"], x["t"])],
            ["smooth_l1_beta05_sum"] = x => [F.SmoothL1Loss(x["x"], x["t"], Reduction.Sum, beta: 0.5)],
            ["smooth_l1_beta2_none"] = x => [F.SmoothL1Loss(x["x"], x["t"], Reduction.None, beta: 2.0)],
            ["smooth_l1_beta0_mean"] = x => [F.SmoothL1Loss(x["x"], x["t"], beta: 0.0)],
            ["huber_delta05_mean"] = x => [F.HuberLoss(x["x"], x["t"], delta: 0.5)],
            ["huber_delta2_none"] = x => [F.HuberLoss(x["x"], x["t"], Reduction.None, delta: 2.0)],

            ["bce_logits_mean"] = x => [F.BinaryCrossEntropyWithLogits(x["x"], x["t"])],
            ["bce_logits_weight"] = x => [F.BinaryCrossEntropyWithLogits(x["x"], x["t"], weight: x["wt"])],
            ["bce_logits_pos_weight"] = x => [F.BinaryCrossEntropyWithLogits(x["x"], x["t"], posWeight: x["pw"])],
            ["bce_logits_both_sum"] = x =>
                [F.BinaryCrossEntropyWithLogits(x["x"], x["t"], x["wt"], x["pw"], Reduction.Sum)],
            ["bce_logits_none"] = x => [F.BinaryCrossEntropyWithLogits(x["x"], x["t"], posWeight: x["pw"], reduction: Reduction.None)],
            ["bce_probabilities"] = x => [F.BinaryCrossEntropy(F.Sigmoid(x["x"]), x["t"], x["wt"])],

            ["ce_mean"] = x => [F.CrossEntropy(x["x"], x["t"])],
            ["ce_sum"] = x => [F.CrossEntropy(x["x"], x["t"], reduction: Reduction.Sum)],
            ["ce_none"] = x => [F.CrossEntropy(x["x"], x["t"], reduction: Reduction.None)],
            ["ce_weight"] = x => [F.CrossEntropy(x["x"], x["t"], x["wt"])],
            ["ce_ignore_default"] = x => [F.CrossEntropy(x["x"], x["t"])],
            ["ce_ignore_none"] = x => [F.CrossEntropy(x["x"], x["t"], reduction: Reduction.None)],
            ["ce_ignore_custom_weight"] = x => [F.CrossEntropy(x["x"], x["t"], x["wt"], ignoreIndex: 3)],
            ["ce_smoothing"] = x => [F.CrossEntropy(x["x"], x["t"], labelSmoothing: 0.1)],
            ["ce_smoothing_weight_ignore"] = x => [F.CrossEntropy(x["x"], x["t"], x["wt"], labelSmoothing: 0.2)],
            ["ce_smoothing_sum"] = x => [F.CrossEntropy(x["x"], x["t"], reduction: Reduction.Sum, labelSmoothing: 0.3)],
            ["ce_spatial"] = x => [F.CrossEntropy(x["x"], x["t"], x["wt"])],
            ["ce_probabilities"] = x => [F.CrossEntropy(x["x"], x["t"])],
            ["ce_probabilities_weight_smoothing"] = x => [F.CrossEntropy(x["x"], x["t"], x["wt"], labelSmoothing: 0.1)],
            ["nll_weight_ignore"] = x => [F.NllLoss(F.LogSoftmax(x["x"], 1), x["t"], x["wt"])],
            ["nll_spatial_sum"] = x => [F.NllLoss(F.LogSoftmax(x["x"], 1), x["t"], reduction: Reduction.Sum)],
            ["kl_div_mean"] = x => [F.KlDiv(F.LogSoftmax(x["x"], 1), x["t"])],
            ["kl_div_log_target_sum"] = x => [F.KlDiv(F.LogSoftmax(x["x"], 1), x["t"].Log(), Reduction.Sum, logTarget: true)],
        };
        foreach (var (name, r) in new[] { ("none", Reduction.None), ("mean", Reduction.Mean), ("sum", Reduction.Sum) })
        {
            cases[$"mse_{name}"] = x => [F.MseLoss(x["x"], x["t"], r)];
            cases[$"l1_{name}"] = x => [F.L1Loss(x["x"], x["t"], r)];
        }
        return cases;
    }

    /// <summary>Every case the Python generator wrote.</summary>
    public static IEnumerable<object[]> Names => Reference.ReferenceFixtures.Cases(Group);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_PyTorch_in_values_dtypes_and_gradients(string name) => OpParity.Check(Group, name, Cases, 1e-5);

    [Fact]
    public void Python_and_CSharp_define_the_same_cases() => OpParity.AssertSameCases(Group, Cases.Keys);
}
