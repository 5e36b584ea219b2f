using System.Globalization;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;

namespace EarthEmbed.Experiments;

/// <summary>A config that can be run once per seed (<see cref="SeedRepeats"/>): the YAML key <c>seeds</c>. Empty: one
/// run with <see cref="IExperimentConfig.Seed"/>, exactly as before (no sub-folders, no statistics sections).
/// Non-empty: one run per listed seed. <see cref="IExperimentConfig.ApplySeed"/> clears the list, so <c>--seed N</c>
/// always means a single run with seed N.</summary>
public interface IRepeatableConfig : IExperimentConfig
{
    /// <summary>The seeds to repeat the run with (distinct); empty for a single run with <c>seed</c>.</summary>
    List<int> Seeds { get; set; }
}

/// <summary>One per-unit score of one seed's run, for the pooled comparisons: a model's <paramref name="Metric"/> on
/// one fixed test unit (a test tile, a test scene) that every model of the run is scored on.</summary>
/// <param name="Model">The model.</param>
/// <param name="Split">The split name under which the pooled pairs are stored in metrics.json's "repeats" (e.g.
/// "test_tiles").</param>
/// <param name="Metric">A metric of the contract (<see cref="MetricsReport.KnownMetrics"/>).</param>
/// <param name="Unit">What one value is ("tile", "scene").</param>
/// <param name="Label">The unit's id within one seed ("tile3"); pooled as "seed7/tile3".</param>
/// <param name="Value">The score (NaN: no-data).</param>
public sealed record UnitScore(string Model, string Split, string Metric, string Unit, string Label, double Value);

/// <summary>One seed's finished run inside a repeated run.</summary>
/// <typeparam name="TResult">The paper's typed result.</typeparam>
/// <param name="Seed">The seed.</param>
/// <param name="Folder">Its sub-folder <c>seed&lt;N&gt;/</c> (config.yaml, metrics.json, checkpoints, predictions).</param>
/// <param name="Result">The paper's result of this seed.</param>
public sealed record SeedRun<TResult>(int Seed, RunFolder Folder, TResult Result);

/// <summary>Issue 13's seed repeats, one mechanism for every paper: <see cref="Run{TConfig, TResult}"/> runs a paper's
/// steps once per seed of <see cref="IRepeatableConfig.Seeds"/>, each in its own sub-folder <c>seed&lt;N&gt;/</c> of
/// the run folder with its own config.yaml (so <c>--resume</c> continues each seed's trainers from their own
/// checkpoints); <see cref="Merge"/> then makes one report: each point value is the mean over seeds, with an interval
/// of kind mean_sd and its per-seed values under "repeats" (unit "seed"), and the papers' per-unit scores pooled over
/// seeds (labels "seed7/tile3") so that claims are decided on units × seeds pairs (docs/statistics.md: fewer than six
/// pairs decide nothing).</summary>
public static class SeedRepeats
{
    /// <summary>The unit of per-seed repeats in metrics.json.</summary>
    public const string SeedUnit = "seed";

    /// <summary>True when <paramref name="config"/> lists seeds (a repeated run); false for a single run.</summary>
    public static bool IsRepeated(IRepeatableConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Seeds.Count > 0;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the key when <c>seeds</c> repeats a seed.</summary>
    public static void Validate(IRepeatableConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var twice = config.Seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new ArgumentException($"seeds: {twice.Key} is listed twice (seeds: [{string.Join(", ", config.Seeds)}])");
    }

    /// <summary>The config of one seed: a copy of <paramref name="config"/> (through its YAML) with
    /// <see cref="IExperimentConfig.ApplySeed"/>(<paramref name="seed"/>), whose seed list is therefore empty.</summary>
    public static TConfig ForSeed<TConfig>(TConfig config, int seed) where TConfig : class, IRepeatableConfig, new()
    {
        ArgumentNullException.ThrowIfNull(config);
        var copy = ConfigFile.Parse<TConfig>(ConfigFile.Save(config), $"config of seed {seed}");
        copy.ApplySeed(seed);
        copy.Seeds = [];
        return copy;
    }

    /// <summary>Runs <paramref name="steps"/> (a paper's data → train → evaluate) once per seed of
    /// <paramref name="config"/>, in order, each with <see cref="ForSeed"/>'s config in the sub-folder
    /// <c>seed&lt;N&gt;/</c> of <paramref name="folder"/> (its config.yaml checked on resume, then written; its
    /// metrics.json written from <paramref name="metricsOf"/>); every file a seed wrote is recorded in
    /// <paramref name="folder"/>. Progress lines are prefixed "seed N: ".</summary>
    /// <exception cref="ArgumentException"><paramref name="config"/> lists no seeds.</exception>
    public static List<SeedRun<TResult>> Run<TConfig, TResult>(TConfig config, RunFolder folder, RunContext context,
        Func<TConfig, RunFolder, RunContext, TResult> steps, Func<TResult, MetricsReport> metricsOf)
        where TConfig : class, IRepeatableConfig, new()
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(metricsOf);
        if (!IsRepeated(config)) throw new ArgumentException("seeds: empty; a single run needs no repeats", nameof(config));
        Validate(config);
        var runs = new List<SeedRun<TResult>>();
        foreach (var seed in config.Seeds)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var one = ForSeed(config, seed);
            var sub = RunFolder.Create(Path.Combine(folder.Path, SeedFolder(seed)));
            if (context.Resume) sub.CheckResumable(one);
            sub.WriteConfig(one);
            var prefix = $"seed {seed.ToString(CultureInfo.InvariantCulture)}: ";
            var inner = RunContext.Printing(line => context.Report(prefix + line), context.Cancellation) with { Resume = context.Resume };
            var result = steps(one, sub, inner);
            sub.WriteMetrics(metricsOf(result!));
            foreach (var file in Directory.EnumerateFiles(sub.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (!Path.GetFileName(file).Contains(".tmp-", StringComparison.Ordinal)) folder.Record(file);
            runs.Add(new SeedRun<TResult>(seed, sub, result));
        }
        return runs;
    }

    /// <summary>A paper's whole repeated run, the same for every paper: <see cref="Run{TConfig, TResult}"/> (its
    /// <paramref name="steps"/> once per seed), <see cref="Merge"/> of the seeds' metrics (described by
    /// <paramref name="data"/> from the first seed's result and the seeds) with each seed's
    /// <paramref name="unitScores"/> pooled, <paramref name="addClaims"/> deciding the paper's claims on the merged
    /// report; returns <paramref name="combine"/>(first seed's result, merged report, every seed's result), the first
    /// seed's result carrying the merged metrics.</summary>
    /// <exception cref="ArgumentException"><paramref name="config"/> lists no seeds.</exception>
    public static TResult Replicate<TConfig, TResult>(TConfig config, RunFolder folder, RunContext context, string experiment,
        Func<TConfig, RunFolder, RunContext, TResult> steps, Func<TResult, MetricsReport> metricsOf,
        Func<TResult, IReadOnlyList<int>, string> data, Func<TResult, IReadOnlyList<UnitScore>> unitScores,
        Action<MetricsReport> addClaims, Func<TResult, MetricsReport, IReadOnlyList<TResult>, TResult> combine)
        where TConfig : class, IRepeatableConfig, new()
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(metricsOf);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(unitScores);
        ArgumentNullException.ThrowIfNull(addClaims);
        ArgumentNullException.ThrowIfNull(combine);
        var runs = Run(config, folder, context, steps, metricsOf);
        var seeds = runs.Select(r => r.Seed).ToList();
        var merged = Merge(experiment, data(runs[0].Result, seeds), seeds,
            runs.Select(r => metricsOf(r.Result)).ToList(), runs.Select(r => unitScores(r.Result)).ToList());
        addClaims(merged);
        return combine(runs[0].Result, merged, runs.Select(r => r.Result).ToList());
    }

