using System.Globalization;
using EarthEmbed.Data.Hydrology;
using EarthEmbed.Data.Hydrology.Synthetic;
using EarthEmbed.Runs;
using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Viz.Reports;
using TorchSharp;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>What the data step hands on: the hydrological dataset, its arrays for the models, and the description
/// metrics.json carries in "data".</summary>
/// <param name="World">The sites, their attributes and daily series.</param>
/// <param name="Raw">The same as arrays (forcings, attributes, targets; the training and test periods).</param>
/// <param name="Description">What the data is, in words (metrics.json's "data").</param>
public sealed record StefaLandInputs(HydroDataset World, StefaLandData Raw, string Description);

/// <summary>The StefaLand replication end to end (paper 2, <c>earthembed replicate stefaland</c>): load the data (the
/// synthetic world, or the user's CAMELS-US or generic-layout basins: <see cref="LoadData"/>), list the PUB and PUR
/// folds, then per fold pretrain the encoder on the training sites only and fine-tune the
/// four models (stefaland = frozen encoder + resConn adapter, scratch = the same architecture trained from a random
/// start, lstm = supervised LSTM, linear_probe = frozen encoder + linear head) and score them at the test sites over
/// the test period. The first PUB fold also runs soil moisture, soil texture and landslides
/// where the data hold them. A run is four public
/// steps, <see cref="PrepareData"/> → <see cref="Folds"/> → <see cref="RunFolds"/> (training and scoring, fold by
/// fold) → <see cref="Report"/>, which <see cref="IExperiment.Run"/> composes and nothing else; notebook 02 calls the
/// same four, so its metrics.json equals a CLI run's of the same config and seed.</summary>
public sealed class StefaLandExperiment : Experiment<StefaLandConfig>
{
    /// <summary>The experiment's name (CLI, metrics.json, configs/stefaland.*.yaml).</summary>
    public const string ExperimentName = "stefaland";

    /// <inheritdoc />
    public override string Name => ExperimentName;

    /// <inheritdoc />
    public override string Title => ExperimentTitle;

    /// <summary>The title of reports (<see cref="Title"/>).</summary>
    public const string ExperimentTitle = "Paper 2: StefaLand, masked pretraining and residual adapters for ungauged sites and regions";

    /// <inheritdoc />
    public override int Order => 2;

    /// <inheritdoc />
    protected override ExperimentOutcome Run(StefaLandConfig config, RunFolder folder, RunContext context) =>
        Report(Replicate(config, folder, context), folder);

    /// <summary>Step 1, the data: the sites <paramref name="config"/>'s <c>data</c> key names (<see cref="LoadData"/>:
    /// the synthetic world, CAMELS-US or the generic layout) and their arrays.</summary>
    public static StefaLandInputs PrepareData(StefaLandConfig config, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var source = LoadData(config);
        context.Report(source.Description);
        var raw = StefaLandData.From(source.Dataset, config.TestYears);
        return new StefaLandInputs(source.Dataset, raw, source.Description);
    }

    /// <summary>Step 3, training and scoring: <see cref="RunFold"/> for each of <paramref name="folds"/> in order (the
    /// secondary tasks on the first fold when it is a PUB fold and <c>secondary_tasks</c> is on), checkpoints in
    /// <paramref name="folder"/>.</summary>
    public static StefaLandResult RunFolds(StefaLandInputs inputs, IReadOnlyList<Fold> folds, StefaLandConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        var result = new StefaLandResult(config, inputs.Description);
        for (var f = 0; f < folds.Count; f++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            RunFold(inputs.Raw, folds[f], config, result, secondary: config.SecondaryTasks && f == 0 && folds[f].Split == "pub", context, folder);
        }
        return result;
    }

    /// <summary>Step 4, the report: site_scores.csv into <paramref name="folder"/>, the metrics (median scores beside
    /// the paper's) and the run's report page, which <see cref="ExperimentRunner.Finish"/> writes as metrics.json and
    /// report.html.</summary>
    public static ExperimentOutcome Report(StefaLandResult result, RunFolder folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(folder);
        folder.WriteText("site_scores.csv", result.SiteScoresCsv());
        var metrics = result.ToMetrics();
        var page = new HtmlReport(ExperimentTitle);
        page.AddHtml(StefaLandReport.Build(result, metrics).BodyHtml);
        return new ExperimentOutcome(metrics, page, result);
    }

    /// <summary>The seeded synthetic world of <paramref name="config"/>.</summary>
    public static HydroDataset MakeWorld(StefaLandConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return SyntheticHydroWorld.Generate(config.World());
    }

    /// <summary>The sites <paramref name="config"/>'s <c>data</c> key names (the synthetic world, CAMELS-US or the generic
    /// layout), checked for what the run needs, with a sentence saying what they are (<see cref="StefaLandSources"/>).</summary>
    public static StefaLandSource LoadData(StefaLandConfig config) => StefaLandSources.Load(config);

