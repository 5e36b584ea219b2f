using System.Diagnostics;
using System.Globalization;
using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Geo;
using EarthEmbed.Metrics;
using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Everything a JointSeg run produced, for the report and the notebook.</summary>
public sealed record JointSegRun
{
    /// <summary>The resolved config (also in config.yaml).</summary>
    public required JointSegConfig Config { get; init; }

    /// <summary>metrics.json's content.</summary>
    public required MetricsReport Metrics { get; init; }

    /// <summary>Training loss per step, by model.</summary>
    public required Dictionary<string, List<double>> Losses { get; init; }

    /// <summary>Whole-scene test predictions, by model (scenes in the same order for every model).</summary>
    public required Dictionary<string, List<ScenePrediction>> Predictions { get; init; }

    /// <summary>Pooled confusion matrices, by model and split.</summary>
    public required Dictionary<string, Dictionary<string, Confusion>> Confusions { get; init; }

    /// <summary>The Olinda qualitative result, or null when the sample is missing.</summary>
    public OlindaResult? Olinda { get; init; }

    /// <summary>The 1 m ISA probability GeoTIFF written by streaming tiled prediction.</summary>
    public required string IsaGeoTiff { get; init; }

    /// <summary>Files written.</summary>
    public required List<string> Files { get; init; }

    /// <summary>Training time per model, seconds (wall).</summary>
    public required Dictionary<string, double> TrainSeconds { get; init; }
}

/// <summary>The JointSeg replication end to end: scenes, the three models, metrics at 1 m, the streamed GeoTIFF
/// and the Olinda check. Each step is public so the notebook can walk through them.</summary>
public static class JointSegPipeline
{
    /// <summary>The training and test scenes with a sentence on where they come from (metrics.json's "data"):
    /// <see cref="MakeScenes"/> for <c>data: synthetic</c>, the user's rasters through <see cref="RasterScenes"/> for
    /// <c>data: rasters</c> (paths as given: absolute, relative to the working directory, or GDAL virtual paths).</summary>
    public static RasterSceneSet Scenes(JointSegConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (config.Data == "rasters")
            return RasterScenes.Read(new RasterSceneSource
            {
                Image10m = config.Image10m!, Bands = config.ImageBands, Labels1m = config.Labels1m!,
                Image1m = string.IsNullOrWhiteSpace(config.Image1m) ? null : config.Image1m, Factor = config.Factor,
                SceneSize = config.SceneSize, TestFraction = config.TestFraction, MinValidLabel = config.MinValidLabel,
            });
        var (train, test) = MakeScenes(config);
        return new RasterSceneSet(train, test, string.Create(CultureInfo.InvariantCulture,
            $"synthetic 1 m scenes (seed {config.Seed}): {config.TrainUrban} urban + {config.TrainRural} rural for training, {config.TestUrban} + {config.TestRural} for test, {config.SceneSize * 10} m square; 10 m input by Gaussian PSF + 10x block mean + noise. Paper: Sentinel-2 with Jilin-1 targets over China (F1 of bilinear_unet derived from the reported +9.5 points)."));
    }

    /// <summary>The synthetic training and test scenes (other seeds for test), urban first.</summary>
    public static (List<SuperResolutionSample> Train, List<SuperResolutionSample> Test) MakeScenes(JointSegConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sensor = new SensorModel(config.PsfSigma, config.SensorNoise);
        List<SuperResolutionSample> Make(int urban, int rural, int offset) =>
            Enumerable.Range(0, urban).Select(i => (SceneType.Urban, i)).Concat(Enumerable.Range(0, rural).Select(i => (SceneType.Rural, i)))
                .Select((t, k) =>
                {
                    var seed = ((long)config.Seed * 1000) + offset + ((int)t.Item1 * 100) + t.i;
                    var spec = new SceneSpec(t.Item1, seed, config.SceneSize, config.Factor, 500000 + (((offset / 500) * 40) + k) * 2000.0, 5000000);
                    return SyntheticScenes.Make(spec, sensor, $"{(offset == 0 ? "train" : "test")}-{t.Item1.ToString().ToLowerInvariant()}-{t.i}");
                }).ToList();
        return (Make(config.TrainUrban, config.TrainRural, 0), Make(config.TestUrban, config.TestRural, 500));
    }

    /// <summary>Writes <paramref name="scenes"/> as GeoTIFF triplets into <paramref name="folder"/> and reads them
    /// back through <see cref="SceneFiles.Read"/>: the same path real Sentinel-2 / 1 m data would take.</summary>
    public static List<SuperResolutionSample> ThroughFiles(IEnumerable<SuperResolutionSample> scenes, string folder, List<string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        var result = new List<SuperResolutionSample>();
        foreach (var s in scenes)
        {
            var (low, high, label) = SceneFiles.Write(s, folder, s.Name);
            var highPath = s.HighRes is null ? null : high;
            files?.AddRange(highPath is null ? [low, label] : [low, high, label]);
            result.Add(SceneFiles.Read(low, highPath, label, s.Type, s.Bands, name: s.Name));
        }
        return result;
    }

    /// <summary>Looks for data-samples/olinda/L7_ETMs.tif above the working directory and the program folder.</summary>
    public static string? FindOlinda()
    {
        var path = DataPaths.Resolve(Path.Combine("data-samples", "olinda", "L7_ETMs.tif"));
        return File.Exists(path) ? path : null;
    }

