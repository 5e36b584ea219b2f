using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EarthEmbed.Experiments;
using EarthEmbed.Viz.Experiments;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed replicate height|stefaland|jointseg|all [--quick] [--out DIR] [--config FILE] [--seed N]</c>:
/// runs paper replications, each into DIR/&lt;experiment&gt;/ (metrics.json, config.yaml, outputs, report.html),
/// then writes the combined DIR/report.html. With <c>all</c>, an experiment that fails is reported in the page and
/// the others still run; the exit code is 1 if any failed, 2 for bad arguments.</summary>
internal static class ReplicateCommand
{
    internal static Command Create()
    {
        var names = string.Join("|", Replications.All.Select(r => r.Name).Append("all"));
        var experiment = new Argument<string>("experiment") { Description = $"Which paper to replicate: {names}." };
        var quick = new Option<bool>("--quick") { Description = "Quick mode: small models, few epochs (minutes on two cores)." };
        var outDir = new Option<string>("--out") { Description = "Output folder (default 'out').", DefaultValueFactory = _ => "out" };
        var config = new Option<string?>("--config") { Description = "YAML config overriding the mode's defaults (one experiment only)." };
        var seed = new Option<int?>("--seed") { Description = "Overrides the config's seed." };
        var command = new Command("replicate", "Replicate a paper (or all three) end to end: data, training, metrics, report.")
        {
            experiment, quick, outDir, config, seed,
        };
        command.SetAction(parse => Run(parse.GetValue(experiment)!, parse.GetValue(quick), parse.GetValue(outDir)!,
            parse.GetValue(config), parse.GetValue(seed)));
        return command;
    }

    internal static int Run(string name, bool quick, string outDir, string? config, int? seed)
    {
        IReadOnlyList<IReplication> selected;
        try
        {
            selected = string.Equals(name, "all", StringComparison.OrdinalIgnoreCase) ? Replications.All : [Replications.Find(name)];
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
            $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(quick ? "quick" : "full")} mode. Each experiment's folder holds its metrics.json, config.yaml, outputs and its own report.html."));
        var failures = 0;
        foreach (var replication in selected)
        {
            var folder = Path.Combine(outDir, replication.Name);
            var watch = Stopwatch.StartNew();
            Console.WriteLine($"== {replication.Title} ({(quick ? "quick" : "full")} mode) -> {folder}");
            combined.AddHeading(replication.Title, 1);
            try
            {
                var options = new ExperimentOptions
                {
                    Quick = quick, OutDir = folder, ConfigPath = config, Seed = seed, Progress = new TimedLines(Console.Out, watch),
                };
                var outcome = replication.Run(options);
                combined.AddHtml(outcome.Section.BodyHtml);
                combined.AddMarkdown(string.Create(CultureInfo.InvariantCulture, $"*{replication.Name}: {watch.Elapsed.TotalMinutes:F1} min.*"));
                foreach (var file in outcome.Files) Console.WriteLine($"  wrote {file}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {replication.Name} done in {watch.Elapsed.TotalSeconds:F0} s"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures++;
                Console.Error.WriteLine($"replicate {replication.Name}: {e.GetType().Name}: {e.Message}");
                combined.AddMarkdown($"**{replication.Name} failed:** {e.GetType().Name}: {e.Message}");
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
