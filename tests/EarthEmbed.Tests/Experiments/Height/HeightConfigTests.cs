using EarthEmbed.Experiments;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Experiments.Height;

public class HeightConfigTests
{
    [Theory]
    [InlineData("height.quick.yaml", true)]
    [InlineData("height.full.yaml", false)]
    public void Committed_config_files_load_to_exactly_the_factory_values(string file, bool quick)
    {
        var loaded = ConfigFile.Load<HeightConfig>(Path.Combine(HeightTestData.RepoRoot(), "configs", file));
        var factory = quick ? HeightConfig.Quick() : HeightConfig.Full();
        Assert.Equal(ConfigFile.Save(factory), ConfigFile.Save(loaded));
        loaded.Validate();
    }

    [Fact]
    public void A_config_file_overrides_only_the_keys_it_names_on_top_of_the_mode()
    {
        var config = HeightExperiment.Overlay(HeightConfig.Quick(), "training:\n  epochs: 2\nmodels: [unet]\n", "test.yaml");
        Assert.Equal(2, config.Training.Epochs);
        Assert.Equal(HeightConfig.Quick().Training.LearningRate, config.Training.LearningRate);
        Assert.Equal(400, config.Landscape.Width);
        Assert.Equal(["unet"], config.Models);
    }

    [Fact]
    public void An_unknown_key_is_rejected_with_the_file_and_the_key_named()
    {
        var e = Assert.Throws<InvalidDataException>(() => HeightExperiment.Overlay(HeightConfig.Quick(), "trainig:\n  epochs: 2\n", "mine.yaml"));
        Assert.Contains("mine.yaml", e.Message);
        Assert.Contains("trainig", e.Message);
    }

    [Fact]
    public void The_seed_option_reseeds_the_landscape_the_patches_and_training()
    {
        var config = HeightExperiment.ResolveConfig(new ExperimentOptions { Quick = true, Seed = 11 });
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
