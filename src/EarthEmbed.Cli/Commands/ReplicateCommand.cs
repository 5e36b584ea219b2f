using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EarthEmbed.Experiments;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed replicate height|stefaland|jointseg|all [--mode M | --quick] [--out DIR] [--config FILE]
/// [--seed N] [--resume]</c>: runs paper replications through <see cref="ExperimentRunner"/>, each into DIR/&lt;experiment&gt;/
/// (config.yaml, metrics.json, checkpoints/, predictions/, report.html, files.json), then writes the combined
/// DIR/report.html. With <c>all</c>, an experiment that fails is reported in the page and
/// the others still run; the exit code is 1 if any failed, 2 for bad arguments. With <c>--resume</c>, an interrupted
/// run (even killed with kill -9) continues in the same DIR from each trainer's last good checkpoint and ends with the
/// metrics.json of a run never interrupted.</summary>
internal static class ReplicateCommand
{
    internal static Command Create()
    {
        var names = string.Join("|", ExperimentCatalog.All.Select(r => r.Name).Append("all"));
        var experiment = new Argument<string>("experiment") { Description = $"Which paper to replicate: {names}." };
        var mode = ModeOptions.Mode();
        var quick = ModeOptions.Quick();
        var outDir = new Option<string>("--out") { Description = "Output folder (default 'out').", DefaultValueFactory = _ => "out" };
        var config = new Option<string?>("--config") { Description = "YAML file laid over the mode's config, key by key (one experiment only)." };
        var seed = new Option<int?>("--seed") { Description = "Runs with this seed alone: overrides the config's seed and empties its seeds list (a standard mode's repeats)." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run in --out from its last good checkpoints (same config and seed)." };
        var command = new Command("replicate", "Replicate a paper (or all three) end to end: data, training, metrics, report.")
        {
            experiment, mode, quick, outDir, config, seed, resume,
        };
        command.SetAction(parse => ModeOptions.Resolve(parse, mode, quick, "replicate") is { } m
            ? Run(parse.GetValue(experiment)!, m, parse.GetValue(outDir)!, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(resume))
            : 2);
        return command;
    }

    internal static int Run(string name, string mode, string outDir, string? config, int? seed, bool resume = false)
    {
        IReadOnlyList<IExperiment> selected;
        try
        {
            var all = string.Equals(name, "all", StringComparison.OrdinalIgnoreCase);
            if (!all && !ExperimentCatalog.All.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"unknown experiment '{name}'; expected one of: {string.Join(", ", ExperimentCatalog.All.Select(e => e.Name).Append("all"))}");
            selected = all ? ExperimentCatalog.All : [ExperimentCatalog.Find(name)];
            if (config is not null && selected.Count != 1)
                throw new ArgumentException("--config applies to one experiment; run 'replicate all' without it or name the experiment");
            if (config is not null && !File.Exists(config))
                throw new ArgumentException($"--config: file '{config}' does not exist");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"replicate: {e.Message}");
            return 2;
        }

        var combined = new HtmlReport("EarthEmbed: paper replications");
        combined.AddMarkdown(string.Create(CultureInfo.InvariantCulture,
            $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {mode} mode. Each experiment's folder holds its config.yaml, metrics.json, outputs, its own report.html and files.json."));
        var failures = 0;
        foreach (var experiment in selected)
        {
            var folder = Path.Combine(outDir, experiment.Name);
            var watch = Stopwatch.StartNew();
            Console.WriteLine($"== {experiment.Title} ({mode} mode) -> {folder}");
            combined.AddHeading(experiment.Title, 1);
            try
            {
                var options = new ExperimentOptions
                {
                    Mode = mode, OutDir = folder, ConfigPath = config, Seed = seed, Resume = resume,
                    Progress = new TimedLines(Console.Out, watch),
                };
                var run = ExperimentRunner.Run(experiment, options);
                combined.AddHtml(run.Outcome.Report.BodyHtml);
                combined.AddMarkdown(string.Create(CultureInfo.InvariantCulture, $"*{experiment.Name}: {watch.Elapsed.TotalMinutes:F1} min.*"));
                foreach (var file in run.Folder.Files) Console.WriteLine($"  wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {experiment.Name} done in {watch.Elapsed.TotalSeconds:F0} s"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures++;
                Console.Error.WriteLine($"replicate {experiment.Name}: {e.GetType().Name}: {e.Message}");
                combined.AddMarkdown($"**{experiment.Name} failed:** {e.GetType().Name}: {e.Message}");
                if (selected.Count == 1) { SaveCombined(combined, outDir); return 1; }
            }
        }
        SaveCombined(combined, outDir);
        return failures == 0 ? 0 : 1;
    }

    private static void SaveCombined(HtmlReport report, string outDir)
    {
        var path = Path.Combine(outDir, "report.html");
        report.Save(path);
        Console.WriteLine($"report: {path}");
    }

    private sealed class TimedLines(TextWriter output, Stopwatch watch) : IProgress<string>
    {
        public void Report(string value)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{watch.Elapsed:mm\\:ss}] {value}"));
            output.Flush();
        }
    }
}
