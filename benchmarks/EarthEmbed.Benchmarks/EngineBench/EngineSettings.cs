namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>What the engine benchmark trains and how long it measures. The defaults are the reference
/// setting: the reference U-Net on a batch of 8 tiles of 64 bands x 128 x 128 pixels.</summary>
public sealed record EngineSettings
{
    /// <summary>The model's shape.</summary>
    public UNetConfig Model { get; init; } = UNetConfig.Reference;

    /// <summary>Samples per training step.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Tile side in pixels (square tiles).</summary>
    public int Size { get; init; } = 128;

    /// <summary>Intra-op threads for both engines (libtorch's and PyTorch's <c>set_num_threads</c>).</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Training steps per timed round.</summary>
    public int Steps { get; init; } = 5;

    /// <summary>Timed rounds per engine; each side's figure is the median over its rounds.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Untimed steps each engine runs first (allocator, oneDNN primitive caches, page faults).</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>Seed of the model initialisation and the random batch.</summary>
    public long Seed { get; init; }

    /// <summary>Side of the square fp32 matrices whose product (<c>torch.mm</c>) measures the machine's fp32 peak.</summary>
    public int PeakGemmSize { get; init; } = 2048;

    /// <summary>Timed products of the peak measurement; the fastest one gives the peak.</summary>
    public int PeakRepetitions { get; init; } = 5;

    /// <summary>A setting small enough to check that everything runs in seconds (figures not meaningful): the same
    /// model on 2 tiles of 64 x 64, one warm-up step, 2 rounds of 2 steps, a peak from 3 products.</summary>
    public static EngineSettings Quick { get; } = new() { Batch = 2, Size = 64, Steps = 2, Rounds = 2, Warmup = 1, PeakRepetitions = 3 };

    /// <summary>Throws when a count is not positive or the tile does not fit the model.</summary>
    public void Validate()
    {
        static void Positive(long v, string name)
        {
            if (v < 1) throw new ArgumentOutOfRangeException(name, v, $"{name} must be at least 1");
        }
        Positive(Batch, nameof(Batch));
        Positive(Threads, nameof(Threads));
        Positive(Steps, nameof(Steps));
        Positive(Rounds, nameof(Rounds));
        Positive(PeakGemmSize, nameof(PeakGemmSize));
        Positive(PeakRepetitions, nameof(PeakRepetitions));
        if (Warmup < 0) throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "Warmup cannot be negative");
        Model.CheckInputSize(Size, Size);
    }
}

/// <summary>One way of running the same training step on both engines. fp32 only: the bf16 autocast variant of the
/// old engine was dropped with the move to TorchSharp 0.107, which has no autocast (docs/benchmarks.md).</summary>
/// <param name="ChannelsLast">Model weights and input in channels-last (NHWC) memory format.</param>
public sealed record EngineVariant(bool ChannelsLast = false)
{
    /// <summary>Plain fp32, NCHW: the figure the headline refers to.</summary>
    public static EngineVariant Fp32 { get; } = new();

    /// <summary>fp32 with model and input channels-last.</summary>
    public static EngineVariant Fp32ChannelsLast { get; } = new(ChannelsLast: true);

    /// <summary>A short name for tables and JSON: "fp32" or "fp32 channels-last".</summary>
    public string Name => "fp32" + (ChannelsLast ? " channels-last" : "");

    /// <summary>The variants a command line asks for: fp32 always (the baseline), then channels-last when requested.</summary>
    public static IReadOnlyList<EngineVariant> Selection(bool channelsLast) =>
        channelsLast ? [Fp32, Fp32ChannelsLast] : [Fp32];
}
