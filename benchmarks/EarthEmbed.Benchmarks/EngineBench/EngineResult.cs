using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>Both engines' figures for one <see cref="EngineVariant"/>: samples/s per timed round, and the medians,
/// ratio and achieved GFLOP/s derived from them.</summary>
/// <param name="Variant">How the step was run.</param>
/// <param name="EarthEmbedRounds">EarthEmbed's samples/s, one per round, in the order measured.</param>
/// <param name="PyTorchRounds">PyTorch's samples/s, one per round, interleaved with EarthEmbed's.</param>
/// <param name="GflopPerSample">Training FLOPs per sample from <see cref="FlopCounter"/>, in GFLOP.</param>
public sealed record VariantResult(EngineVariant Variant, IReadOnlyList<double> EarthEmbedRounds,
    IReadOnlyList<double> PyTorchRounds, double GflopPerSample)
{
    /// <summary>Median of EarthEmbed's rounds.</summary>
    public double EarthEmbedSamplesPerS => Statistics.Median(EarthEmbedRounds);

    /// <summary>Median of PyTorch's rounds.</summary>
    public double PyTorchSamplesPerS => Statistics.Median(PyTorchRounds);

    /// <summary>EarthEmbed over PyTorch: above 1 means EarthEmbed trained faster.</summary>
    public double Ratio => EarthEmbedSamplesPerS / PyTorchSamplesPerS;

    /// <summary>FLOP rate EarthEmbed achieved (GFLOP/s).</summary>
    public double EarthEmbedGflopPerS => EarthEmbedSamplesPerS * GflopPerSample;

    /// <summary>FLOP rate PyTorch achieved (GFLOP/s).</summary>
    public double PyTorchGflopPerS => PyTorchSamplesPerS * GflopPerSample;

    /// <summary>EarthEmbed's GFLOP/s as a fraction of <paramref name="peak"/>'s.</summary>
    public double EarthEmbedShareOfPeak(PeakGemm peak) => EarthEmbedGflopPerS / Peak(peak);

    /// <summary>PyTorch's GFLOP/s as a fraction of <paramref name="peak"/>'s (measured on EarthEmbed's engine).</summary>
    public double PyTorchShareOfPeak(PeakGemm peak) => PyTorchGflopPerS / Peak(peak);

    private static double Peak(PeakGemm peak)
    {
        ArgumentNullException.ThrowIfNull(peak);
        return peak.GflopPerS;
    }

    /// <summary>The variant's JSON object (snake_case keys); the shares are of <paramref name="peak"/>.</summary>
    public JsonObject ToJson(PeakGemm peak) => new()
    {
        ["variant"] = Variant.Name,
        ["bf16"] = false,
        ["channels_last"] = Variant.ChannelsLast,
        ["earthembed_samples_per_s"] = EarthEmbedSamplesPerS,
        ["pytorch_samples_per_s"] = PyTorchSamplesPerS,
        ["ratio"] = Ratio,
        ["earthembed_gflop_per_s"] = EarthEmbedGflopPerS,
        ["pytorch_gflop_per_s"] = PyTorchGflopPerS,
        ["earthembed_share_of_peak"] = EarthEmbedShareOfPeak(peak),
        ["pytorch_share_of_peak"] = PyTorchShareOfPeak(peak),
        ["earthembed_rounds"] = new JsonArray(EarthEmbedRounds.Select(r => (JsonNode?)r).ToArray()),
        ["pytorch_rounds"] = new JsonArray(PyTorchRounds.Select(r => (JsonNode?)r).ToArray()),
    };
}

