using EarthEmbed.Engine.Tests.Reference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace EarthEmbed.Engine.Tests.Optim;

/// <summary>TorchSharp 0.107's StepLR, CosineAnnealingLR, OneCycleLR and ReduceLROnPlateau driving its own SGD, Adam
/// and AdamW, against PyTorch 1.13 (sched.* fixtures of Reference/cases_optim.py): the learning rate (and SGD's
/// momentum or Adam's beta1) of every group after construction and after every step, and the parameters after every
/// step. Where TorchSharp differs, the test says how, exactly.</summary>
public class ScheduleParityTests
{
    private const double Rtol = 1e-9;

    private static readonly string[] Agreeing =
    [
        "step_lr", "cosine", "cosine_adamw", "one_cycle_adamw", "one_cycle_sgd_linear_three_phase", "plateau_min", "plateau_max_abs",
    ];

    public static TheoryData<string> AgreeingCases => Cases(Agreeing);

    private static TheoryData<string> Cases(string[] names)
    {
        var data = new TheoryData<string>();
        foreach (var n in names) data.Add(n);
        return data;
    }

    private static readonly string[] DifferingCases = ["one_cycle_two_groups", "one_cycle_to_the_last_step"];

    public ScheduleParityTests() => TorchEngine.EnsureLoaded();

    /// <summary>What a run of TorchSharp's optimiser and schedule recorded, in the fixture's layout.</summary>
    private sealed record Run(double[,] Lr, double[,] Momentum, LRScheduler Schedule);