    /// <summary>Step 2, the folds: the PUB folds then the PUR folds the config asks for.</summary>
    public static IReadOnlyList<Fold> Folds(HydroDataset dataset, StefaLandConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return [.. StefaLandProtocol.Pub(dataset, config.PubFolds, config.PubFoldsRun, config.Seed),
            .. StefaLandProtocol.Pur(dataset, config.PurRegions)];
    }

    /// <summary>Pretrains a fresh encoder on <paramref name="fold"/>'s training sites (seeded from the fold); with
    /// <paramref name="checkpointFolder"/>, the trainer checkpoints there (and resumes when the context says so).</summary>
    internal static (StefaLandEncoder Encoder, List<double> Loss) Pretrain(NormalizedData data, Fold fold, StefaLandConfig config,
        RunContext? context = null, string? checkpointFolder = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fold);
        TorchEngine.EnsureLoaded();
        var seed = FoldSeed(config, fold, 0);
        torch.manual_seed(seed);
        var encoder = new StefaLandEncoder(config, data.Raw.Forcings.Count, data.Raw.Attributes.Count);
        using var model = new StefaLandPretrainModelOwner(encoder);
        var loss = StefaLandTask.Pretrain(model.Model, data, fold.TrainSites, config, seed,
            (e, l) => context?.Report(string.Create(CultureInfo.InvariantCulture, $"{fold.Name} pretrain epoch {e}/{config.PretrainEpochs}: masked NSE loss {l:F4}")),
            checkpointFolder, context?.Resume ?? false, line => context?.Report($"{fold.Name} pretrain: {line}"), context?.Cancellation ?? default);
        return (encoder, loss);
    }

    /// <summary>Fine-tunes model <paramref name="name"/> on <paramref name="target"/> for <paramref name="fold"/>,
    /// predicts the test sites over the test period and scores them; returns the model (caller disposes it, but not
    /// the shared pretrained encoder), the loss curve and the predictions [test site][day].</summary>
    internal static (SiteSequenceModel Model, List<double> Loss, float[][] Predicted) FitAndPredict(string name, string target,
        StefaLandEncoder pretrained, NormalizedData data, Fold fold, StefaLandConfig config, RunContext? context = null,
        string? checkpointFolder = null)
    {
        ArgumentNullException.ThrowIfNull(fold);
        ArgumentNullException.ThrowIfNull(data);
        var index = StefaLandResult.Models.ToList().IndexOf(name) + 1 + (target == HydroVariables.Streamflow ? 0 : 10);
        var seed = FoldSeed(config, fold, index);
        TorchEngine.EnsureLoaded();
        torch.manual_seed(seed);
        var model = StefaLandModels.Create(name, pretrained, data, config);
        var epochs = config.FinetuneEpochsOf(name);
        var loss = StefaLandTask.Finetune(model, data, target, fold.TrainSites, config, seed, epochs,
            (e, l) => context?.Report(string.Create(CultureInfo.InvariantCulture, $"{fold.Name} {name} ({target}) epoch {e}/{epochs}: NSE* loss {l:F4}")),
            checkpointFolder, context?.Resume ?? false, line => context?.Report($"{fold.Name} {name} ({target}): {line}"),
            context?.Cancellation ?? default);
        var predicted = StefaLandEvaluation.Predict(model, data, target, fold.TestSites, data.Raw.TrainDays, data.Raw.Days, config);
        return (model, loss, predicted);
    }

    /// <summary>Runs one fold: pretraining, the four streamflow models, and (when <paramref name="secondary"/>) soil
    /// moisture, texture and landslides; everything lands in <paramref name="result"/>. With a
    /// <paramref name="folder"/> (and <c>save_checkpoints</c>), the encoder and the stefaland adapter are saved under
    /// its checkpoints/.</summary>
    internal static void RunFold(StefaLandData raw, Fold fold, StefaLandConfig config, StefaLandResult result, bool secondary,
        RunContext? context = null, RunFolder? folder = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(fold);
        ArgumentNullException.ThrowIfNull(result);
        TorchEngine.EnsureLoaded();
        var data = raw.Normalize(fold.TrainSites);
        var ids = raw.Dataset.Sites;
        result.Folds.Add(new FoldRecord(fold.Split, fold.Name, fold.TrainSites.Select(i => ids[i].Id).ToArray(), fold.TestSites.Select(i => ids[i].Id).ToArray()));
        // The trainers' own checkpoints (for --resume) under checkpoints/training/<fold>/, whatever save_checkpoints says.
        var training = folder is null ? null : Path.Combine(folder.Checkpoints, "training", fold.Name);
        var (encoder, pretrainLoss) = Pretrain(data, fold, config, context, training is null ? null : Path.Combine(training, "pretrain"));
        using var owned = encoder;
        result.PretrainLoss[fold.Name] = pretrainLoss;
        var checkpoints = folder is not null && config.SaveCheckpoints ? folder.Checkpoints : null;
        if (checkpoints is not null)
        {
            var path = Path.Combine(checkpoints, $"{fold.Name}-encoder.safetensors");
            Checkpoint.Save(path, encoder, epoch: config.PretrainEpochs);
            folder!.Record(path);
        }
        // The gauged split (the world and pipeline can be learnt at all): the first PUB fold's own training sites scored
        // over the test period, once per site (later PUB folds would score the same sites again).
        var gauged = fold.Split == "pub" && !result.Streamflow.Any(s => s.Split == GaugedSplit);
        var targets = new List<string> { HydroVariables.Streamflow };
        if (secondary && raw.Targets.ContainsKey(HydroVariables.SoilMoisture)) targets.Add(HydroVariables.SoilMoisture);
        foreach (var target in targets)
        {
            var observed = raw.Targets[target];
            var series = fold.TestSites.Select(s => new SiteSeries(target, fold.Split, ids[s].Id, raw.Start.AddDays(raw.TrainDays),
                observed.AsSpan(s * raw.Days + raw.TrainDays, raw.Days - raw.TrainDays).ToArray(), new Dictionary<string, float[]>(StringComparer.Ordinal))).ToArray();
            var models = (target == HydroVariables.Streamflow ? StefaLandResult.Models : ["stefaland", "lstm"]).Where(config.Models.Contains).ToArray();
            foreach (var name in models)
            {
                var (model, loss, predicted) = FitAndPredict(name, target, encoder, data, fold, config, context,
                    training is null ? null : Path.Combine(training, $"{name}-{target}"));
                result.FinetuneLoss[$"{fold.Name}/{name}/{target}"] = loss;
                if (checkpoints is not null && name == "stefaland" && target == HydroVariables.Streamflow)
                {
                    var path = Path.Combine(checkpoints, $"{fold.Name}-stefaland-adapter.safetensors");
                    Checkpoint.Save(path, ((AdapterModel)model).Adapter, epoch: config.FinetuneEpochsOf(name));
                    folder!.Record(path);
                }
                if (gauged && target == HydroVariables.Streamflow)
                {
                    StefaLandEvaluation.ScoreGauged(model, name, raw, data, fold, config, result);
                    var gaugedMedian = EarthEmbed.Metrics.Hydrology.MedianOverSites(result.Streamflow.Where(s => s.Split == GaugedSplit && s.Model == name).Select(s => s.Nse));
                    context?.Report(string.Create(CultureInfo.InvariantCulture, $"{fold.Name} {name} ({target}): gauged median NSE {gaugedMedian:F3} over {fold.TrainSites.Count} training sites"));
                }
                StefaLandModels.DisposeKeepingEncoder(model);
                for (var i = 0; i < series.Length; i++)
                {
                    series[i].Predicted[name] = predicted[i];
                    var score = SiteScore.Of(name, fold.Split, fold.Name, ids[fold.TestSites[i]], series[i].Observed, predicted[i]);
                    (target == HydroVariables.Streamflow ? result.Streamflow : result.SoilMoisture).Add(score);
                }
                var median = EarthEmbed.Metrics.Hydrology.MedianOverSites(
                    (target == HydroVariables.Streamflow ? result.Streamflow : result.SoilMoisture).Where(s => s.Fold == fold.Name && s.Split == fold.Split && s.Model == name).Select(s => s.Nse));
                context?.Report(string.Create(CultureInfo.InvariantCulture, $"{fold.Name} {name} ({target}): median NSE {median:F3} over {series.Length} test sites"));
            }
            result.Series.AddRange(series);
        }
        // Real data without texture targets or landslide records skip those tasks rather than score nothing.
        if (secondary && (raw.HasTexture || raw.HasLandslides))
        {
            if (raw.HasTexture) result.Tasks.AddRange(StaticTasks.Texture(encoder, data, fold.TrainSites, fold.TestSites, config, FoldSeed(config, fold, 20)));
            if (raw.HasLandslides) result.Tasks.AddRange(StaticTasks.Landslides(encoder, data, fold.TrainSites, fold.TestSites, config, FoldSeed(config, fold, 21)));
            context?.Report($"{fold.Name} texture and landslides: " + string.Join(", ", result.Tasks.Where(t => t.Model == "stefaland")
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Task} {t.Metric} {t.Value:F3}"))));
        }
    }

    /// <summary>The steps up to the result, in order (<see cref="PrepareData"/>, <see cref="Folds"/>,
    /// <see cref="RunFolds"/>), checkpoints into <paramref name="folder"/> (<see cref="Report"/> writes site_scores.csv;
    /// the folder's owner writes metrics.json).</summary>
    public static StefaLandResult Replicate(StefaLandConfig config, RunFolder folder, RunContext context)
    {
        var inputs = PrepareData(config, context);
        return RunFolds(inputs, Folds(inputs.World, config), config, folder, context);
    }

    /// <summary>Split name of the gauged check: a PUB fold's training sites scored over the test period (their own later
    /// years), the temporal holdout of sites the models were trained on.</summary>
    public const string GaugedSplit = "gauged";

    private static int FoldSeed(StefaLandConfig config, Fold fold, int model) =>
        unchecked(config.Seed * 1000 + (fold.Split == "pub" ? 0 : 500) + StableIndex(fold.Name) * 31 + model);

    private static int StableIndex(string name)
    {
        var h = 0;
        foreach (var c in name) h = unchecked(h * 131 + c) & 0xFFFF;
        return h;
    }
}
