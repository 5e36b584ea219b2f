using EarthEmbed.Experiments;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Runs;
using YamlDotNet.Serialization;

namespace EarthEmbed.Tests.Runs;

/// <summary>The one resolution path every experiment shares: the committed mode file is the truth (complete: every
/// key written out, so what a run uses is what the file says), a --config file is overlaid key by key, then --seed.</summary>
public class ConfigResolverTests
{
    public static TheoryData<string, string> Modes() => new()
    {
        { "height", "quick" }, { "height", "standard" }, { "height", "full" }, { "stefaland", "quick" }, { "stefaland", "standard" },
        { "stefaland", "full" }, { "jointseg", "quick" }, { "jointseg", "standard" }, { "jointseg", "full" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_resolved_config_of_a_mode_is_exactly_the_committed_file_with_every_key(string experiment, string mode)
    {
        var resolved = ExperimentCatalog.Find(experiment).ResolveConfig(new ConfigRequest(mode));
        var shown = Tree(ConfigResolver.Show((object)resolved));
        var committed = Tree(File.ReadAllText(RepoPaths.Of("configs", $"{experiment}.{mode}.yaml")));
        Assert.Equal(Flatten(shown), Flatten(committed));
    }

    [Fact]
    public void The_committed_files_are_the_ones_built_into_the_library()
    {
        foreach (var experiment in ExperimentCatalog.All)
        {
            var onDisk = Directory.GetFiles(RepoPaths.Of("configs"), experiment.Name + ".*.yaml")
                .Select(f => Path.GetFileName(f)[(experiment.Name.Length + 1)..^5]).Order(StringComparer.Ordinal);
            Assert.Equal(onDisk, ConfigResolver.Modes(experiment.Name));
            foreach (var mode in ConfigResolver.Modes(experiment.Name))
                Assert.Equal(File.ReadAllText(RepoPaths.Of("configs", $"{experiment.Name}.{mode}.yaml")), ConfigResolver.ModeText(experiment.Name, mode));
        }
    }

    [Fact]
    public void A_one_key_overlay_changes_that_key_only_for_every_experiment()
    {
        // StefaLand's old path replaced the mode's settings with the file's: every other key fell back to the class
        // defaults (the full setup). Now one key changes and nothing else.
        foreach (var experiment in ExperimentCatalog.All)
        {
            var path = Overlay($"{experiment.Name}-seed.yaml", "seed: 4242\n");
            var baseline = Flatten(Tree(ConfigResolver.Show((object)experiment.ResolveConfig(new ConfigRequest("quick")))));
            var overlaid = Flatten(Tree(ConfigResolver.Show((object)experiment.ResolveConfig(new ConfigRequest("quick", path)))));
            var changed = baseline.Keys.Where(k => baseline[k] != overlaid[k]).ToList();
            Assert.Equal(["seed"], changed);
            Assert.Equal("4242", overlaid["seed"]);
        }
    }

    [Fact]
    public void A_nested_section_merges_key_by_key_and_a_list_is_replaced_whole()
    {
        var path = Overlay("height-nested.yaml", "training:\n  epochs: 2\nmodels: [unet]\n");
        var quick = HeightConfig.Quick();
        var config = new HeightExperiment().Resolve(new ConfigRequest("quick", path));
        Assert.Equal(2, config.Training.Epochs);
        Assert.Equal(quick.Training.LearningRate, config.Training.LearningRate);
        Assert.Equal(quick.Training.Schedule, config.Training.Schedule);
        Assert.Equal(quick.Landscape.Width, config.Landscape.Width);
        Assert.Equal(["unet"], config.Models);
    }

    [Fact]
    public void An_unknown_key_in_an_overlay_is_refused_with_the_file_the_line_and_the_valid_keys()
    {
        var path = Overlay("stefaland-typo.yaml", "seed: 3\npretrain_epoch: 2\n");
        var e = Assert.Throws<InvalidDataException>(() => new StefaLandExperiment().Resolve(new ConfigRequest("quick", path)));
        Assert.Contains(path + ":2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("pretrain_epoch", e.Message, StringComparison.Ordinal);
        Assert.Contains("pretrain_epochs", e.Message, StringComparison.Ordinal);   // among the valid keys listed
    }

    [Fact]
    public void The_seed_option_comes_last_and_wins_over_the_overlay()
    {
        var path = Overlay("jointseg-seed.yaml", "seed: 5\n");
        Assert.Equal(9, ExperimentCatalog.Find("jointseg").ResolveConfig(new ConfigRequest("quick", path, 9)).Seed);
    }

    [Fact]
    public void An_unknown_mode_names_the_modes_there_are_and_a_missing_overlay_names_the_file()
    {
        var e = Assert.Throws<ArgumentException>(() => ConfigResolver.Mode<HeightConfig>("height", "medium"));
        Assert.Contains("configs/height.medium.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("full, quick", e.Message, StringComparison.Ordinal);
        var missing = Path.Combine(AppContext.BaseDirectory, "test-output", "config", "nope.yaml");
        var f = Assert.Throws<FileNotFoundException>(() => new HeightExperiment().Resolve(new ConfigRequest("quick", missing)));
        Assert.Contains(missing, f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_fails_validation_after_the_overlay_is_refused_with_its_key()
    {
        var path = Overlay("height-bad.yaml", "patch_size: 70\n");
        var e = Assert.Throws<ArgumentException>(() => new HeightExperiment().Resolve(new ConfigRequest("quick", path)));
        Assert.Contains("patch_size", e.Message, StringComparison.Ordinal);
    }

    private static string Overlay(string name, string yaml)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "test-output", "config", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static object Tree(string yaml) => new Deserializer().Deserialize<object>(yaml) ?? new Dictionary<object, object>();

    /// <summary>Every leaf as "a.b.c" -> its scalar text ("[1, 2]" for lists of scalars), so two trees compare key
    /// by key whatever the layout, comments, flow style or number spelling of the files.</summary>
    private static SortedDictionary<string, string> Flatten(object tree)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(object? node, string prefix)
        {
            switch (node)
            {
                case Dictionary<object, object> map:
                    if (map.Count == 0) result[prefix] = "{}";
                    foreach (var (k, v) in map) Walk(v, prefix.Length == 0 ? k.ToString()! : prefix + "." + k);
                    break;
                case List<object> list:
                    result[prefix] = "[" + string.Join(", ", list.Select(Scalar)) + "]";
                    break;
                default:
                    result[prefix] = Scalar(node);
                    break;
            }
        }
        Walk(tree, "");
        return result;
    }

    /// <summary>A scalar's text, numbers in one spelling (the files may write 1.0 or 1e-3 where the writer puts 1 and 0.001).</summary>
    private static string Scalar(object? value)
    {
        var text = value?.ToString() ?? "";
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : text;
    }
}
