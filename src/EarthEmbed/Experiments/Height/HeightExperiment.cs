using EarthEmbed.Geo;
using System.Globalization;
using System.Text;
using EarthEmbed.Engine;
using EarthEmbed.Runs;
using EarthEmbed.Training;

namespace EarthEmbed.Experiments.Height;

/// <summary>Everything one run of the height replication produced, for reports and notebooks.</summary>
public sealed record HeightResult(
    HeightConfig Config,
    HeightScene Scene,
    MetricsReport Metrics,
    IReadOnlyDictionary<string, TrainingHistory> Histories,
    IReadOnlyDictionary<string, double> TrainingSeconds,
    IReadOnlyList<SplitPrediction> Predictions,
    IReadOnlyList<HeightBinBias> BinBias,
    IReadOnlyList<string> Files,
    string OutDir)
{
    /// <summary>Model names in report order: the networks, then ridge.</summary>
    public IReadOnlyList<string> ModelNames => Predictions.Select(p => p.Model).Distinct().ToList();

    /// <summary>The prediction of <paramref name="model"/> on <paramref name="split"/>.</summary>
    public SplitPrediction Prediction(string model, string split) =>
        Predictions.FirstOrDefault(p => p.Model == model && p.Split == split)
        ?? throw new ArgumentException($"no prediction of '{model}' on '{split}' (models: {string.Join(", ", ModelNames)})");
}

/// <summary>The height replication end to end (paper 1, <c>earthembed replicate height</c>): data, U-Net / U-Net++ /
/// ridge, streaming prediction of both splits into GeoTIFFs, metrics against the paper's, files in the run folder.
/// The steps are public so a notebook can walk through them one by one; <see cref="Replicate"/> chains them.</summary>
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
    protected override ExperimentOutcome Run(HeightConfig config, RunFolder folder, RunContext context)
    {
        var result = Replicate(config, folder, context);
        return new ExperimentOutcome(result.Metrics, HeightReport.Build(result), result);
    }

    /// <summary>Runs every step into <paramref name="folder"/>: bias_by_bin.csv, history_&lt;model&gt;.json,
    /// checkpoints/&lt;model&gt;/best.safetensors (+ last), checkpoints/ridge.safetensors, predictions/&lt;model&gt;_test.tif and
    /// _train.tif; the metrics are in the result (the folder's owner writes metrics.json).</summary>
    public static HeightResult Replicate(HeightConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        config.Validate();
        TorchEngine.EnsureLoaded();
        var outDir = folder.Path;
        var (log, cancel) = ((Action<string>)context.Report, context.Cancellation);
        var files = new List<string>();

        var scene = HeightData.Prepare(config);
        log($"data: {scene.Description}");

        var histories = new Dictionary<string, TrainingHistory>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var predictions = new List<SplitPrediction>();
        foreach (var name in config.Models)
        {
            cancel.ThrowIfCancellationRequested();
            using var trained = HeightTraining.TrainNetwork(name, scene, config, Path.Combine(folder.Checkpoints, name), context.Resume, log, cancel);
            histories[name] = trained.History;
            seconds[name] = trained.Seconds;
            files.Add(trained.BestCheckpoint);
            files.Add(folder.WriteText($"history_{name}.json", trained.History.ToJson()));
            using var predictor = HeightModelFile.LoadPredictor(trained.BestCheckpoint);  // from the file, as 'predict' does
            predictions.AddRange(PredictSplits(name, scene, predictor, config, outDir, files, log));
        }

        var ridgeClock = System.Diagnostics.Stopwatch.StartNew();
        var ridgePath = Path.Combine(folder.Checkpoints, "ridge.safetensors");
        HeightTraining.FitRidge(scene, config, ridgePath);
        seconds["ridge"] = ridgeClock.Elapsed.TotalSeconds;
        files.Add(ridgePath);
        using (var ridge = HeightModelFile.LoadPredictor(ridgePath))
            predictions.AddRange(PredictSplits("ridge", scene, ridge, config, outDir, files, log));

        var result = Summarise(config, scene, histories, seconds, predictions, outDir, files);
        foreach (var file in result.Files) folder.Record(file);
        return result;
    }

    /// <summary>The last step: the metrics (ours and the paper's), bias_by_bin.csv in <paramref name="outDir"/>, and the
    /// result record. metrics.json is the run folder's to write (<see cref="RunFolder.WriteMetrics"/>).</summary>
    public static HeightResult Summarise(HeightConfig config, HeightScene scene, IReadOnlyDictionary<string, TrainingHistory> histories,
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
        HeightPaper.AddTo(metrics);

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
    public static IEnumerable<SplitPrediction> PredictSplits(string model, HeightScene scene, HeightTilePredictor predictor, HeightConfig config,
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
