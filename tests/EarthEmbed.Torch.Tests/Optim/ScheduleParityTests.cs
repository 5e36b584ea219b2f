using EarthEmbed.Torch.Optim;
using EarthEmbed.Torch.Tests.Reference;

namespace EarthEmbed.Torch.Tests.Optim;

/// <summary>Learning-rate sequences against PyTorch 1.13 (fixtures sched.* from Reference/cases_optim.py): the rate
/// (and the cycled momentum) of both parameter groups after construction and after every step.</summary>
public class ScheduleParityTests
{
    public static IEnumerable<object[]> Cases() => ReferenceFixtures.Cases("sched");

    /// <summary>The generator's optimiser: groups [p0] with lr 0.1 and [p1] with lr 0.01.</summary>
    private static Optimizer BuildOptimizer(string kind, Tensor[] p)
    {
        switch (kind)
        {
            case "sgd":
                var sgd = new SGD([p[0]], lr: 0.1, momentum: 0.9);
                sgd.AddParamGroup([p[1]], g => g.LearningRate = 0.01);
                return sgd;
            case "adam":
                var adam = new Adam([p[0]], lr: 0.1);
                adam.AddParamGroup([p[1]], g => g.LearningRate = 0.01);
                return adam;
            default:
                var adamw = new AdamW([p[0]], lr: 0.1);
                adamw.AddParamGroup([p[1]], g => g.LearningRate = 0.01);
                return adamw;
        }
    }

    private static LrScheduler BuildSchedule(Dictionary<string, string> c, Optimizer o) => c["kind"] switch
    {
        "step" => new StepLR(o, (int)c.Number("step_size", 0), c.Number("gamma", 0.1)),
        "cosine" => new CosineAnnealingLR(o, (int)c.Number("T_max", 0), c.Number("eta_min", 0)),
        "one_cycle" => new OneCycleLR(o, c.Number("max_lr", double.NaN), (int)c.Number("total_steps", 0),
            c.Number("pct_start", 0.3), c.GetValueOrDefault("anneal_strategy") == "linear" ? AnnealStrategy.Linear : AnnealStrategy.Cos,
            !c.TryGetValue("cycle_momentum", out var cm) || cm == "true", c.Number("base_momentum", 0.85),
            c.Number("max_momentum", 0.95), c.Number("div_factor", 25), c.Number("final_div_factor", 1e4), c.Flag("three_phase")),
        "plateau" => new ReduceLROnPlateau(o, c["mode"] == "max" ? PlateauMode.Max : PlateauMode.Min, c.Number("factor", 0.1),
            (int)c.Number("patience", 10), c.Number("threshold", 1e-4),
            c.GetValueOrDefault("threshold_mode") == "abs" ? ThresholdMode.Abs : ThresholdMode.Rel,
            (int)c.Number("cooldown", 0), c.Number("min_lr", 0)),
        _ => throw new ArgumentException($"unknown schedule '{c["kind"]}' in fixture metadata"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_learning_rate_sequence_matches_PyTorch(string name)
    {
        using var scope = DisposeScope.Enter();
        var f = Fixture.Load("sched", name, out var config);
        var p = new[] { Tensor.Zeros([2]).RequiresGrad_(), Tensor.Zeros([3]).RequiresGrad_() };
        using var optimizer = BuildOptimizer(config["optimizer"], p);
        var schedule = BuildSchedule(config, optimizer);
        var lrs = new List<double>();
        var momenta = new List<double>();
        void Record()
        {
            Assert.Equal(optimizer.ParamGroups.Select(g => g.LearningRate), schedule.LastLr);
            lrs.AddRange(optimizer.ParamGroups.Select(g => g.LearningRate));
            momenta.AddRange(optimizer.ParamGroups.Select(g => g.CycledMomentum!.Value));
        }
        Record();
        var steps = f["lr"].Size(0) - 1;
        var metrics = f.TryGetValue("metrics", out var m) ? m.ToArray<double>() : null;
        for (var k = 0; k < steps; k++)
        {
            optimizer.Step();
            if (schedule is ReduceLROnPlateau plateau) plateau.Step(metrics![k]);
            else ((EpochLrScheduler)schedule).Step();
            Record();
        }
        using var actualLr = Tensor.FromArray(lrs.ToArray(), steps + 1, 2);
        using var actualMomentum = Tensor.FromArray(momenta.ToArray(), steps + 1, 2);
        ReferenceFixtures.AssertClose(f["lr"], actualLr, 0, 0, $"{name}: lr");
        ReferenceFixtures.AssertClose(f["momentum"], actualMomentum, 0, 0, $"{name}: momentum");
    }

    [Fact]
    public void OneCycleLR_refuses_to_step_past_its_total()
    {
        using var scope = DisposeScope.Enter();
        var p = Tensor.Zeros([2]).RequiresGrad_();
        using var sgd = new SGD([p], lr: 0.1, momentum: 0.9);
        var schedule = new OneCycleLR(sgd, maxLr: 1.0, totalSteps: 4);
        for (var k = 0; k < 4; k++) schedule.Step();
        var e = Assert.Throws<InvalidOperationException>(schedule.Step);
        Assert.Contains("total steps is 4", e.Message);
        Assert.Equal(4, schedule.LastEpoch);
    }

    [Fact]
    public void StepLR_halves_the_rate_every_step_size_steps()
    {
        using var scope = DisposeScope.Enter();
        var p = Tensor.Zeros([2]).RequiresGrad_();
        using var sgd = new SGD([p], lr: 0.8);
        var schedule = new StepLR(sgd, stepSize: 2, gamma: 0.5);
        var seen = new List<double> { schedule.Lr };
        for (var k = 0; k < 5; k++)
        {
            schedule.Step();
            seen.Add(schedule.Lr);
        }
        Assert.Equal([0.8, 0.8, 0.4, 0.4, 0.2, 0.2], seen);
    }

    [Fact]
    public void A_schedule_restored_from_its_state_continues_the_same_sequence()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Zeros([2]).RequiresGrad_();
        var b = Tensor.Zeros([2]).RequiresGrad_();
        using var first = new SGD([a], lr: 0.1);
        var original = new CosineAnnealingLR(first, tMax: 7, etaMin: 0.01);
        for (var k = 0; k < 9; k++) original.Step();
        using var second = new SGD([b], lr: 0.1);
        var resumed = new CosineAnnealingLR(second, tMax: 7, etaMin: 0.01);
        using (var state = first.StateDict()) second.LoadStateDict(state);
        resumed.LoadStateDict(original.StateDict());
        for (var k = 0; k < 6; k++)
        {
            original.Step();
            resumed.Step();
            Assert.Equal(original.Lr, resumed.Lr);
        }
    }

    [Fact]
    public void ReduceLROnPlateau_respects_a_minimum_rate_per_group()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.Zeros([2]).RequiresGrad_();
        var b = Tensor.Zeros([2]).RequiresGrad_();
        using var sgd = new SGD([a], lr: 1.0);
        sgd.AddParamGroup([b]);
        var plateau = new ReduceLROnPlateau(sgd, factor: 0.5, patience: 0, minLrPerGroup: [0.3, 0.05]);
        foreach (var metric in new[] { 1.0, 1.0, 1.0, 1.0, 1.0 }) plateau.Step(metric);
        // Four plateaus after the first (best) metric: 1 -> 0.5 -> 0.3 (floored) for group 0; 1 -> 0.0625 for group 1.
        Assert.Equal([0.3, 0.0625], plateau.LastLr);
        Assert.Equal(0, plateau.NumBadEpochs);
    }
}
