#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments.StefaLand;

namespace EarthEmbed.Tests.Experiments.StefaLand;

public class StefaLandConfigTests
{
    [Fact]
    public void The_full_config_is_the_papers_architecture()
    {
        var c = StefaLandConfig.Full();
        Assert.Equal((256, 4, 4, 512, 365, 64), (c.DModel, c.Heads, c.Layers, c.FeedForward, c.SequenceLength, c.EmbedHidden));
        Assert.Equal((30, 90, 0.5, 0.5, 0.5, 1e-4, 256, 25, 5.0), (c.MinMaskDays, c.MaxMaskDays, c.TimeMaskRatio, c.StaticMaskRatio,
            c.StaticLossWeight, c.PretrainLearningRate, c.BatchSize, c.PretrainEpochs, c.ClipNorm));
    }

    [Fact]
    public void A_bad_setting_is_named_with_its_value()
    {
        var c = StefaLandConfig.Quick();
        c.WarmupDays = c.SequenceLength;
        var e = Assert.Throws<ArgumentException>(c.Validate);
        Assert.Contains($"warmup_days ({c.SequenceLength})", e.Message, StringComparison.Ordinal);
    }
}
