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

/// <summary>The JointSeg replication's steps: <see cref="PrepareData"/> (scenes, band statistics, tensors) →
/// <see cref="Train"/> (the three models) → <see cref="Evaluate"/> (metrics at 1 m, the streamed GeoTIFF, the Olinda
/// check) → <see cref="JointSegExperiment.Report"/>. <see cref="JointSegExperiment"/>'s run composes them and nothing
/// else; notebook 03 calls the same ones, so its metrics.json equals a CLI run's of the same config and seed.</summary>
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

    /// <summary>Step 1, the data: the training and test scenes and their description (<see cref="Scenes"/>: synthetic,
    /// or the user's rasters), the test scenes written as
    /// GeoTIFFs under the run folder's data/ and read back (<see cref="ThroughFiles"/>), band statistics of the training
    /// scenes and the standardised tensors of both. The caller disposes the result (after <see cref="Evaluate"/>).</summary>
    public static JointSegInputs PrepareData(JointSegConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var files = new List<string>();
        var dataFolder = Path.Combine(folder.Path, "data");
        var (trainScenes, testScenes, description) = Scenes(config);
        testScenes = ThroughFiles(testScenes, dataFolder, files);
        foreach (var file in files) folder.Record(file);
        context.Report(string.Create(CultureInfo.InvariantCulture,
            $"scenes: {trainScenes.Count} train, {testScenes.Count} test, {config.SceneSize * config.Factor} px at 1 m; ISA share train {trainScenes.Average(s => s.Label!.Count(v => v == 1) / (double)Math.Max(1, s.Label!.Count(v => v != 255))):P1}"));
        var stats = BandStats.From(trainScenes);
        return new JointSegInputs(trainScenes, testScenes, stats, description, dataFolder, files);
    }

    /// <summary>Step 2, training: each model of <see cref="JointSegModels.Names"/> in order, with the trainer's own
    /// checkpoints under checkpoints/&lt;model&gt;.training/ (with <see cref="RunContext.Resume"/>, a finished model
    /// resumes to its end at once, its final weights and per-step losses from the checkpoint), then its weights and band
    /// statistics saved as checkpoints/&lt;model&gt;.safetensors. The caller disposes the result.</summary>
    public static JointSegTrainedModels Train(JointSegConfig config, JointSegInputs inputs, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var trained = new JointSegTrainedModels();
        try
        {
            foreach (var name in JointSegModels.Names)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var model = JointSegModels.Create(name, config, config.Seed, inputs.Stats.Mean.Length);
                trained.Models[name] = model;
                var watch = Stopwatch.StartNew();
                trained.Losses[name] = JointSegTraining.Train(model, inputs.TrainTensors, config, config.Seed + 1, context.Progress, name: name,
                    checkpointFolder: Path.Combine(folder.Checkpoints, $"{name}.training"), resume: context.Resume, cancellation: context.Cancellation);
                trained.Seconds[name] = watch.Elapsed.TotalSeconds;
                var checkpoint = Path.Combine(folder.Checkpoints, $"{name}.safetensors");
                Checkpoint.Save(checkpoint, model, step: config.Steps, metadata: new Dictionary<string, string>
                {
                    ["model"] = name, ["band_mean"] = string.Join(",", inputs.Stats.Mean.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                    ["band_std"] = string.Join(",", inputs.Stats.Std.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                });
                trained.Checkpoints[name] = checkpoint;
                folder.Record(checkpoint);
                context.Report(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {model.parameters().Sum(p => p.numel()):N0} parameters, {trained.Losses[name].Count} steps, {trained.Seconds[name]:0} s training"));
            }
            return trained;
        }
        catch
        {
            trained.Dispose();
            throw;
        }
    }

    /// <summary>Step 3, evaluation: every model predicts every test scene whole and is scored at 1 m per scene type
    /// (<see cref="JointSegEvaluation.Score"/>; metrics.json's content, beside the paper's numbers); JointSeg then
    /// streams its 1 m ISA probability over the first urban test scene's 10 m GeoTIFF into
    /// predictions/isa_probability_1m.tif (<see cref="PredictGeoTiff"/>) and super-resolves a window of the Olinda
    /// sample when it is there (<see cref="OlindaSample"/>).</summary>
    public static JointSegRun Evaluate(JointSegConfig config, JointSegInputs inputs, JointSegTrainedModels trained, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var metrics = new MetricsReport(JointSegExperiment.ExperimentName, inputs.Description);
        var predictions = new Dictionary<string, List<ScenePrediction>>();
        var confusions = new Dictionary<string, Dictionary<string, Confusion>>();
        foreach (var (name, model) in trained.Models)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            predictions[name] = inputs.TestTensors.Select(t => JointSegEvaluation.Predict(model, t, inputs.Stats)).ToList();
            confusions[name] = JointSegEvaluation.Score(metrics, name, predictions[name], config.Threshold);
            context.Report(string.Create(CultureInfo.InvariantCulture,
                $"{name}: test F1 {confusions[name]["test"].F1:0.000}, IoU {confusions[name]["test"].IoU:0.000} ({trained.Seconds[name]:0} s training)"));
        }
        JointSegPaper.AddTo(metrics);

        var joint = trained.Models.Values.OfType<JointSegModel>().Single();
        var showcase = inputs.Test.FirstOrDefault(s => s.Type == SceneType.Urban) ?? inputs.Test[0];
        var isaPath = Path.Combine(folder.Predictions, "isa_probability_1m.tif");
        var tiling = PredictGeoTiff(joint, inputs.Stats, config, SceneFiles.Paths(inputs.DataFolder, showcase.Name).LowRes, isaPath);
        folder.Record(isaPath);
        context.Report($"streamed {tiling.TilesPredicted} tile(s) into {isaPath}");

        var olindaPath = FindOlinda();
        var olinda = olindaPath is null ? null : OlindaSample.Run(olindaPath, joint, config.OlindaWindow);
        context.Report(olinda is null ? "Olinda sample not found (data-samples/olinda): skipped" :
            string.Create(CultureInfo.InvariantCulture, $"Olinda: {olinda.Size}x{olinda.Size} window super-resolved, ISA share {olinda.IsaShare:P1}"));
        return new JointSegRun
        {
            Config = config, Metrics = metrics, Losses = new(trained.Losses), Predictions = predictions, Confusions = confusions,
            Olinda = olinda, IsaGeoTiff = isaPath, Files = [.. inputs.Files, .. trained.Checkpoints.Values, isaPath],
            TrainSeconds = new(trained.Seconds),
        };
    }
}