    [Theory]
    [MemberData(nameof(AgreeingCases))]
    public void TorchSharps_schedule_sets_PyTorchs_learning_rates_and_momenta_and_the_parameters_follow(string name)
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("sched", name, out var c);
        var run = Replay(f, c, name, checkParameters: true);
        AssertRows(f["lr"], run.Lr, 0, run.Lr.GetLength(0), name + ": lr");
        AssertRows(f["momentum"], run.Momentum, 0, run.Momentum.GetLength(0), name + ": momentum");
    }

    [Fact]
    public void Every_schedule_fixture_the_generator_writes_is_checked_here()
    {
        var covered = Agreeing.Concat(DifferingCases).Order(StringComparer.Ordinal);
        Assert.Equal(ReferenceFixtures.CasesOnDisk("sched"), covered);
    }

    /// <summary>TorchSharp's OneCycleLR.get_lr tests <c>i == phases - 1</c> with <c>i</c> the parameter group's
    /// index where PyTorch's <c>i</c> is the phase's (LRScheduler.cs, OneCycleLR.get_lr). Group 0 is unaffected
    /// (while steps stay below total_steps, see below), but in a two-phase schedule group 1 always takes the first
    /// (warm-up) phase, extrapolated past its end: its learning rate keeps following the warm-up cosine, back down
    /// towards initial_lr, instead of annealing to min_lr; and its momentum likewise. (In a three-phase schedule the
    /// same happens to group 2.) EarthEmbed's Trainer uses one parameter group, so it is not affected.</summary>
    [Fact]
    public void OneCycleLR_with_two_parameter_groups_keeps_the_second_group_on_its_warm_up_phase_unlike_PyTorch()
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("sched", "one_cycle_two_groups", out var c);
        var run = Replay(f, c, "one_cycle_two_groups", checkParameters: false);
        var steps = run.Lr.GetLength(0);
        AssertColumn(f["lr"], run.Lr, 0, "group 0 lr");
        AssertColumn(f["momentum"], run.Momentum, 0, "group 0 momentum");

        var total = (int)c.Number("total_steps", double.NaN);
        var maxLr = c.Numbers("max_lr")[1];
        var initialLr = maxLr / 25;
        var warmUpEnd = 0.3 * total - 1;
        for (var k = 0; k < steps; k++)
        {
            var cos = Math.Cos(Math.PI * (k / warmUpEnd)) + 1;
            Assert.Equal(maxLr + (initialLr - maxLr) / 2 * cos, run.Lr[k, 1], 12);
            Assert.Equal(0.85 + (0.95 - 0.85) / 2 * cos, run.Momentum[k, 1], 12);
        }
        var pytorch = f["lr"].data<double>().ToArray();
        Assert.Equal(pytorch[2 * 1 + 1], run.Lr[1, 1], 12);  // the same during the warm-up
        Assert.True(Math.Abs(pytorch[2 * (steps - 1) + 1] - run.Lr[steps - 1, 1]) > 1e-3,
            "TorchSharp's OneCycleLR now schedules group 1 like PyTorch: move the case to AgreeingCases");
    }

    /// <summary>PyTorch lets OneCycleLR step until last_epoch == total_steps and for that step extrapolates the last
    /// phase's curve past its end (here the cosine rises back to 0.0067); TorchSharp's loop finds no phase for it
    /// (the index slip above) and sets the learning rate and momentum (Adam's beta1) to 0. It only matters after the last optimiser step of the cycle,
    /// but a run that steps the optimiser once more would take a zero step with beta1 = 0.</summary>
    [Fact]
    public void OneCycleLR_stepped_to_total_steps_sets_lr_and_beta1_to_zero_where_PyTorch_extrapolates()
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("sched", "one_cycle_to_the_last_step", out var c);
        var run = Replay(f, c, "one_cycle_to_the_last_step", checkParameters: true);
        var steps = run.Lr.GetLength(0);
        Assert.Equal((int)c.Number("total_steps", double.NaN) + 1, steps);
        AssertRows(f["lr"], run.Lr, 0, steps - 1, "lr before the last step");
        AssertRows(f["momentum"], run.Momentum, 0, steps - 1, "beta1 before the last step");
        Assert.Equal(0.0, run.Lr[steps - 1, 0]);
        Assert.Equal(0.0, run.Momentum[steps - 1, 0]);
        Assert.True(f["lr"].data<double>()[steps - 1] > 0, "PyTorch's last learning rate");
    }

    /// <summary>TorchSharp's ReduceLROnPlateau changes the optimiser's learning rates, but its get_last_lr() keeps
    /// the rates of construction (PyTorch's returns the current ones): read ParamGroups instead.</summary>
    [Fact]
    public void ReduceLROnPlateaus_get_last_lr_keeps_the_initial_rates_while_the_optimizer_has_the_reduced_ones()
    {
        using var scope = NewDisposeScope();
        var f = ReferenceFixtures.Load("sched", "plateau_min", out var c);
        var run = Replay(f, c, "plateau_min", checkParameters: false);
        var last = run.Lr.GetLength(0) - 1;
        Assert.True(run.Lr[last, 0] < c.Number("lr", double.NaN), "the plateau schedule reduced the rate");
        Assert.Equal([c.Number("lr", double.NaN), c.Number("lr2", double.NaN)], run.Schedule.get_last_lr());
    }

    /// <summary>Runs the fixture's optimiser and schedule: gradients g&lt;k&gt;.&lt;j&gt;, optimiser step, schedule
    /// step (with metrics[k] for ReduceLROnPlateau), recording rates and momenta as the generator does.</summary>
    private static Run Replay(Dictionary<string, Tensor> f, Dictionary<string, string> c, string name, bool checkParameters)
    {
        var p = Trajectory.StartingParameters(f);
        var lr = c.Number("lr", double.NaN);
        var kind = c["optimizer"];
        var settings = new Trajectory.Settings(kind, lr, Momentum: kind == "sgd" ? 0.9 : 0, WeightDecay: kind == "adamw" ? 0.01 : 0);
        IReadOnlyList<(Parameter[], double?)> groups = c["groups"] == "two"
            ? [([p[0], p[2]], null), ([p[1]], c.Number("lr2", double.NaN))]
            : [(p, null)];
        var optimizer = Trajectory.Build(settings, groups);
        var schedule = Schedule(optimizer, c);
        var steps = (int)c.Number("steps", double.NaN);
        var metrics = f.TryGetValue("metrics", out var m) ? m.data<double>().ToArray() : [];
        var lrs = new double[steps + 1, groups.Count];
        var momenta = new double[steps + 1, groups.Count];
        Record(optimizer, 0, lrs, momenta);
        for (var k = 0; k < steps; k++)
        {
            Trajectory.SetGradients(f, p, k);
            optimizer.step();
            if (c["kind"] == "plateau") schedule.step(metrics[k]);
            else schedule.step();
            Record(optimizer, k + 1, lrs, momenta);
            if (checkParameters) Trajectory.AssertParameters(f, p, k, Rtol, name);
        }
        return new Run(lrs, momenta, schedule);
    }

    private static LRScheduler Schedule(optim.Optimizer optimizer, Dictionary<string, string> c) => c["kind"] switch
    {
        "step" => StepLR(optimizer, (int)c.Number("step_size", double.NaN), c.Number("gamma", 0.1)),
        "cosine" => CosineAnnealingLR(optimizer, c.Number("T_max", double.NaN), c.Number("eta_min", 0)),
        "one_cycle" => OneCycleLR(optimizer, c.Numbers("max_lr"), total_steps: (int)c.Number("total_steps", double.NaN),
            pct_start: c.Number("pct_start", 0.3),
            anneal_strategy: c.GetValueOrDefault("anneal_strategy", "cos") == "cos" ? impl.OneCycleLR.AnnealStrategy.Cos : impl.OneCycleLR.AnnealStrategy.Linear,
            cycle_momentum: !c.TryGetValue("cycle_momentum", out var cm) || cm == "true",
            base_momentum: Enumerable.Repeat(c.Number("base_momentum", 0.85), optimizer.ParamGroups.Count()),
            max_momentum: Enumerable.Repeat(c.Number("max_momentum", 0.95), optimizer.ParamGroups.Count()),
            div_factor: c.Number("div_factor", 25), final_div_factor: c.Number("final_div_factor", 1e4), three_phase: c.Flag("three_phase")),
        "plateau" => ReduceLROnPlateau(optimizer, c["mode"], c.Number("factor", 0.1), (int)c.Number("patience", 10),
            c.Number("threshold", 1e-4), c.GetValueOrDefault("threshold_mode", "rel"), (int)c.Number("cooldown", 0), [c.Number("min_lr", 0)]),
        _ => throw new ArgumentException($"unknown schedule '{c["kind"]}' in fixture metadata"),
    };

    private static void Record(optim.Optimizer optimizer, int row, double[,] lrs, double[,] momenta)
    {
        var g = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            lrs[row, g] = group.LearningRate;
            momenta[row, g] = group switch
            {
                optim.IBetas betas => betas.Betas.Item1,
                optim.IMomentum momentum => momentum.Momentum,
                _ => double.NaN,
            };
            g++;
        }
    }

    private static void AssertRows(Tensor expected, double[,] actual, int from, int to, string what)
    {
        var e = expected.data<double>().ToArray();
        var groups = actual.GetLength(1);
        for (var k = from; k < to; k++)
            for (var g = 0; g < groups; g++)
            {
                var x = e[k * groups + g];
                Assert.True(Math.Abs(actual[k, g] - x) <= 1e-12 + Rtol * Math.Abs(x),
                    $"{what}: after step {k} group {g} is {actual[k, g]:R}, PyTorch's {x:R}");
            }
    }

    private static void AssertColumn(Tensor expected, double[,] actual, int group, string what)
    {
        var e = expected.data<double>().ToArray();
        var groups = actual.GetLength(1);
        for (var k = 0; k < actual.GetLength(0); k++)
        {
            var x = e[k * groups + group];
            Assert.True(Math.Abs(actual[k, group] - x) <= 1e-12 + Rtol * Math.Abs(x),
                $"{what}: after step {k} is {actual[k, group]:R}, PyTorch's {x:R}");
        }
    }
}
