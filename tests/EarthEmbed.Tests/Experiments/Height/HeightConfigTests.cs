using EarthEmbed.Experiments.Height;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Experiments.Height;

public class HeightConfigTests
{
    [Fact]
    public void The_seed_option_reseeds_the_landscape_the_patches_and_training()
    {
        var config = new HeightExperiment().Resolve(new ConfigRequest("quick", Seed: 11));
        Assert.Equal((11, 11L, 11L), (config.Seed, config.Landscape.Seed, config.Training.Seed));
    }

    [Fact]
    public void A_patch_size_that_the_encoder_cannot_halve_is_refused_with_a_size_that_works()
    {
        var config = HeightConfig.Quick();
        config.PatchSize = 70;
        var e = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("patch_size", e.Message);
        Assert.Contains("use 64", e.Message);
    }

    [Fact]
    public void A_validation_strip_thinner_than_a_patch_is_refused_before_any_data_is_made()
    {
        var config = HeightConfig.Full();
        config.ValidationFraction = 0.2;   // 205 of 1024 rows, less than a 256-pixel patch
        var e = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("validation_fraction", e.Message, StringComparison.Ordinal);
        Assert.Contains("0.25", e.Message, StringComparison.Ordinal);
        HeightConfig.Full().Validate();
        HeightConfig.Quick().Validate();
    }
}
