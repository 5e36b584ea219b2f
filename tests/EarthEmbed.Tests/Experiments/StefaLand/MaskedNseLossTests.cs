#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments.StefaLand;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.StefaLand;

public class MaskedNseLossTests
{
    [Fact]
    public void The_time_series_loss_averages_scaled_squared_errors_over_masked_observed_values_only()
    {
        using var scope = torch.NewDisposeScope();
        // B = 1, T = 2, V = 2. Masked: (t0, v0), (t1, v0), (t1, v1); (t1, v0) is NaN so not scored.
        var p = torch.tensor(new float[] { 1, 5, 2, 4 }, new long[] { 1, 2, 2 });
        var o = torch.tensor(new float[] { 0, 0, float.NaN, 1 }, new long[] { 1, 2, 2 });
        var m = torch.tensor(new[] { true, false, true, true }, new long[] { 1, 2, 2 });
        var std = torch.tensor(new float[] { 0.9f, 1.9f }, new long[] { 1, 2 });
        // scored: (1-0)²/(0.9+0.1)² = 1 and (4-1)²/(1.9+0.1)² = 9/4; mean over 2 = 1.625.
        Assert.Equal(1.625, StefaLandLosses.TimeSeries(p, o, m, std).ToDouble(), 5);
    }

    [Fact]
    public void The_total_weighs_statics_by_the_static_weight()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.tensor(new float[] { 1, 5 }, new long[] { 1, 1, 2 });
        var o = torch.tensor(new float[] { 0, 0 }, new long[] { 1, 1, 2 });
        var m = torch.tensor(new[] { true, false }, new long[] { 1, 1, 2 });
        var std = torch.tensor(new float[] { 0.9f, 0.9f }, new long[] { 1, 2 });
        var ps = torch.tensor(new float[] { 2, 3, 7 }, new long[] { 1, 3 });
        var os = torch.tensor(new float[] { 0, float.NaN, 4 }, new long[] { 1, 3 });
        var ms = torch.tensor(new[] { true, true, false }, new long[] { 1, 3 });
        // time 1; statics: only attribute 0 is masked and observed: (2-0)² = 4; total = 1 + 0.5 · 4 = 3.
        Assert.Equal(3.0, StefaLandLosses.Total(p, o, m, std, ps, os, ms, 0.5).ToDouble(), 5);
    }

    [Fact]
    public void Nothing_to_score_counts_zero_not_NaN()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones(2, 3);
        var o = torch.zeros(2, 3);
        Assert.Equal(0.0, StefaLandLosses.Statics(p, o, torch.zeros(new long[] { 2, 3 }, ScalarType.Bool)).ToDouble());
    }

    [Fact]
    public void The_target_loss_skips_the_warmup_days_and_missing_observations()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.tensor(new float[] { 9, 1, 2, 3 }, new long[] { 1, 4 });
        var o = torch.tensor(new float[] { 0, 0, float.NaN, 1 }, new long[] { 1, 4 });
        var std = torch.tensor(new float[] { 0.4f }, new long[] { 1 });
        // warmup 1: days 1 and 3 scored: (1² + 2²) / (0.4 + 0.1)² / 2 = 5 · 4 / 2 = 10.
        Assert.Equal(10.0, StefaLandLosses.Target(p, o, std, 1).ToDouble(), 4);
    }
}
