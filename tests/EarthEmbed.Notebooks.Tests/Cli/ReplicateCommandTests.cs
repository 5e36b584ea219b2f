using static EarthEmbed.Notebooks.Tests.Cli.NotebookCommandTests;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>`earthembed replicate` argument checks, run as a user runs them: bad arguments exit 2 with a message
/// that names the argument and what was expected, and nothing is written.</summary>
public class ReplicateCommandTests
{
    [Fact]
    public void An_unknown_experiment_exits_2_and_lists_the_known_names()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"ee-replicate-{Guid.NewGuid():N}");
        var (code, _, stderr) = Earthembed("replicate", "heights", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("unknown experiment 'heights'; expected one of:", stderr, StringComparison.Ordinal);
        Assert.Contains("all", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_config_with_all_experiments_exits_2_because_a_config_belongs_to_one_experiment()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"ee-replicate-{Guid.NewGuid():N}");
        var config = Path.GetTempFileName();
        try
        {
            var (code, _, stderr) = Earthembed("replicate", "all", "--config", config, "--out", outDir);
            Assert.Equal(2, code);
            Assert.Contains("--config applies to one experiment", stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(outDir));
        }
        finally { File.Delete(config); }
    }

    [Fact]
    public void Quick_and_another_mode_contradict_each_other_and_exit_2()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"ee-replicate-{Guid.NewGuid():N}");
        var (code, _, stderr) = Earthembed("replicate", "height", "--mode", "full", "--quick", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("--quick means --mode quick; it contradicts --mode full", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Config_show_prints_the_resolved_config_with_the_overlay_and_the_seed_applied()
    {
        var overlay = Path.Combine(Path.GetTempPath(), $"ee-overlay-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(overlay, "training:\n  epochs: 3\n");
        try
        {
            var (code, stdout, stderr) = Earthembed("config", "show", "height", "--quick", "--config", overlay, "--seed", "12");
            Assert.True(code == 0, stderr);
            Assert.Contains("\nseed: 12\n", stdout, StringComparison.Ordinal);
            Assert.Contains("  epochs: 3\n", stdout, StringComparison.Ordinal);
            Assert.Contains("  learning_rate: 0.003\n", stdout, StringComparison.Ordinal);   // the quick mode's, kept by the overlay
            Assert.Contains("  width: 400\n", stdout, StringComparison.Ordinal);              // landscape.width of the quick mode
        }
        finally { File.Delete(overlay); }
    }

    [Fact]
    public void Config_show_stefaland_shows_the_data_keys_of_an_overlay_for_a_users_own_basins()
    {
        var overlay = Path.Combine(Path.GetTempPath(), $"ee-overlay-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(overlay, "data: generic\ndata_path: my-basins\nregion_column: zone\nsite_ids: [a1, b2]\nstart_date: 2001-10-01\npur_regions: []\n");
        try
        {
            var (code, stdout, stderr) = Earthembed("config", "show", "stefaland", "--quick", "--config", overlay);
            Assert.True(code == 0, stderr);
            foreach (var line in new[] { "data: generic\n", "\ndata_path: my-basins\n", "\nforcing_source: daymet\n", "\nregion_column: zone\n",
                         "\nsite_ids:\n- a1\n- b2\n", "\nstart_date: 2001-10-01\n", "\nend_date: \n", "\nsequence_length: 256\n" })  // a key the overlay leaves alone keeps the quick mode's value
                Assert.Contains(line, stdout, StringComparison.Ordinal);
            // A key the overlay gets wrong is refused with the key and what it expects.
            File.WriteAllText(overlay, "data: camels\n");
            (code, _, stderr) = Earthembed("config", "show", "stefaland", "--quick", "--config", overlay);
            Assert.Equal(2, code);
            Assert.Contains("data must be synthetic, camels_us, generic, got 'camels'", stderr, StringComparison.Ordinal);
        }
        finally { File.Delete(overlay); }
    }

    [Fact]
    public void Config_show_refuses_an_unknown_key_with_the_file_and_line_and_an_unknown_mode_with_the_modes()
    {
        var overlay = Path.Combine(Path.GetTempPath(), $"ee-overlay-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(overlay, "seed: 1\nstepz: 9\n");
        try
        {
            var (code, _, stderr) = Earthembed("config", "show", "jointseg", "--config", overlay);
            Assert.Equal(2, code);
            Assert.Contains(overlay + ":2:", stderr, StringComparison.Ordinal);
            Assert.Contains("stepz", stderr, StringComparison.Ordinal);
            (code, _, stderr) = Earthembed("config", "show", "jointseg", "--mode", "medium");
            Assert.Equal(2, code);
            Assert.Contains("modes: full, quick", stderr, StringComparison.Ordinal);
        }
        finally { File.Delete(overlay); }
    }
}