/// <summary>The outcome of <c>earthembed bench engine</c>: the setting, the machine, the measured fp32 peak and one
/// <see cref="VariantResult"/> per variant (fp32 first).</summary>
/// <param name="Settings">What was trained and for how long.</param>
/// <param name="Variants">Results in the order run; the first is plain fp32.</param>
/// <param name="Machine">Facts about the run: versions, cores, ISA, allocators, the PyTorch script's report.</param>
/// <param name="Peak">The fp32 GEMM peak measured on EarthEmbed's engine at the benchmark's thread count.</param>
public sealed record EngineResult(EngineSettings Settings, IReadOnlyList<VariantResult> Variants,
    IReadOnlyDictionary<string, string> Machine, PeakGemm Peak)
{
    /// <summary>The JSON document. Top-level <c>earthembed_samples_per_s</c>, <c>pytorch_samples_per_s</c>,
    /// <c>ratio</c>, the GFLOP/s figures and their shares of <c>fp32_peak_gflop_per_s</c> are the fp32 variant's;
    /// <c>isa</c> is the CPU's best vector ISA; every variant is listed under <c>variants</c>.</summary>
    public JsonObject ToJson()
    {
        var s = Settings;
        var doc = new JsonObject
        {
            ["benchmark"] = "engine",
            ["engine"] = "TorchSharp",
            ["model"] = new JsonObject
            {
                ["name"] = "reference_unet",
                ["in_channels"] = s.Model.InChannels,
                ["out_channels"] = s.Model.OutChannels,
                ["base_channels"] = s.Model.BaseChannels,
                ["depth"] = s.Model.Depth,
            },
            ["batch"] = s.Batch,
            ["size"] = s.Size,
            ["threads"] = s.Threads,
            ["steps_per_round"] = s.Steps,
            ["rounds"] = s.Rounds,
            ["warmup_steps"] = s.Warmup,
            ["gflop_per_sample"] = Variants.Count > 0 ? Variants[0].GflopPerSample : 0,
            ["flop_convention"] = "conv and transposed-conv multiply-adds x2; training step = 3x forward",
            ["isa"] = Machine.TryGetValue("isa", out var isa) ? isa : "unknown",
            ["fp32_peak_gflop_per_s"] = Peak.GflopPerS,
            ["peak"] = new JsonObject
            {
                ["kernel"] = "torch.mm fp32, EarthEmbed's engine",
                ["size"] = Peak.Size,
                ["repetitions"] = Peak.Repetitions,
                ["best_seconds"] = Peak.BestSeconds,
                ["gflop_per_s"] = Peak.GflopPerS,
            },
            ["machine"] = new JsonObject(Machine.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        if (Variants.FirstOrDefault(v => v.Variant == EngineVariant.Fp32) is { } fp32)
        {
            doc["earthembed_samples_per_s"] = fp32.EarthEmbedSamplesPerS;
            doc["pytorch_samples_per_s"] = fp32.PyTorchSamplesPerS;
            doc["ratio"] = fp32.Ratio;
            doc["earthembed_gflop_per_s"] = fp32.EarthEmbedGflopPerS;
            doc["pytorch_gflop_per_s"] = fp32.PyTorchGflopPerS;
            doc["earthembed_share_of_peak"] = fp32.EarthEmbedShareOfPeak(Peak);
            doc["pytorch_share_of_peak"] = fp32.PyTorchShareOfPeak(Peak);
        }
        doc["variants"] = new JsonArray(Variants.Select(v => (JsonNode?)v.ToJson(Peak)).ToArray());
        return doc;
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically (a temporary file beside it, then a
    /// rename), creating the folder if needed.</summary>
    public void WriteJson(string path) => JsonFiles.WriteAtomic(path, ToJson());
}

/// <summary>Small statistics used by the benchmark figures.</summary>
public static class Statistics
{
    /// <summary>The median (the mean of the two middle values for an even count); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>JSON output written so that a reader never sees half a file.</summary>
public static class JsonFiles
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "+" stays "+": files for people
    };

    /// <summary>Serialises <paramref name="node"/> (indented) to a temporary file in the target folder, then renames
    /// it over <paramref name="path"/>.</summary>
    public static void WriteAtomic(string path, JsonNode node)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(node);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".tmp{Environment.ProcessId}";
        try
        {
            File.WriteAllText(temp, node.ToJsonString(Indented) + "\n");
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
