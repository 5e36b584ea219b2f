using EarthEmbed.Engine.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Optim;

/// <summary>TorchSharp 0.107's own SGD, Adam and AdamW against PyTorch 1.13 (fixtures from Reference/cases_optim.py):
/// same float64 start, same gradients, five steps, two parameter groups, parameters compared after every step. Where
/// TorchSharp differs, the test says how, exactly.</summary>
public class OptimizerParityTests
{
    /// <summary>Far below the 1e-5 asked for: in float64 both libraries compute the same expression, so anything
    /// beyond rounding is a difference of algorithm.</summary>
    private const double Rtol = 1e-9;

    /// <summary>The cases where TorchSharp follows PyTorch (every optim.* fixture but those the tests below
    /// document as differences).</summary>
    private static readonly string[] Agreeing =
    [
        "sgd_plain", "sgd_momentum", "sgd_dampening", "sgd_nesterov", "sgd_weight_decay", "sgd_maximize",
        "adam", "adam_weight_decay", "adam_amsgrad", "adam_maximize",
        "adamw", "adamw_default_decay", "adamw_amsgrad_maximize",
    ];

    public static TheoryData<string> AgreeingCases => Cases(Agreeing);

    private static TheoryData<string> Cases(string[] names)
    {
        var data = new TheoryData<string>();
        foreach (var n in names) data.Add(n);
        return data;
    }

    private static readonly string[] DifferingCases = ["sgd_maximize_weight_decay"];

    public OptimizerParityTests() => TorchEngine.EnsureLoaded();

    [Theory]
    [MemberData(nameof(AgreeingCases))]
    public void Five_steps_of_TorchSharps_optimizer_follow_PyTorchs_trajectory(string name)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("optim", name, out var config);
        var p = Trajectory.StartingParameters(f);
        var s = Trajectory.Settings.From(config);
        using var optimizer = Trajectory.Build(s, [([p[0], p[2]], null), ([p[1]], s.Lr * 0.5)]);
        for (var k = 0; k < 5; k++)
        {
            Trajectory.SetGradients(f, p, k);
            optimizer.step();
            Trajectory.AssertParameters(f, p, k, Rtol, name);
        }
        // p2 never had a gradient: skipped and untouched.
        ReferenceFixtures.AssertClose(f["p2"], p[2], 0, 0, $"{name}: p2 (no gradient)");
    }

    [Fact]
    public void Every_optimizer_fixture_the_generator_writes_is_checked_here()
    {
        var covered = Agreeing.Concat(DifferingCases).Order(StringComparer.Ordinal);
        Assert.Equal(ReferenceFixtures.CasesOnDisk("optim"), covered);
    }

    /// <summary>PyTorch 1.13 negates the gradient for maximize before adding weight decay (d = -g + wd p; p -= lr d),
    /// TorchSharp adds the decay to the un-negated gradient and then ascends (d = g + wd p; p += lr d): with
    /// maximize, TorchSharp's weight decay pushes the weights away from zero instead of towards it. Without
    /// momentum the two are p + lr (g - wd p) and p + lr (g + wd p). Maximize without weight decay, and weight decay
    /// without maximize, agree (sgd_maximize, sgd_weight_decay above).</summary>
    [Fact]
    public void SGD_with_maximize_and_weight_decay_grows_the_weights_where_PyTorch_decays_them()
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("optim", "sgd_maximize_weight_decay", out var config);
        var s = Trajectory.Settings.From(config);
        Assert.True(s is { Kind: "sgd", Maximize: true, Momentum: 0 } && s.WeightDecay > 0);
        var p = Trajectory.StartingParameters(f);
        var lrs = new[] { s.Lr, s.Lr * 0.5, s.Lr };
        using var optimizer = Trajectory.Build(s, [([p[0], p[2]], null), ([p[1]], s.Lr * 0.5)]);
        var pytorchFormula = new[] { f["p0"].clone(), f["p1"].clone() };
        var torchSharpFormula = new[] { f["p0"].clone(), f["p1"].clone() };
        for (var k = 0; k < 5; k++)
        {
            Trajectory.SetGradients(f, p, k);
            optimizer.step();
            for (var j = 0; j < 2; j++)
            {
                if (!f.TryGetValue($"g{k}.{j}", out var g)) continue;
                pytorchFormula[j] = pytorchFormula[j] + lrs[j] * (g - s.WeightDecay * pytorchFormula[j]);
                torchSharpFormula[j] = torchSharpFormula[j] + lrs[j] * (g + s.WeightDecay * torchSharpFormula[j]);
                ReferenceFixtures.AssertClose(f[$"after{k}.{j}"], pytorchFormula[j], Rtol, 0, $"PyTorch's rule, p{j} step {k + 1}");
                ReferenceFixtures.AssertClose(torchSharpFormula[j], p[j], Rtol, 0, $"TorchSharp's rule, p{j} step {k + 1}");
            }
        }
        Assert.True(ReferenceFixtures.ScaledError(f["after4.0"], p[0]) > 1e-3, "TorchSharp now follows PyTorch here: move the case to AgreeingCases");
    }

    /// <summary>torch.optim.AdamW's weight_decay defaults to 0.01 in PyTorch and to 0 in TorchSharp
    /// (<c>optim.AdamW(parameters, lr)</c> is plain Adam there): always pass weight_decay.</summary>
    [Fact]
    public void AdamW_decays_no_weight_by_default_where_PyTorchs_decays_by_one_percent()
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("optim", "adamw_default_decay", out var config);
        Assert.False(config.ContainsKey("weight_decay"));
        var p = Trajectory.StartingParameters(f);
        using var defaults = optim.AdamW([p[0], p[2]], lr: config.Number("lr", double.NaN));
        var adam = Trajectory.StartingParameters(f);
        using var plainAdam = optim.Adam([adam[0], adam[2]], lr: config.Number("lr", double.NaN));
        for (var k = 0; k < 5; k++)
        {
            Trajectory.SetGradients(f, p, k);
            Trajectory.SetGradients(f, adam, k);
            defaults.step();
            plainAdam.step();
        }
        ReferenceFixtures.AssertClose(adam[0], p[0], 1e-12, 0, "TorchSharp's default AdamW against Adam");
        Assert.True(ReferenceFixtures.ScaledError(f["after4.0"], p[0]) > 1e-5, "TorchSharp's AdamW default now matches PyTorch's");
    }
}
