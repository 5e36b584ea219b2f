using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Runs;

public class ConfigFileTests
{
    public sealed class Section
    {
        public int Depth { get; set; } = 4;
    }

    public sealed class Sample
    {
        public double LearningRate { get; set; } = 1e-3;
        public int Epochs { get; set; } = 10;
        public string Model { get; set; } = "unet";
        public Section Encoder { get; set; } = new();
        public int DerivedTotal => Epochs * 2;  // read-only: not a setting
    }

    [Fact]
    public void Snake_case_keys_fill_the_properties_and_missing_keys_keep_defaults()
    {
        var c = ConfigFile.Parse<Sample>("learning_rate: 0.01\nencoder:\n  depth: 5\n");
        Assert.Equal(0.01, c.LearningRate);
        Assert.Equal(10, c.Epochs);
        Assert.Equal(5, c.Encoder.Depth);
    }

    [Fact]
    public void An_unknown_key_is_rejected_with_the_source_line_and_the_valid_keys()
    {
        var e = Assert.Throws<InvalidDataException>(() => ConfigFile.Parse<Sample>("epochs: 3\nlearnign_rate: 0.1\n", "run.yaml"));
        Assert.Contains("run.yaml:2", e.Message);
        Assert.Contains("learnign_rate", e.Message);
        Assert.Contains("learning_rate", e.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => ConfigFile.Parse<Sample>("epochs: many\n", "run.yaml"));
        Assert.Contains("run.yaml:1", e.Message);
    }

    [Fact]
    public void Overrides_are_validated_like_the_file_and_reach_nested_sections()
    {
        var c = ConfigFile.Override(new Sample(), ["epochs=2", "encoder.depth=3"]);
        Assert.Equal(2, c.Epochs);
        Assert.Equal(3, c.Encoder.Depth);
        Assert.Throws<InvalidDataException>(() => ConfigFile.Override(new Sample(), ["epoch=2"]));
        Assert.Throws<ArgumentException>(() => ConfigFile.Override(new Sample(), ["epochs"]));
    }

    [Fact]
    public void A_saved_config_reads_back_equal_and_lands_in_the_run_folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ee-config-" + Guid.NewGuid().ToString("N"));
        try
        {
            var c = new Sample { Epochs = 7, Model = "unetpp" };
            RunFolder.Create(dir).WriteConfig(c);
            var back = ConfigFile.Load<Sample>(Path.Combine(dir, "config.yaml"));
            Assert.Equal(7, back.Epochs);
            Assert.Equal("unetpp", back.Model);
            Assert.Single(Directory.GetFiles(dir));  // no temporary file left behind
            Assert.DoesNotContain("derived_total", File.ReadAllText(Path.Combine(dir, "config.yaml")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_missing_config_file_names_the_path() =>
        Assert.Contains("nope.yaml", Assert.Throws<FileNotFoundException>(() => ConfigFile.Load<Sample>("nope.yaml")).Message);
}
