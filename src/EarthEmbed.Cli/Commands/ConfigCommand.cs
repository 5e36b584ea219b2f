using System.CommandLine;
using EarthEmbed.Experiments;
using EarthEmbed.Runs;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed config show EXPERIMENT [--mode M | --quick] [--config FILE] [--seed N]</c>: prints the
/// resolved YAML a run with the same arguments would use (and write as its config.yaml), without running it, as
/// LightningCLI's <c>--print_config</c> does. Exit 0, or 2 with the reason on stderr (unknown experiment or mode,
/// missing file, unknown key with file and line, a value that fails validation).</summary>
internal static class ConfigCommand
{
    internal static Command Create()
    {
        var names = string.Join("|", ExperimentCatalog.All.Select(r => r.Name));
        var experiment = new Argument<string>("experiment") { Description = $"Which paper: {names}." };
        var mode = ModeOptions.Mode();
        var quick = ModeOptions.Quick();
        var config = new Option<string?>("--config") { Description = "YAML file laid over the mode's config, key by key." };
        var seed = new Option<int?>("--seed") { Description = "Runs with this seed alone: overrides the config's seed and empties its seeds list (a standard mode's repeats)." };
        var show = new Command("show", "Print the resolved config a run would use, without running it.")
        {
            experiment, mode, quick, config, seed,
        };
        show.SetAction(parse => ModeOptions.Resolve(parse, mode, quick, "config show") is { } m
            ? Show(Console.Out, Console.Error, parse.GetValue(experiment)!, m, parse.GetValue(config), parse.GetValue(seed))
            : 2);
        return new Command("config", "Run configurations: the committed configs/<experiment>.<mode>.yaml are the source of truth.") { show };
    }

    internal static int Show(TextWriter output, TextWriter errors, string name, string mode, string? overlay, int? seed)
    {
        try
        {
            var experiment = ExperimentCatalog.Find(name);
            var config = experiment.ResolveConfig(new ConfigRequest(mode, overlay, seed));
            output.Write(ConfigResolver.Show((object)config));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException)
        {
            errors.WriteLine($"config show: {e.Message}");
            return 2;
        }
    }
}
