using EarthEmbed.Experiments;
using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>The committed configs equal the factories, and config files override the mode's values.</summary>
public class JointSegConfigTests
{
    private static string Repo(params string[] parts) => RepoPaths.Of(parts);

    [Theory]
    [InlineData("jointseg.quick.yaml", true)]
    [InlineData("jointseg.full.yaml", false)]
    public void The_committed_config_loads_to_exactly_the_factory_values(string file, bool quick)
    {
        var loaded = ConfigFile.Load<JointSegConfig>(Repo("configs", file));
        var factory = quick ? JointSegConfig.Quick() : JointSegConfig.Full();
        Assert.Equal(ConfigFile.Save(factory), ConfigFile.Save(loaded));
        loaded.Validate();
    }

    [Fact]
    public void A_config_file_overrides_only_its_keys_of_the_mode_and_the_seed_option_wins()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-override.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "steps: 9\nsr_scales: [2, 5]\n");
        var config = JointSegPipeline.ResolveConfig(new ExperimentOptions { Quick = false, ConfigPath = path, Seed = 3 });
        Assert.Equal(9, config.Steps);
        Assert.Equal([2, 5], config.SrScales);
        Assert.Equal(3, config.Seed);
        Assert.Equal(JointSegConfig.Full().TrunkBlocks, config.TrunkBlocks);
    }

    [Fact]
    public void An_unknown_key_is_refused_naming_the_file()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-bad.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "stepz: 9\n");
        var e = Assert.Throws<InvalidDataException>(() => JointSegPipeline.ResolveConfig(new ExperimentOptions { ConfigPath = path }));
        Assert.Contains("jointseg-bad.yaml", e.Message, StringComparison.Ordinal);
    }
}
