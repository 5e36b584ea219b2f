using EarthEmbed.Geo;
using System.Globalization;
using System.Text;
using EarthEmbed.Engine;
using EarthEmbed.Runs;
using EarthEmbed.Training;

namespace EarthEmbed.Experiments.Height;

/// <summary>The height replication end to end (paper 1, <c>earthembed replicate height</c>): data, U-Net / U-Net++ /
/// ridge, streaming prediction of both splits into GeoTIFFs, metrics against the paper's, files in the run folder.
/// A run is four public steps, <see cref="PrepareData"/> → <see cref="Train"/> → <see cref="Evaluate"/> →
/// <see cref="Report"/>, which <see cref="IExperiment.Run"/> composes and nothing else; notebook 01 calls the same four
/// (between <see cref="ExperimentRunner.Start"/> and <see cref="ExperimentRunner.Finish"/>), so its metrics.json equals
/// a CLI run's of the same config and seed.</summary>
public sealed class HeightExperiment : Experiment<HeightConfig>
{
    /// <summary>The experiment's name (CLI, metrics.json, configs/height.*.yaml).</summary>
    public const string ExperimentName = "height";

    /// <inheritdoc />
    public override string Name => ExperimentName;

    /// <inheritdoc />
    public override string Title => "Paper 1: surface height from AlphaEarth embeddings (U-Net, U-Net++, ridge)";

    /// <inheritdoc />
    public override int Order => 1;

    /// <inheritdoc />
    protected override ExperimentOutcome Run(HeightConfig config, RunFolder folder, RunContext context) =>
        Report(SeedRepeats.IsRepeated(config) ? ReplicateSeeds(config, folder, context) : Replicate(config, folder, context));

    /// <summary>A repeated run (<c>seeds</c> listed): <see cref="Replicate"/> once per seed in seed&lt;N&gt;/ through
    /// <see cref="SeedRepeats.Replicate"/>, the metrics merged over seeds and the paper's claims decided on the pooled
    /// per-tile pairs (<see cref="HeightEvaluation.TileScores"/>, <see cref="HeightEvaluation.AddClaims"/>); returns the
    /// first seed's result carrying the merged metrics and every seed's result.</summary>
    internal static HeightResult ReplicateSeeds(HeightConfig config, RunFolder folder, RunContext context) =>
        SeedRepeats.Replicate(config, folder, context, ExperimentName, Replicate, r => r.Metrics,
            (first, seeds) => first.Scene.Description + $"; seeds {string.Join(", ", seeds)} (mean ± sd over seeds)",
            HeightEvaluation.TileScores, HeightEvaluation.AddClaims,
            (first, merged, all) => first with { Metrics = merged, SeedResults = all });

    /// <summary>The steps up to the result, in order (<see cref="PrepareData"/>, <see cref="Train"/>,
    /// <see cref="Evaluate"/>): bias_by_bin.csv, history_&lt;model&gt;.json, checkpoints/&lt;model&gt;/best.safetensors
    /// (+ last), checkpoints/ridge.safetensors, predictions/&lt;model&gt;_test.tif and _train.tif in
    /// <paramref name="folder"/>; the metrics are in the result (the folder's owner writes metrics.json).</summary>
    public static HeightResult Replicate(HeightConfig config, RunFolder folder, RunContext context)
    {
        var scene = PrepareData(config, context);
        var trained = Train(config, scene, folder, context);
        return Evaluate(config, scene, trained, folder, context);
    }

    /// <summary>Step 1, the data: the scene <paramref name="config"/> asks for (<see cref="HeightData.Prepare"/>), its
    /// description reported.</summary>
    public static HeightScene PrepareData(HeightConfig config, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        config.Validate();
        TorchEngine.EnsureLoaded();
        var scene = HeightData.Prepare(config);
        context.Report($"data: {scene.Description}");
        return scene;
    }

    /// <summary>Step 2, training: each network of <c>models</c> in order (<see cref="HeightTask.TrainNetwork(string,
    /// HeightScene, HeightConfig, string, bool, Action{string}?, CancellationToken)"/>, checkpoints under
    /// checkpoints/&lt;model&gt;/, history_&lt;model&gt;.json), then the ridge baseline (checkpoints/ridge.safetensors).
    /// With <see cref="RunContext.Resume"/>, each network continues from its last good checkpoint.</summary>
    public static HeightTrainedModels Train(HeightConfig config, HeightScene scene, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var (log, cancel) = ((Action<string>)context.Report, context.Cancellation);
        var checkpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        var histories = new Dictionary<string, TrainingHistory>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in config.Models)
        {
            cancel.ThrowIfCancellationRequested();
            using var trained = HeightTask.TrainNetwork(name, scene, config, Path.Combine(folder.Checkpoints, name), context.Resume, log, cancel);
            histories[name] = trained.History;
            seconds[name] = trained.Seconds;
            checkpoints[name] = trained.BestCheckpoint;
            folder.Record(trained.BestCheckpoint);
            folder.WriteText($"history_{name}.json", trained.History.ToJson());
            log(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {trained.Network.parameters().Sum(p => p.numel()):N0} parameters, best epoch {trained.History.BestEpoch + 1}, {trained.Seconds:0} s"));
        }

        cancel.ThrowIfCancellationRequested();
        var ridgeClock = System.Diagnostics.Stopwatch.StartNew();
        var ridgePath = Path.Combine(folder.Checkpoints, "ridge.safetensors");
        var ridge = HeightTask.FitRidge(scene, config, ridgePath);
        seconds["ridge"] = ridgeClock.Elapsed.TotalSeconds;
        checkpoints["ridge"] = ridgePath;
        folder.Record(ridgePath);
        log(string.Create(CultureInfo.InvariantCulture, $"ridge: fitted on {ridge.Count:N0} pixels"));
        return new HeightTrainedModels(checkpoints, histories, seconds);
    }

