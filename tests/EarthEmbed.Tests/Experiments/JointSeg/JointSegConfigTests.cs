using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>Config files laid over JointSeg's modes (the shared path itself: Runs/ConfigResolverTests).</summary>
public class JointSegConfigTests
{
    [Fact]
    public void A_config_file_overrides_only_its_keys_of_the_mode_and_the_seed_option_wins()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-override.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "steps: 9\nsr_scales: [2, 5]\n");
        var config = new JointSegExperiment().Resolve(new ConfigRequest("full", path, 3));
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
        var e = Assert.Throws<InvalidDataException>(() => new JointSegExperiment().Resolve(new ConfigRequest("quick", path)));
        Assert.Contains("jointseg-bad.yaml", e.Message, StringComparison.Ordinal);
    }
}
