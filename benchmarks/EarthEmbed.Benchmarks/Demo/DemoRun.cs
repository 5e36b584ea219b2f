using System.Diagnostics;
using System.Text.Json.Nodes;
using EarthEmbed.Benchmarks.EngineBench;
using EarthEmbed.Engine;
using EarthEmbed.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Benchmarks.Demo;

/// <summary>Settings of <c>earthembed demo</c>. The defaults take about a minute on two cores.</summary>
public sealed record DemoOptions
{
    /// <summary>Output root; the run writes into <c>OutDir/demo/</c>.</summary>
    public string OutDir { get; init; } = "out";
    /// <summary>Passes over the training tiles.</summary>
    public int Epochs { get; init; } = 24;
    /// <summary>Training tiles.</summary>
    public int TrainTiles { get; init; } = 256;
    /// <summary>Validation tiles (drawn after the training tiles, never trained on).</summary>
    public int ValidationTiles { get; init; } = 64;
    /// <summary>Input bands (the first four carry the signal).</summary>
    public int Bands { get; init; } = 6;
    /// <summary>Tile side in pixels.</summary>
    public int TileSize { get; init; } = 32;
    /// <summary>Tiles per training step.</summary>
    public int Batch { get; init; } = 16;
    /// <summary>Standard deviation of the target noise (the best reachable RMSE).</summary>
    public double Noise { get; init; } = 0.1;
    /// <summary>AdamW's starting learning rate; a cosine schedule takes it to 0 over the epochs.</summary>
    public double LearningRate { get; init; } = 3e-3;
    /// <summary>Seed of data, initialisation and shuffling.</summary>
    public long Seed { get; init; } = 42;
}

/// <summary>What the demo measured and where it wrote it.</summary>
/// <param name="TrainLoss">Mean training MSE of each epoch.</param>
/// <param name="ValidationRmse">RMSE of the trained model on the validation tiles.</param>
/// <param name="ValidationR2">R2 on the validation tiles.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="MetricsPath">The metrics.json written.</param>
/// <param name="CheckpointPath">The safetensors checkpoint written.</param>
public sealed record DemoResult(IReadOnlyList<double> TrainLoss, double ValidationRmse, double ValidationR2,
    double Seconds, string MetricsPath, string CheckpointPath);

/// <summary><c>earthembed demo</c>: a short real training run on TorchSharp. A small U-Net (6 bands in, base 16,
/// depth 2) learns <see cref="DemoData"/>'s synthetic per-pixel regression with AdamW and a cosine schedule, one
/// dispose scope per step; it reports the loss per epoch, then validation RMSE and R2 computed from the held-out
/// tiles, and writes <c>metrics.json</c> and <c>checkpoint.safetensors</c> (the model's state dict, PyTorch's
/// names).</summary>
public static class DemoRun
{
    /// <summary>The demo model's shape.</summary>
    public static UNetConfig ModelConfig(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new UNetConfig(options.Bands, 1, 16, 2);
    }

