using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary><see cref="SpectralNormConv2d"/> against torch.nn.utils.spectral_norm (fixtures from
/// Reference/cases_jointseg.py): the same outputs over two training forwards, the same power-iteration vectors,
/// the same weight gradient, and no update in evaluation mode.</summary>
public class SpectralNormTests
{
    public static IEnumerable<object[]> Cases() => ReferenceFixtures.Cases("jointseg", "sn_");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spectral_norm_matches_pytorch_in_training_and_evaluation(string name)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("jointseg", name);
        var w = f["state.weight_orig"];
        var bias = f.Tensors.ContainsKey("state.bias");
        using var conv = new SpectralNormConv2d(w.shape[1], w.shape[0], w.shape[2], stride: name.Contains("stride2", StringComparison.Ordinal) ? 2 : 1,
            padding: 1, bias: bias);
        conv.to(ScalarType.Float64);
        Checkpoint.LoadStateDict(conv, f.Tensors.Where(kv => kv.Key.StartsWith("state.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["state.".Length..], kv => kv.Value));
        conv.train();
        var y1 = conv.call(f["input"]);
        var y2 = conv.call(f["input"]);
        ReferenceFixtures.AssertClose(f["output1"], y1, 1e-9, 1e-12, "first training forward");
        ReferenceFixtures.AssertClose(f["output2"], y2, 1e-9, 1e-12, "second training forward");
        var state = conv.state_dict();
        ReferenceFixtures.AssertClose(f["weight_u"], state["weight_u"], 1e-9, 1e-12, "u after two power iterations");
        ReferenceFixtures.AssertClose(f["weight_v"], state["weight_v"], 1e-9, 1e-12, "v after two power iterations");
        // Our own u, not the fixture's: libtorch 2.10's power iteration differs from PyTorch 1.13's in the last bit.
        var trainedU = state["weight_u"].clone();
        y2.sum().backward();
        ReferenceFixtures.AssertClose(f["grad_weight_orig"], conv.WeightOrig.grad!, 1e-8, 1e-11, "gradient of weight_orig");
        conv.eval();
        ReferenceFixtures.AssertClose(f["eval_output"], conv.call(f["input"]), 1e-9, 1e-12, "evaluation forward");
        ReferenceFixtures.AssertClose(trainedU, conv.state_dict()["weight_u"], 0, 0, "u unchanged in evaluation");
    }

    [Fact]
    public void The_normalised_weight_has_spectral_norm_one_after_enough_iterations()
    {
        using var scope = NewDisposeScope();
        // The weight is random: with 50 iterations a close second singular value (ratio r) left an error of about r^100,
        // 6.6e-5 once on a run; 500 make it negligible for any ratio a random 4x27 matrix shows.
        using var conv = new SpectralNormConv2d(3, 4, 3, padding: 1, powerIterations: 500);
        conv.train();
        var w = conv.NormalizedWeight().detach().reshape(4, -1).to(ScalarType.Float64);
        // Largest singular value = sqrt(largest eigenvalue of W W^T), by power iteration on the small 4x4 matrix.
        var m = w.mm(w.t());
        var v = ones(new long[] { 4 }, ScalarType.Float64);
        for (var i = 0; i < 500; i++) v = m.mv(v).div(m.mv(v).norm());
        var sigma = Math.Sqrt(v.dot(m.mv(v)).ToDouble());
        Assert.Equal(1.0, sigma, 4);
    }
}