    /// <summary>The sub-folder of one seed: "seed7".</summary>
    public static string SeedFolder(int seed) => "seed" + seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>A pooled unit label: "seed7/tile3".</summary>
    public static string PooledLabel(int seed, string label) => $"{SeedFolder(seed)}/{label}";

    /// <summary>One report from the seeds' reports: every (model, split, metric) that each seed reported becomes the
    /// mean over seeds (<see cref="MetricsReport.SummariseRepeats"/>, kind mean_sd, repeats of unit "seed" labelled by
    /// the seed); the paper's numbers are the first seed's; <paramref name="units"/> (per seed, that seed's per-unit
    /// scores) are stored as repeats labelled <see cref="PooledLabel"/>, ready for
    /// <see cref="MetricsReport.Compare"/>.</summary>
    /// <exception cref="ArgumentException">No seeds, or seeds and units of different lengths.</exception>
    public static MetricsReport Merge(string experiment, string data, IReadOnlyList<int> seeds, IReadOnlyList<MetricsReport> reports,
        IReadOnlyList<IReadOnlyList<UnitScore>> units)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(units);
        if (seeds.Count == 0) throw new ArgumentException("seeds: expected at least one seed", nameof(seeds));
        if (reports.Count != seeds.Count || units.Count != seeds.Count)
            throw new ArgumentException($"reports/units: expected {seeds.Count} of each (one per seed), got {reports.Count} and {units.Count}", nameof(reports));
        var merged = new MetricsReport(experiment, data);
        var labels = seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var (model, splits) in reports[0].Models)
            foreach (var (split, metrics) in splits)
                foreach (var metric in metrics.Keys)
                {
                    if (!reports.All(r => r.Models.TryGetValue(model, out var s) && s.TryGetValue(split, out var m) && m.ContainsKey(metric))) continue;
                    merged.AddRepeats(model, split, metric, SeedUnit, labels, reports.Select(r => r.Models[model][split][metric]).ToArray());
                    merged.SummariseRepeats(model, split, metric, IntervalKind.MeanSd);
                }
        foreach (var (model, splits) in reports[0].Paper)
            foreach (var (split, metrics) in splits)
                foreach (var (metric, value) in metrics) merged.AddPaper(model, split, metric, value);
        var pooled = seeds.SelectMany((seed, i) => units[i].Select(u => (Seed: seed, Score: u)))
            .GroupBy(x => (x.Score.Model, x.Score.Split, x.Score.Metric));
        foreach (var group in pooled)
        {
            var list = group.ToList();
            var unit = list[0].Score.Unit;
            if (list.Any(x => x.Score.Unit != unit))
                throw new ArgumentException($"units: {group.Key} mixes units {string.Join(", ", list.Select(x => x.Score.Unit).Distinct())}", nameof(units));
            merged.AddRepeats(group.Key.Model, group.Key.Split, group.Key.Metric, unit,
                list.Select(x => PooledLabel(x.Seed, x.Score.Label)).ToArray(), list.Select(x => x.Score.Value).ToArray());
        }
        return merged;
    }

    /// <summary>The options of the pooled comparisons: the mean difference (pairs of one unit over seeds are not
    /// skewed like per-site NSE), Wilcoxon, the given unit, and a fixed bootstrap seed.</summary>
    public static Metrics.CompareOptions PooledOptions(string unit) => new(DifferenceCenter.Mean, Seed: 13, Unit: unit);
}