    /// <summary>Runs the demo; <paramref name="progress"/> hears a line per epoch.</summary>
    public static DemoResult Run(DemoOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs < 1 || options.TrainTiles < 1 || options.ValidationTiles < 1 || options.Batch < 1)
            throw new ArgumentException($"epochs, tiles and batch must be at least 1: {options}", nameof(options));
        var clock = Stopwatch.StartNew();
        var dir = Path.GetFullPath(Path.Combine(options.OutDir, "demo"));
        Directory.CreateDirectory(dir);
        TorchEngine.EnsureLoaded();
        manual_seed(options.Seed).Dispose();
        using var scope = NewDisposeScope();
        var total = options.TrainTiles + options.ValidationTiles;
        var (x, y) = DemoData.Generate(total, options.Bands, options.TileSize, options.Noise);
        var (trainX, trainY) = (x.narrow(0, 0, options.TrainTiles), y.narrow(0, 0, options.TrainTiles));
        var (valX, valY) = (x.narrow(0, options.TrainTiles, options.ValidationTiles), y.narrow(0, options.TrainTiles, options.ValidationTiles));
        using var model = new ReferenceUNet(ModelConfig(options));
        // PyTorch's AdamW defaults (TorchSharp's weight decay defaults to 0, PyTorch's to 0.01).
        using var optimizer = optim.AdamW(model.parameters(), lr: options.LearningRate, weight_decay: 1e-2);
        var schedule = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: options.Epochs);
        progress?.Report($"demo: {options.TrainTiles} training and {options.ValidationTiles} validation tiles of " +
            $"{options.Bands} bands x {options.TileSize}x{options.TileSize}; U-Net with {model.ParameterCount():N0} " +
            $"parameters; {options.Epochs} epochs of batch {options.Batch}; {TorchEngine.Threads} thread(s); " +
            $"TorchSharp {TorchEngine.TorchSharpVersion}, libtorch {TorchEngine.LibTorchVersion}");

        var losses = new List<double>();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var lr = optimizer.ParamGroups.First().LearningRate;
            losses.Add(Epoch(model, optimizer, trainX, trainY, options.Batch));
            schedule.step();
            progress?.Report($"epoch {epoch,3}/{options.Epochs}: train MSE {losses[^1]:F4}  lr {lr:E1}  " +
                $"({clock.Elapsed.TotalSeconds:F0} s)");
        }

        var (rmse, r2) = Validate(model, valX, valY, options.Batch);
        progress?.Report($"validation: RMSE {rmse:F4} (noise floor {options.Noise:F4}), R2 {r2:F4}");

        var checkpoint = Path.Combine(dir, "checkpoint.safetensors");
        model.save_safetensors(checkpoint);
        var metrics = Path.Combine(dir, "metrics.json");
        JsonFiles.WriteAtomic(metrics, MetricsJson(options, losses, rmse, r2, clock.Elapsed.TotalSeconds));
        return new DemoResult(losses, rmse, r2, clock.Elapsed.TotalSeconds, metrics, checkpoint);
    }

    private static double Epoch(ReferenceUNet model, AdamW optimizer, Tensor x, Tensor y, int batch)
    {
        model.train();
        var n = x.shape[0];
        using var order = randperm(n);
        double sum = 0;
        for (long start = 0; start < n; start += batch)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(batch, n - start);
            var index = order.narrow(0, start, length);
            model.zero_grad(set_to_none: true);
            var loss = F.mse_loss(model.forward(x.index_select(0, index)), y.index_select(0, index));
            loss.backward();
            optimizer.step();
            sum += loss.item<float>() * length;
        }
        return sum / n;
    }

    /// <summary>Validation scores of <paramref name="model"/> on (x, y), in evaluation mode without gradients.</summary>
    private static (double Rmse, double R2) Validate(ReferenceUNet model, Tensor x, Tensor y, int batch)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var n = x.shape[0];
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += batch)
            parts.Add(model.forward(x.narrow(0, start, Math.Min(batch, n - start))));
        return Score(y, cat(parts, 0));
    }

    /// <summary>RMSE and R2 over every element of two same-shaped tensors, with EarthEmbed.Metrics' formulas and
    /// masking rule (non-finite pairs are left out).</summary>
    public static (double Rmse, double R2) Score(Tensor observed, Tensor predicted)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        if (!observed.shape.SequenceEqual(predicted.shape))
            throw new ArgumentException($"observed is [{string.Join(", ", observed.shape)}] but predicted is " +
                $"[{string.Join(", ", predicted.shape)}]", nameof(predicted));
        using var scope = NewDisposeScope();
        var o = observed.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var p = predicted.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return (Regression.Rmse(o, p), Regression.R2(o, p));
    }

    private static JsonObject MetricsJson(DemoOptions o, List<double> losses, double rmse, double r2, double seconds) => new()
    {
        ["experiment"] = "demo",
        ["engine"] = $"TorchSharp {TorchEngine.TorchSharpVersion}, libtorch {TorchEngine.LibTorchVersion}",
        ["data"] = $"synthetic: y = sin(2 b0) + 0.5 b1 b2 + 0.5 tanh(2 b3) + {o.Noise} N(0,1); {o.Bands} smooth " +
            $"random bands, {o.TileSize}x{o.TileSize} tiles, {o.TrainTiles} train / {o.ValidationTiles} validation, seed {o.Seed}",
        ["models"] = new JsonObject
        {
            ["reference_unet"] = new JsonObject
            {
                ["validation"] = new JsonObject { ["rmse"] = rmse, ["r2"] = r2 },
                ["train"] = new JsonObject { ["mse"] = losses[^1] },
            },
        },
        ["noise_floor_rmse"] = o.Noise,
        ["train_loss_per_epoch"] = new JsonArray(losses.Select(l => (JsonNode?)l).ToArray()),
        ["epochs"] = o.Epochs,
        ["seconds"] = seconds,
        ["threads"] = TorchEngine.Threads,
    };
}