    /// <summary>Step 3, evaluation: each model reloaded from its checkpoint (as <c>earthembed predict</c> does) predicts
    /// both splits by streaming tiled prediction into predictions/&lt;model&gt;_&lt;split&gt;.tif
    /// (<see cref="PredictSplits"/>); then <see cref="Summarise"/> scores them against the reference (metrics.json's
    /// content, bias_by_bin.csv).</summary>
    public static HeightResult Evaluate(HeightConfig config, HeightScene scene, HeightTrainedModels trained, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var files = new List<string>();
        var predictions = new List<SplitPrediction>();
        foreach (var (name, checkpoint) in trained.Checkpoints)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            using var predictor = HeightModelFile.LoadPredictor(checkpoint);
            predictions.AddRange(PredictSplits(name, scene, predictor, config, folder.Path, files, context.Report));
        }
        var result = Summarise(config, scene, trained.Histories, trained.Seconds, predictions, folder.Path, files);
        foreach (var file in result.Files) folder.Record(file);
        return result;
    }

    /// <summary>Step 4, the report: the metrics (ours beside the paper's) and the run's report page
    /// (<see cref="HeightReport.Build"/>), which <see cref="ExperimentRunner.Finish"/> writes as metrics.json and
    /// report.html.</summary>
    public static ExperimentOutcome Report(HeightResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ExperimentOutcome(result.Metrics, HeightReport.Build(result), result);
    }

    /// <summary>The scoring inside <see cref="Evaluate"/>: the metrics (ours and the paper's), bias_by_bin.csv in
    /// <paramref name="outDir"/>, and the result record. metrics.json is the run folder's to write (<see cref="RunFolder.WriteMetrics"/>).</summary>
    internal static HeightResult Summarise(HeightConfig config, HeightScene scene, IReadOnlyDictionary<string, TrainingHistory> histories,
        IReadOnlyDictionary<string, double> seconds, IReadOnlyList<SplitPrediction> predictions, string outDir, List<string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(predictions);
        files ??= [];
        Directory.CreateDirectory(outDir);
        var metrics = new MetricsReport(ExperimentName, scene.Description);
        foreach (var p in predictions)
            foreach (var (metric, value) in p.Metrics.Named()) metrics.Add(p.Model, p.Split, metric, value);
        HeightPaperNumbers.AddTo(metrics);

        var edges = HeightEvaluation.BinEdges(scene, config.HeightBins);
        var bins = predictions.SelectMany(p => HeightEvaluation.BiasByBin(p, edges)).ToList();
        var csv = new StringBuilder("model,split,lower_m,upper_m,count,bias_m\n");
        foreach (var b in bins)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{b.Model},{b.Split},{b.Lower:0.###},{b.Upper:0.###},{b.Count},{b.Bias:0.####}"));
        AtomicFile.WriteAllText(Path.Combine(outDir, "bias_by_bin.csv"), csv.ToString());
        files.Add(Path.Combine(outDir, "bias_by_bin.csv"));
        return new HeightResult(config, scene, metrics, histories, seconds, predictions, bins, files, outDir);
    }

    /// <summary>Predicts both splits with one model into OUT/predictions/&lt;model&gt;_&lt;split&gt;.tif.</summary>
    internal static IEnumerable<SplitPrediction> PredictSplits(string model, HeightScene scene, HeightTilePredictor predictor, HeightConfig config,
        string outDir, List<string>? files = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var result = new List<SplitPrediction>();
        foreach (var split in new[] { "train", "test" })
        {
            var path = Path.Combine(outDir, "predictions", $"{model}_{split}.tif");
            var p = HeightEvaluation.Predict(model, split, scene, predictor, path, config);
            files?.Add(path);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{model} {split}: R² {p.Metrics.R2:0.000}  RMSE {p.Metrics.Rmse:0.00} m  median diff {p.Metrics.MedianDiff:0.00} m  NMAD {p.Metrics.Nmad:0.00} m"));
            result.Add(p);
        }
        return result;
    }
}
