using System.Globalization;
using System.Runtime.InteropServices;
using EarthEmbed.Engine;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary><c>earthembed bench engine</c>: trains the reference U-Net with EarthEmbed (TorchSharp) and with PyTorch
/// (benchmarks/pytorch/unet_train.py) on the same machine in the same run, at the same thread count, and reports
/// samples/s for both, their ratio and the GFLOP/s achieved beside the machine's fp32 GEMM peak.
/// First the peak: the best of a few large fp32 products (<see cref="PeakGemm"/>) on EarthEmbed's engine. Then per
/// variant: the PyTorch process starts and warms up, then EarthEmbed warms up, then timed rounds alternate
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
        var tuned = MallocTuning.RetainFreedMemory();
        TorchEngine.EnsureLoaded();
        if (TorchEngine.Threads != settings.Threads)
        {
            // Works, but lowering the count after parallel work has started can leave OpenMP's surplus threads
            // behind beside the working one, which slows EarthEmbed's side alone; start the process with it instead.
            Say(progress, $"warning: libtorch started with {TorchEngine.Threads} threads and is now set to " +
                $"{settings.Threads}; for exact figures start the process with EARTHEMBED_THREADS={settings.Threads}");
            TorchEngine.Threads = settings.Threads;
        }
        var isa = CpuIsa.Current();
        var gflop = FlopCounter.TrainingFlopsPerSample(settings.Model, settings.Size, settings.Size) / 1e9;
        var machine = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["torchsharp"] = TorchEngine.TorchSharpVersion,
            ["libtorch"] = TorchEngine.LibTorchVersion,
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["cpu"] = isa.Model,
            ["isa"] = isa.Name,
            ["isa_flags"] = string.Join(' ', isa.Flags),
            ["os"] = RuntimeInformation.OSDescription,
            ["python"] = PyTorchRunner.Python,
            ["earthembed_malloc"] = tuned ? "glibc thresholds raised to 1 GiB (MallocTuning)" : "default",
            ["pytorch_malloc"] = "default",
        };
        Say(progress, $"CPU: {isa.Model}; ISA {isa}");
        Say(progress, $"measuring the fp32 peak: best of {settings.PeakRepetitions} torch.mm products of " +
            $"{settings.PeakGemmSize}x{settings.PeakGemmSize} matrices on TorchSharp's libtorch {machine["libtorch"]}...");
        var peak = PeakGemm.Measure(settings.PeakGemmSize, settings.PeakRepetitions);
        Say(progress, $"fp32 peak {peak.GflopPerS:F1} GFLOP/s at {settings.Threads} thread(s)");
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
        return new EngineResult(settings, results, machine, peak);
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

    /// <summary>True when two torch version strings ("2.10.0", "2.10.0+cpu", "1.13.0a0") share major and minor.</summary>
    internal static bool SameRelease(string a, string b)
    {
        static string MajorMinor(string v) => string.Join('.', v.Split('.').Take(2));
        return MajorMinor(a) == MajorMinor(b) && a != "?";
    }

    private static void Say(IProgress<string>? progress, string line) => progress?.Report(line);

    /// <summary>A plain-text table: per variant both engines' samples/s, the ratio, both GFLOP/s and both shares of
    /// the measured fp32 peak.</summary>
    public static string Table(EngineResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        const string Row = "{0,-20} {1,12} {2,12} {3,7} {4,12} {5,12} {6,9} {7,9}";
        var lines = new List<string>
        {
            string.Format(c, Row, "variant", "EarthEmbed", "PyTorch", "ratio", "EE GFLOP/s", "PT GFLOP/s", "EE peak", "PT peak"),
            string.Format(c, Row, "", "samples/s", "samples/s", "", "", "", "share", "share"),
        };
        foreach (var v in result.Variants)
            lines.Add(string.Format(c, "{0,-20} {1,12:F2} {2,12:F2} {3,7:F3} {4,12:F1} {5,12:F1} {6,9:P1} {7,9:P1}",
                v.Variant.Name, v.EarthEmbedSamplesPerS, v.PyTorchSamplesPerS, v.Ratio, v.EarthEmbedGflopPerS,
                v.PyTorchGflopPerS, v.EarthEmbedShareOfPeak(result.Peak), v.PyTorchShareOfPeak(result.Peak)));
        lines.Add(string.Format(c, "fp32 peak {0:F1} GFLOP/s (torch.mm {1}x{1}, best of {2}, {3} thread(s), EarthEmbed's " +
            "libtorch {4}); CPU ISA {5}", result.Peak.GflopPerS, result.Peak.Size, result.Peak.Repetitions,
            result.Settings.Threads, result.Machine.GetValueOrDefault("libtorch", "?"), result.Machine.GetValueOrDefault("isa", "unknown")));
        var libtorch = result.Machine.GetValueOrDefault("libtorch", "?");
        var torchVersion = result.Machine.GetValueOrDefault("torch", "?");
        lines.Add($"engines: EarthEmbed on TorchSharp {result.Machine.GetValueOrDefault("torchsharp", "?")} over libtorch " +
            $"{libtorch}, PyTorch {torchVersion}" + (SameRelease(libtorch, torchVersion) ? "" :
                " (different libtorch releases: the ratio includes their kernels' differences, not only EarthEmbed's layer)"));
        return string.Join(Environment.NewLine, lines);
    }
}
