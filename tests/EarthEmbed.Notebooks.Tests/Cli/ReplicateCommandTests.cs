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
}
