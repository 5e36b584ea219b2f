using System.Diagnostics;
using System.Globalization;
using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Paper 3, JointSeg (<c>earthembed replicate jointseg</c>): 1 m impervious surface from 10 m
/// Sentinel-2-like images by joint progressive super-resolution and segmentation, against bilinear up-sampling +
/// U-Net and 10 m segmentation + nearest up-sampling. A run is four public steps,
/// <see cref="JointSegExperiment.PrepareData"/> → <see cref="JointSegExperiment.Train"/> →
/// <see cref="JointSegExperiment.Evaluate"/> → <see cref="Report"/> (<see cref="JointSegReport"/>), which
/// <see cref="IExperiment.Run"/> composes and nothing else; notebook 03 calls the same four, so its metrics.json equals
/// a CLI run's of the same config and seed.</summary>
public sealed class JointSegExperiment : Experiment<JointSegConfig>
{
    /// <summary>The experiment's name (CLI, metrics.json, configs/jointseg.*.yaml).</summary>
    public const string ExperimentName = "jointseg";

    /// <inheritdoc />
    public override string Name => ExperimentName;

    /// <inheritdoc />
    public override string Title => ExperimentTitle;

    /// <summary>The title of reports (<see cref="Title"/>).</summary>
    public const string ExperimentTitle = "Paper 3: JointSeg, 1 m impervious surface from 10 m Sentinel-2";

    /// <inheritdoc />
    public override int Order => 3;

    /// <inheritdoc />
    protected override ExperimentOutcome Run(JointSegConfig config, RunFolder folder, RunContext context) =>
        Report(SeedRepeats.IsRepeated(config) ? ReplicateSeeds(config, folder, context) : Replicate(config, folder, context));

    /// <summary>A repeated run (<c>seeds</c> listed): steps 1-3 once per seed in seed&lt;N&gt;/ through
    /// <see cref="SeedRepeats.Replicate"/>, every metric as mean ± sd over seeds (urban and rural F1 included: splits
    /// test_urban, test_rural) and the paper's claim decided on per-test-scene F1 pairs pooled over seeds
    /// (<see cref="JointSegEvaluation.SceneScores"/>, <see cref="JointSegEvaluation.AddClaims"/>); returns the first
    /// seed's run carrying the merged metrics and every seed's run.</summary>
    internal static JointSegRun ReplicateSeeds(JointSegConfig config, RunFolder folder, RunContext context) =>
        SeedRepeats.Replicate(config, folder, context, ExperimentName, Replicate, r => r.Metrics,
            (first, seeds) => first.Metrics.Data + $" Seeds {string.Join(", ", seeds)} (mean ± sd over seeds).",
            JointSegEvaluation.SceneScores, JointSegEvaluation.AddClaims,
            (first, merged, all) => first with { Metrics = merged, SeedRuns = all });

    /// <summary>Steps 1-3 of one seed (<see cref="JointSegExperiment.PrepareData"/>, <see cref="JointSegExperiment.Train"/>,
    /// <see cref="JointSegExperiment.Evaluate"/>), the inputs and the trained models freed afterwards.</summary>
    public static JointSegRun Replicate(JointSegConfig config, RunFolder folder, RunContext context)
    {
        using var inputs = JointSegExperiment.PrepareData(config, folder, context);
        using var trained = JointSegExperiment.Train(config, inputs, folder, context);
        return JointSegExperiment.Evaluate(config, inputs, trained, folder, context);
    }

    /// <summary>Step 4, the report: the metrics (ours beside the paper's) and the run's report page
    /// (<see cref="JointSegReport.Build"/>), which <see cref="ExperimentRunner.Finish"/> writes as metrics.json and
    /// report.html.</summary>
    public static ExperimentOutcome Report(JointSegRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var page = new HtmlReport(ExperimentTitle);
        page.AddHtml(JointSegReport.Build(run, headingLevel: 2).BodyHtml);
        return new ExperimentOutcome(run.Metrics, page, run);
    }

    /// <summary>Step 1, the data: the training and test scenes and their description (<see cref="JointSegData.Scenes"/>: synthetic,
    /// or the user's rasters), the test scenes written as
    /// GeoTIFFs under the run folder's data/ and read back (<see cref="JointSegData.ThroughFiles"/>), band statistics of the training
    /// scenes and the standardised tensors of both. The caller disposes the result (after <see cref="Evaluate"/>).</summary>
    public static JointSegInputs PrepareData(JointSegConfig config, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var files = new List<string>();
        var dataFolder = Path.Combine(folder.Path, "data");
        var (trainScenes, testScenes, description) = JointSegData.Scenes(config);
        testScenes = JointSegData.ThroughFiles(testScenes, dataFolder, files);
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
                trained.Losses[name] = JointSegTask.Train(model, inputs.TrainTensors, config, config.Seed + 1, context.Progress, name: name,
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
    /// predictions/isa_probability_1m.tif (<see cref="JointSegEvaluation.PredictGeoTiff"/>) and super-resolves a window of the Olinda
    /// sample when it is there (<see cref="OlindaSample"/>).</summary>
    public static JointSegRun Evaluate(JointSegConfig config, JointSegInputs inputs, JointSegTrainedModels trained, RunFolder folder, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(context);
        TorchEngine.EnsureLoaded();
        var metrics = new MetricsReport(ExperimentName, inputs.Description);
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
        JointSegPaperNumbers.AddTo(metrics);

        var joint = trained.Models.Values.OfType<JointSegModel>().Single();
        var showcase = inputs.Test.FirstOrDefault(s => s.Type == SceneType.Urban) ?? inputs.Test[0];
        var isaPath = Path.Combine(folder.Predictions, "isa_probability_1m.tif");
        var tiling = JointSegEvaluation.PredictGeoTiff(joint, inputs.Stats, config, SceneFiles.Paths(inputs.DataFolder, showcase.Name).LowRes, isaPath);
        folder.Record(isaPath);
        context.Report($"streamed {tiling.TilesPredicted} tile(s) into {isaPath}");

        var olindaPath = OlindaSample.Find();
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
