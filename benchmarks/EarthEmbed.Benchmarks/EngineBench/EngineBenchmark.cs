using System.Globalization;
using System.Runtime.InteropServices;
using EarthEmbed.Torch;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary><c>earthembed bench engine</c>: trains the reference U-Net with EarthEmbed and with PyTorch
/// (benchmarks/pytorch/unet_train.py) on the same machine in the same run, at the same thread count, and reports
/// samples/s for both, their ratio and the GFLOP/s achieved.
/// Per variant: the PyTorch process starts and warms up, then EarthEmbed warms up, then timed rounds alternate
/// EarthEmbed, PyTorch, EarthEmbed, PyTorch, ... with only one side running at a time; each side's figure is the
/// median of its rounds, so a burst of load from elsewhere hits both sides alike and one slow round does not
/// decide the ratio.</summary>
public static class EngineBenchmark
{
    /// <summary>Runs every variant and returns the figures; <paramref name="progress"/> hears one line per phase and
    /// per round (the whole run takes minutes at the default setting).</summary>
    public static EngineResult Run(EngineSettings settings, IReadOnlyList<EngineVariant> variants,
        IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0) throw new ArgumentException("give at least one variant", nameof(variants));
        settings.Validate();
        if (Engine.NumThreads != settings.Threads)
        {
            // Works, but lowering the count after parallel work has started can leave libgomp's surplus threads
            // spinning beside the working one, which slows EarthEmbed's side alone; start the process with it instead.
            Say(progress, $"warning: libtorch started with {Engine.NumThreads} threads and is now set to " +
                $"{settings.Threads}; for exact figures start the process with EARTHEMBED_THREADS={settings.Threads}");
            Engine.NumThreads = settings.Threads;
        }
        var gflop = FlopCounter.TrainingFlopsPerSample(settings.Model, settings.Size, settings.Size) / 1e9;
        var machine = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["libtorch"] = Engine.Version,
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["os"] = RuntimeInformation.OSDescription,
            ["python"] = PyTorchRunner.Python,
        };
        Say(progress, $"reference U-Net {settings.Model.InChannels} bands in, base {settings.Model.BaseChannels}, " +
            $"depth {settings.Model.Depth}; batch {settings.Batch} x {settings.Size}x{settings.Size}; " +
            $"{settings.Threads} thread(s); {gflop:F2} GFLOP per sample (conv MACs x2, training = 3x forward)");
        var results = new List<VariantResult>();
        foreach (var variant in variants)
        {
            results.Add(RunVariant(settings, variant, gflop, machine, progress));
            var r = results[^1];
            Say(progress, $"[{variant.Name}] EarthEmbed {r.EarthEmbedSamplesPerS:F2} samples/s, PyTorch " +
                $"{r.PyTorchSamplesPerS:F2} samples/s, ratio {r.Ratio:F3}");
        }
        return new EngineResult(settings, results, machine);
    }

    private static VariantResult RunVariant(EngineSettings settings, EngineVariant variant, double gflop,
        Dictionary<string, string> machine, IProgress<string>? progress)
    {
        var tag = $"[{variant.Name}]";
        Say(progress, $"{tag} starting PyTorch and running its {settings.Warmup} warm-up step(s)...");
        using var pytorch = PyTorchRunner.Start(settings, variant);
        machine["torch"] = pytorch.Ready["torch"]?.ToString() ?? "?";
        var pyThreads = pytorch.Ready["threads"]?.GetValue<int>();
        if (pyThreads != settings.Threads)
            throw new InvalidOperationException($"PyTorch runs {pyThreads} threads, EarthEmbed {settings.Threads}: not comparable");
        Say(progress, $"{tag} building the EarthEmbed model and running its {settings.Warmup} warm-up step(s)...");
        using var earthEmbed = new EngineTrainer(settings, variant);
        earthEmbed.WarmUp();
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            ours.Add(earthEmbed.Round());
            theirs.Add(pytorch.Round());
            Say(progress, $"{tag} round {round}/{settings.Rounds}: EarthEmbed {ours[^1]:F2} samples/s, " +
                $"PyTorch {theirs[^1]:F2} samples/s");
        }
        return new VariantResult(variant, ours, theirs, gflop);
    }

    private static void Say(IProgress<string>? progress, string line) => progress?.Report(line);

    /// <summary>A plain-text table: per variant both engines' samples/s, the ratio, and both GFLOP/s.</summary>
    public static string Table(EngineResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Format(c, "{0,-20} {1,12} {2,12} {3,7} {4,12} {5,12}",
                "variant", "EarthEmbed", "PyTorch", "ratio", "EE GFLOP/s", "PT GFLOP/s"),
            string.Format(c, "{0,-20} {1,12} {2,12} {3,7} {4,12} {5,12}", "", "samples/s", "samples/s", "", "", ""),
        };
        foreach (var v in result.Variants)
            lines.Add(string.Format(c, "{0,-20} {1,12:F2} {2,12:F2} {3,7:F3} {4,12:F1} {5,12:F1}", v.Variant.Name,
                v.EarthEmbedSamplesPerS, v.PyTorchSamplesPerS, v.Ratio, v.EarthEmbedGflopPerS, v.PyTorchGflopPerS));
        return string.Join(Environment.NewLine, lines);
    }
}
