using System.Globalization;
using System.Text;
using EarthEmbed.Engine;
using EarthEmbed.Runs;
using EarthEmbed.Training;
using YamlDotNet.Serialization;

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

/// <summary>The height replication end to end (paper 1): data, U-Net / U-Net++ / ridge, streaming prediction of both
/// splits into GeoTIFFs, metrics against the paper's, files in the run folder. The steps are public so a notebook can
/// walk through them one by one; <see cref="Run(ExperimentOptions)"/> chains them.</summary>
public static class HeightExperiment
{
    /// <summary>The experiment's name (CLI, metrics.json).</summary>
    public const string Name = "height";

    /// <summary>The config of a run: the mode's factory, overridden by the keys of
    /// <see cref="ExperimentOptions.ConfigPath"/> when given, then the seed from <see cref="ExperimentOptions.Seed"/>.</summary>
    public static HeightConfig ResolveConfig(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = options.Quick ? HeightConfig.Quick() : HeightConfig.Full();
        if (options.ConfigPath is { } path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"config file '{path}' does not exist", path);
            config = Overlay(config, File.ReadAllText(path), path);
        }
        if (options.Seed is { } seed) config.ApplySeed(seed);
        config.Validate();
        return config;
    }

    /// <summary>Applies the keys present in <paramref name="yaml"/> on top of <paramref name="baseline"/> (nested
    /// sections merge key by key); unknown keys are rejected with the file named.</summary>
    public static HeightConfig Overlay(HeightConfig baseline, string yaml, string source = "<text>")
    {
        var deserializer = new Deserializer();
        var tree = deserializer.Deserialize<Dictionary<object, object>>(ConfigFile.Save(baseline)) ?? [];
        var overrides = string.IsNullOrWhiteSpace(yaml) ? [] : deserializer.Deserialize<Dictionary<object, object>>(yaml) ?? [];
        Merge(tree, overrides);
        return ConfigFile.Parse<HeightConfig>(new Serializer().Serialize(tree), source);
    }

    /// <summary>Runs every step into <see cref="ExperimentOptions.OutDir"/>: config.yaml, metrics.json,
    /// bias_by_bin.csv, history_&lt;model&gt;.json, checkpoints/&lt;model&gt;/best.safetensors (+ last), checkpoints/ridge.safetensors,
    /// predictions/&lt;model&gt;_test.tif and _train.tif.</summary>
    public static HeightResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = ResolveConfig(options);
        return Run(config, options.OutDir, options.Report, options.Cancellation);
    }

    /// <summary>Runs every step with an explicit config.</summary>
    public static HeightResult Run(HeightConfig config, string outDir, Action<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        TorchEngine.EnsureLoaded();
        Directory.CreateDirectory(outDir);
        ConfigFile.CopyInto(config, outDir);
        var files = new List<string> { Path.Combine(outDir, "config.yaml") };

        var scene = HeightData.Prepare(config);
        log?.Invoke($"data: {scene.Description}");

        var histories = new Dictionary<string, TrainingHistory>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var predictions = new List<SplitPrediction>();
        foreach (var name in config.Models)
        {
            cancel.ThrowIfCancellationRequested();
            using var trained = HeightTraining.TrainNetwork(name, scene, config, Path.Combine(outDir, "checkpoints", name), log, cancel);
            histories[name] = trained.History;
            seconds[name] = trained.Seconds;
            files.Add(trained.BestCheckpoint);
            AtomicFile.WriteAllText(Path.Combine(outDir, $"history_{name}.json"), trained.History.ToJson());
            using var predictor = HeightModelFile.LoadPredictor(trained.BestCheckpoint);  // from the file, as 'predict' does
            predictions.AddRange(PredictSplits(name, scene, predictor, config, outDir, files, log));
        }

        var ridgeClock = System.Diagnostics.Stopwatch.StartNew();
        var ridgePath = Path.Combine(outDir, "checkpoints", "ridge.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(ridgePath)!);
        HeightTraining.FitRidge(scene, config, ridgePath);
        seconds["ridge"] = ridgeClock.Elapsed.TotalSeconds;
        files.Add(ridgePath);
        using (var ridge = HeightModelFile.LoadPredictor(ridgePath))
            predictions.AddRange(PredictSplits("ridge", scene, ridge, config, outDir, files, log));

        return Summarise(config, scene, histories, seconds, predictions, outDir, files);
    }

    /// <summary>The last step: metrics.json (ours and the paper's), bias_by_bin.csv, and the result record.</summary>
    public static HeightResult Summarise(HeightConfig config, HeightScene scene, IReadOnlyDictionary<string, TrainingHistory> histories,
        IReadOnlyDictionary<string, double> seconds, IReadOnlyList<SplitPrediction> predictions, string outDir, List<string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(predictions);
        files ??= [];
        Directory.CreateDirectory(outDir);
        var metrics = new MetricsReport(Name, scene.Description);
        foreach (var p in predictions)
            foreach (var (metric, value) in p.Metrics.Named()) metrics.Add(p.Model, p.Split, metric, value);
        HeightPaper.AddTo(metrics);
        metrics.Save(outDir);
        files.Add(Path.Combine(outDir, "metrics.json"));

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

    private static void Merge(Dictionary<object, object> target, Dictionary<object, object> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            if (value is Dictionary<object, object> child && target.TryGetValue(key, out var existing) && existing is Dictionary<object, object> section)
                Merge(section, child);
            else
                target[key] = value;
        }
    }
}
