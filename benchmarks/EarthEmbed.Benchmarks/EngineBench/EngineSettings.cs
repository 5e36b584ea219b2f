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

    /// <summary>A setting small enough to check that everything runs in seconds (figures not meaningful): the same
    /// model on 2 tiles of 64 x 64, one warm-up step, 2 rounds of 2 steps.</summary>
    public static EngineSettings Quick { get; } = new() { Batch = 2, Size = 64, Steps = 2, Rounds = 2, Warmup = 1 };

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
        if (Warmup < 0) throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "Warmup cannot be negative");
        Model.CheckInputSize(Size, Size);
    }
}

/// <summary>One way of running the same training step on both engines.</summary>
/// <param name="Bf16">bf16 autocast around the forward pass and the loss (weights and optimiser stay fp32).</param>
/// <param name="ChannelsLast">Model weights and input in channels-last (NHWC) memory format.</param>
public sealed record EngineVariant(bool Bf16 = false, bool ChannelsLast = false)
{
    /// <summary>Plain fp32, NCHW: the figure the target refers to.</summary>
    public static EngineVariant Fp32 { get; } = new();

    /// <summary>A short name for tables and JSON: "fp32", "bf16", "fp32 channels-last", ...</summary>
    public string Name => (Bf16 ? "bf16" : "fp32") + (ChannelsLast ? " channels-last" : "");

    /// <summary>The variants a command line asks for: fp32 always (the baseline), plus bf16 and/or channels-last
    /// and their combination when requested.</summary>
    public static IReadOnlyList<EngineVariant> Selection(bool bf16, bool channelsLast)
    {
        var list = new List<EngineVariant> { Fp32 };
        if (channelsLast) list.Add(new(false, true));
        if (bf16) list.Add(new(true, false));
        if (bf16 && channelsLast) list.Add(new(true, true));
        return list;
    }
}
