#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments.StefaLand;

namespace EarthEmbed.Tests.Experiments.StefaLand;

public class MaskGeneratorTests
{
    // 7 attributes in 3 groups: [0, 0, 1, 1, 1, 2, 2].
    private static readonly int[] Groups = [0, 0, 1, 1, 1, 2, 2];

    private static MaskGenerator Make(int seed = 1) => new(days: 100, variables: 6, Groups, minDays: 30, maxDays: 60, timeRatio: 0.5, staticRatio: 0.3, seed);

    [Fact]
    public void Each_sample_masks_one_window_within_the_requested_lengths_and_variables_at_the_requested_ratio()
    {
        var draw = Make().Sample(4000);
        long hiddenVariables = 0, variablesSeen = 0;
        for (var b = 0; b < draw.Batch; b++)
        {
            var days = Enumerable.Range(0, 100).Where(t => Enumerable.Range(0, 6).Any(v => draw.Dynamic[(b * 100 + t) * 6 + v])).ToArray();
            for (var v = 0; v < 6; v++)
            {
                var masked = Enumerable.Range(0, 100).Where(t => draw.Dynamic[(b * 100 + t) * 6 + v]).ToArray();
                if (masked.Length > 0)
                {
                    Assert.Equal(days, masked);  // every hidden variable is hidden over the same window
                    hiddenVariables++;
                }
                variablesSeen++;
            }
            if (days.Length == 0) continue;
            Assert.InRange(days.Length, 30, 60);
            Assert.Equal(days.Length - 1, days[^1] - days[0]);  // contiguous
        }
        Assert.InRange((double)hiddenVariables / variablesSeen, 0.48, 0.52);
    }

    [Fact]
    public void Static_groups_are_masked_as_wholes_at_the_requested_ratio()
    {
        var draw = Make(2).Sample(5000);
        long hidden = 0;
        for (var b = 0; b < draw.Batch; b++)
            for (var g = 0; g < 3; g++)
            {
                var members = Enumerable.Range(0, 7).Where(k => Groups[k] == g).Select(k => draw.Static[b * 7 + k]).Distinct().ToArray();
                Assert.Single(members);  // all or none of a group
                if (members[0]) hidden++;
            }
        Assert.InRange(hidden / 15000.0, 0.28, 0.32);
    }

    [Fact]
    public void Protected_variables_and_attributes_of_a_fine_tuning_target_are_never_masked()
    {
        var masks = Make(3);
        masks.ProtectedVariables.Add(2);
        masks.ProtectedAttributes.Add(5);
        var draw = masks.Sample(2000);
        for (var b = 0; b < draw.Batch; b++)
        {
            Assert.False(draw.Static[b * 7 + 5]);
            for (var t = 0; t < 100; t++) Assert.False(draw.Dynamic[(b * 100 + t) * 6 + 2]);
        }
        Assert.Contains(true, draw.Dynamic);        // the others still are
        Assert.Contains(true, draw.Static);
    }

    [Fact]
    public void The_same_seed_draws_the_same_masks()
    {
        Assert.Equal(Make(9).Sample(20).Dynamic, Make(9).Sample(20).Dynamic);
        Assert.NotEqual(Make(9).Sample(20).Dynamic, Make(10).Sample(20).Dynamic);
    }
}
