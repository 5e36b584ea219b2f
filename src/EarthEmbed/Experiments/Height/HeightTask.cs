using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Geo;
using EarthEmbed.Models.Ridge;
using EarthEmbed.Training;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.Height;

/// <summary>A trained network: the model (best epoch's weights restored), its spec, what training did, and where
/// its checkpoints are.</summary>
internal sealed record TrainedNetwork(string Name, HeightNetwork Network, HeightModelSpec Spec, TrainingHistory History,
    string BestCheckpoint, double Seconds) : IDisposable
{
    /// <summary>Frees the network.</summary>
    public void Dispose() => Network.Dispose();
}

/// <summary>Training the height models: U-Net and U-Net++ with <see cref="Trainer"/> on random patches of the
/// training block (validation strip for early stopping), and the per-pixel ridge baseline in closed form.</summary>
internal static class HeightTask
{
    /// <summary>The spec of network <paramref name="architecture"/> for <paramref name="scene"/> under
    /// <paramref name="config"/> (the target normaliser fitted on the training block).</summary>
    public static HeightModelSpec Spec(string architecture, HeightScene scene, HeightConfig config)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(config);
        var normalizer = TargetNormalizer.Fit(scene.TrainTargets());
        return new HeightModelSpec
        {
            Architecture = architecture,
            Encoder = config.Encoder,
            EncoderDepth = config.EncoderDepth,
            DecoderChannels = config.DecoderChannels.ToArray(),
            Bands = scene.Bands,
            TargetMean = normalizer.Mean,
            TargetStd = normalizer.Std,
            TrainedOn = scene.Description,
        };
    }

    /// <summary>Trains <paramref name="architecture"/> ("unet" or "unetpp"), writing checkpoints into
    /// <paramref name="folder"/> (last.safetensors every epoch, best.safetensors at each improvement); returns the
    /// network with the best epoch's weights.</summary>
    public static TrainedNetwork TrainNetwork(string architecture, HeightScene scene, HeightConfig config, string folder,
        Action<string>? log = null, CancellationToken cancel = default) => TrainNetwork(architecture, scene, config, folder, false, log, cancel);

    /// <summary>As <see cref="TrainNetwork(string, HeightScene, HeightConfig, string, Action{string}?, CancellationToken)"/>;
    /// with <paramref name="resume"/>, continues from the last good checkpoint in <paramref name="folder"/> (a network
    /// whose training and batch-norm recalibration finished is loaded as it was, without training).</summary>
    public static TrainedNetwork TrainNetwork(string architecture, HeightScene scene, HeightConfig config, string folder, bool resume,
        Action<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(config);
        TorchEngine.EnsureLoaded();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var spec = Spec(architecture, scene, config);
        manual_seed(config.Seed);  // weight initialisation
        var network = new HeightNetwork(spec);
        try
        {
            var (mean, std) = scene.InputStatistics();
            network.SetInputStatistics(mean, std);
            var train = PatchBatches.Random(scene, scene.TrainRegion, config.PatchSize, config.BatchSize, config.PatchesPerEpoch,
                config.Seed, config.Augment, config.MinValidFraction);
            var validation = PatchBatches.Grid(scene, scene.ValidationRegion, config.PatchSize, config.BatchSize);
            Directory.CreateDirectory(folder);
            var options = config.Training;
            var trainer = new Trainer(network, HeightLosses.WithLoss(new TrainerOptions
            {
                Epochs = options.Epochs, LearningRate = options.LearningRate, WeightDecay = options.WeightDecay,
                Schedule = options.Schedule, Patience = options.Patience, MinDelta = options.MinDelta,
                RestoreBest = true, ClipGradNorm = options.ClipGradNorm, Seed = options.Seed,
            }, config), new TargetNormalizer(spec.TargetMean, spec.TargetStd), folder)
            {
                Log = log is null ? null : line => log($"{architecture}: {line}"),
            };
            trainer.Metadata[HeightModelFile.SpecKey] = spec.ToJson();
            var history = trainer.Fit(train, validation, resume, cancel);
            // The trainer restored best.safetensors; once recalibrated (the last thing this method writes), it must
            // not be recalibrated again on resume (running averages would move).
            if (resume && Checkpoint.ReadMetadata(trainer.BestCheckpoint!).TryGetValue("batch_norm", out var done) && done == "recalibrated")
            {
                network.eval();
                return new TrainedNetwork(architecture, network, spec, history, trainer.BestCheckpoint!, clock.Elapsed.TotalSeconds);
            }
            manual_seed(config.Training.Seed + 104729);  // the same generator state whether or not the run was resumed
            RecalibrateBatchNorm(network, train, config.Training.Epochs + 1000);
            var meta = new TargetNormalizer(spec.TargetMean, spec.TargetStd).ToMetadata();
            meta[HeightModelFile.SpecKey] = spec.ToJson();
            meta["history"] = history.ToJson();
            meta["batch_norm"] = "recalibrated";
            Checkpoint.Save(trainer.BestCheckpoint!, network, epoch: Math.Max(history.BestEpoch, 0), metadata: meta);
            network.eval();
            return new TrainedNetwork(architecture, network, spec, history, trainer.BestCheckpoint!, clock.Elapsed.TotalSeconds);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Recomputes the batch-norm running statistics with the final weights: forward passes in training mode,
    /// without gradients, over fresh training patches (<paramref name="epoch"/> picks the draw). During a short
    /// training run with a high learning rate the running averages lag behind the weights, and evaluation-mode outputs
    /// then drift from training-mode ones; this closes the gap (as SWA's <c>update_bn</c> does).</summary>
    public static void RecalibrateBatchNorm(HeightNetwork network, IBatchSource batches, int epoch, int count = 32)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batches);
        network.train();
        using var noGrad = no_grad();
        var done = 0;
        while (done < count)
        {
            using var enumerator = batches.Batches(epoch++).GetEnumerator();
            while (done < count)
            {
                using var scope = NewDisposeScope();  // before MoveNext, so the batch's tensors are freed too
                if (!enumerator.MoveNext()) break;
                network.call(enumerator.Current.Input);
                done++;
            }
        }
        network.eval();
    }

    /// <summary>Fits the ridge baseline on the valid pixels of the training block (streamed in strips of rows) and
    /// saves it with its spec to <paramref name="path"/> when given.</summary>
    public static RidgeRegression FitRidge(HeightScene scene, HeightConfig config, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(config);
        TorchEngine.EnsureLoaded();
        var ridge = new RidgeRegression(config.RidgeLambda);
        var region = scene.TrainRegion;
        var source = scene.InputSource();
        const int strip = 32;
        for (var y = region.Y; y < region.Bottom; y += strip)
        {
            using var scope = NewDisposeScope();
            var window = new PixelWindow(region.X, y, region.Width, Math.Min(strip, region.Bottom - y));
            var inputs = source.Read(window);
            var target = scene.TargetOf(window);
            var mask = new bool[target.Length];
            for (var i = 0; i < mask.Length; i++) mask[i] = float.IsFinite(target[i]);
            ridge.Accumulate(tensor(inputs.Values, [1, scene.Bands, window.Height, window.Width]),
                tensor(target, [1, window.Height, window.Width]),
                tensor(mask, [1, window.Height, window.Width]));
        }
        ridge.Fit();
        if (path is not null)
            HeightModelFile.SaveRidge(path, ridge, Spec("ridge", scene, config) with { Encoder = "", EncoderDepth = 0 });
        return ridge;
    }
}