    /// <summary>Streams <paramref name="model"/> over the 10 m GeoTIFF <paramref name="lowResPath"/> seen on its 1 m
    /// grid, writing the ISA probability GeoTIFF <paramref name="output"/> tile by tile.</summary>
    public static TilingReport PredictGeoTiff(nn.Module<Tensor, Tensor> model, BandStats stats, JointSegConfig config, string lowResPath, string output)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var raster = RasterDataset.Open(lowResPath);
        var view = new FineGridView(raster, config.Factor);
        var predictor = new FineGridPredictor(model, stats, config.Factor, raster.BandCount);
        return TiledPrediction.Run(view, predictor, output, new TiledPredictionOptions
        {
            TileSize = config.TileSize, Overlap = config.TileOverlap, BatchSize = 1, Padding = EdgePadding.Edge,
            Output = new GeoTiffOptions { NoData = double.NaN, BandDescriptions = ["isa_probability"] },
        });
    }

    /// <summary>Runs the replication into <paramref name="folder"/>: the test scenes as GeoTIFFs under data/, one
    /// checkpoint per model, the streamed 1 m ISA probability under predictions/; the metrics are returned (the
    /// folder's owner writes metrics.json, report.html and files.json).</summary>
    public static JointSegRun Run(JointSegConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var outDir = folder.Path;
        var files = new List<string>();

        var (trainScenes, testScenes, description) = Scenes(config);
        testScenes = ThroughFiles(testScenes, Path.Combine(outDir, "data"), files);
        context.Report(string.Create(CultureInfo.InvariantCulture,
            $"scenes: {trainScenes.Count} train, {testScenes.Count} test, {config.SceneSize * config.Factor} px at 1 m; ISA share train {trainScenes.Average(s => s.Label!.Count(v => v == 1) / (double)Math.Max(1, s.Label!.Count(v => v != 255))):P1}"));
        var stats = BandStats.From(trainScenes);
        var train = trainScenes.Select(s => new SceneTensors(s, stats)).ToList();
        var test = testScenes.Select(s => new SceneTensors(s, stats)).ToList();
        var metrics = new MetricsReport("jointseg", description);
        var losses = new Dictionary<string, List<double>>();
        var predictions = new Dictionary<string, List<ScenePrediction>>();
        var confusions = new Dictionary<string, Dictionary<string, Confusion>>();
        var seconds = new Dictionary<string, double>();
        JointSegModel? joint = null;
        string isaPath = Path.Combine(folder.Predictions, "isa_probability_1m.tif");
        try
        {
            foreach (var name in JointSegModels.Names)
            {
                var model = JointSegModels.Create(name, config, config.Seed, stats.Mean.Length);
                var watch = Stopwatch.StartNew();
                // The trainer's own checkpoints (last, previous, best) per model; with --resume a finished model resumes
                // to its end at once (its final weights and per-step losses come from the checkpoint).
                losses[name] = JointSegTraining.Train(model, train, config, config.Seed + 1, context.Progress, name: name,
                    checkpointFolder: Path.Combine(folder.Checkpoints, $"{name}.training"), resume: context.Resume, cancellation: context.Cancellation);
                seconds[name] = watch.Elapsed.TotalSeconds;
                var checkpoint = Path.Combine(folder.Checkpoints, $"{name}.safetensors");
                Checkpoint.Save(checkpoint, model, step: config.Steps, metadata: new Dictionary<string, string>
                {
                    ["model"] = name, ["band_mean"] = string.Join(",", stats.Mean.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                    ["band_std"] = string.Join(",", stats.Std.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                });
                files.Add(checkpoint);
                predictions[name] = test.Select(t => JointSegEvaluation.Predict(model, t, stats)).ToList();
                confusions[name] = JointSegEvaluation.Score(metrics, name, predictions[name], config.Threshold);
                context.Report(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: test F1 {confusions[name]["test"].F1:0.000}, IoU {confusions[name]["test"].IoU:0.000} ({seconds[name]:0} s training)"));
                if (model is JointSegModel j) joint = j;
                else model.Dispose();
            }
            JointSegPaper.AddTo(metrics);

            var showcase = testScenes.FirstOrDefault(s => s.Type == SceneType.Urban) ?? testScenes[0];
            var tiling = PredictGeoTiff(joint!, stats, config, SceneFiles.Paths(Path.Combine(outDir, "data"), showcase.Name).LowRes, isaPath);
            files.Add(isaPath);
            context.Report($"streamed {tiling.TilesPredicted} tile(s) into {isaPath}");

            var olindaPath = FindOlinda();
            var olinda = olindaPath is null ? null : OlindaSample.Run(olindaPath, joint!, config.OlindaWindow);
            context.Report(olinda is null ? "Olinda sample not found (data-samples/olinda): skipped" :
                string.Create(CultureInfo.InvariantCulture, $"Olinda: {olinda.Size}x{olinda.Size} window super-resolved, ISA share {olinda.IsaShare:P1}"));
            foreach (var file in files) folder.Record(file);
            return new JointSegRun
            {
                Config = config, Metrics = metrics, Losses = losses, Predictions = predictions, Confusions = confusions,
                Olinda = olinda, IsaGeoTiff = isaPath, Files = files, TrainSeconds = seconds,
            };
        }
        finally
        {
            joint?.Dispose();
            foreach (var t in train.Concat(test)) t.Dispose();
        }
    }
}
