using System.Collections.Concurrent;
using EarthEmbed.Models.Decoders;
using EarthEmbed.Models.Encoders;
using EarthEmbed.Models.Heads;

namespace EarthEmbed.Models;

/// <summary>What a model is built from; every field has the paper's default (ResNet-18 on 64 embedding bands, one
/// height output, smp's decoder settings). The config layer fills it from a run's YAML.</summary>
public sealed record ModelOptions
{
    /// <summary>Encoder name: "resnet18" (the paper's), "resnet34" or "resnet-tiny" (quick mode).</summary>
    public string Encoder { get; init; } = "resnet18";

    /// <summary>Input bands (64 for AlphaEarth embeddings).</summary>
    public long InChannels { get; init; } = 64;

    /// <summary>Output channels (1 for height).</summary>
    public long Classes { get; init; } = 1;

    /// <summary>Encoder stages, 1 to 5 (2 to 5 for UNet++); inputs must be multiples of 2^depth.</summary>
    public int EncoderDepth { get; init; } = 5;

    /// <summary>Decoder block channels, deepest first, one per encoder stage; null takes the encoder's default
    /// (256, 128, 64, 32, 16 for ResNets, 64, 32, 16, 16, 8 for resnet-tiny), cut to the depth.</summary>
    public IReadOnlyList<long>? DecoderChannels { get; init; }

    /// <summary>Batch norm in the decoder's Conv-BN-ReLU layers (smp's default; off gives convolutions with bias).</summary>
    public bool DecoderUseBatchNorm { get; init; } = true;

    /// <summary>smp's center block on the deepest map (off by default, as smp does for ResNets).</summary>
    public bool DecoderCenter { get; init; }

    /// <summary>UNet++ only: extra heads on the top-row nested nodes, returned by
    /// <see cref="SegmentationModel.ForwardAll"/> for a deeply supervised loss.</summary>
    public bool DeepSupervision { get; init; }

    /// <summary>Output activation of the heads (null: none, right for standardised regression targets).</summary>
    public string? Activation { get; init; }
}

/// <summary>Builds models and encoders by name, so that a run's config can say <c>model: unetpp</c> and
/// <c>encoder: resnet18</c>. Known models: "unet", "unetpp" (also "unet++", "unetplusplus"); more can be
/// registered.</summary>
public static class ModelRegistry
{
    private static readonly ConcurrentDictionary<string, Func<ModelOptions, SegmentationModel>> Models =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["unet"] = o => Build(o, (e, c) => new UNetDecoder(e, c, o.DecoderUseBatchNorm, o.DecoderCenter)),
            ["unetpp"] = o => Build(o, (e, c) => new UNetPlusPlusDecoder(e, c, o.DecoderUseBatchNorm, o.DecoderCenter)),
        };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unet++"] = "unetpp",
        ["unetplusplus"] = "unetpp",
    };

    private static readonly Dictionary<string, (Func<long, int, Encoder> Build, long[] DecoderChannels)> Encoders =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["resnet18"] = ((c, d) => ResNetEncoder.ResNet18(c, d), [256, 128, 64, 32, 16]),
            ["resnet34"] = ((c, d) => ResNetEncoder.ResNet34(c, d), [256, 128, 64, 32, 16]),
            ["resnet-tiny"] = ((c, d) => ResNetEncoder.Tiny(c, d), [64, 32, 16, 16, 8]),
        };

    /// <summary>Registered model names.</summary>
    public static IReadOnlyList<string> Names => Models.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Known encoder names.</summary>
    public static IReadOnlyList<string> EncoderNames => Encoders.Keys.ToArray();

    /// <summary>Builds the model called <paramref name="name"/> (case-insensitive) with <paramref name="options"/>
    /// (defaults when null).</summary>
    public static SegmentationModel Create(string name, ModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Aliases.TryGetValue(name, out var alias) ? alias : name;
        if (!Models.TryGetValue(key, out var build))
            throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}", nameof(name));
        return build(options ?? new ModelOptions());
    }

    /// <summary>Builds the encoder called <paramref name="name"/> for <paramref name="inChannels"/> bands.</summary>
    public static Encoder CreateEncoder(string name, long inChannels, int depth = 5) => LookUpEncoder(name).Build(inChannels, depth);

    /// <summary>The decoder channels used when <see cref="ModelOptions.DecoderChannels"/> is null.</summary>
    public static IReadOnlyList<long> DefaultDecoderChannels(string encoder, int depth = 5)
    {
        if (depth is < 1 or > 5) throw new ArgumentOutOfRangeException(nameof(depth), depth, "encoder depth must be 1 to 5");
        return LookUpEncoder(encoder).DecoderChannels[..depth];
    }

    /// <summary>Adds a model builder under a new <paramref name="name"/>, for experiments that bring their own
    /// architecture.</summary>
    public static void Register(string name, Func<ModelOptions, SegmentationModel> build)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(build);
        if (Aliases.ContainsKey(name) || !Models.TryAdd(name, build))
            throw new ArgumentException($"a model named '{name}' is already registered", nameof(name));
    }

    private static (Func<long, int, Encoder> Build, long[] DecoderChannels) LookUpEncoder(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Encoders.TryGetValue(name, out var e) ? e
            : throw new ArgumentException($"unknown encoder '{name}'; known encoders: {string.Join(", ", Encoders.Keys)}", nameof(name));
    }

    private static SegmentationModel Build(ModelOptions o, Func<IReadOnlyList<long>, IReadOnlyList<long>, Decoder> decoder)
    {
        ArgumentNullException.ThrowIfNull(o);
        var encoder = CreateEncoder(o.Encoder, o.InChannels, o.EncoderDepth);
        try
        {
            var dec = decoder(encoder.OutChannels, o.DecoderChannels ?? DefaultDecoderChannels(o.Encoder, o.EncoderDepth));
            var head = new RegressionHead(dec.OutChannels, o.Classes, activation: o.Activation);
            List<(string, RegressionHead)>? auxiliary = null;
            if (o.DeepSupervision)
            {
                if (dec.AuxiliaryNodes.Count == 0)
                    throw new ArgumentException($"deepSupervision needs the unetpp model (nested nodes); {dec.GetType().Name} has none", nameof(o));
                auxiliary = dec.AuxiliaryNodes.Select(n => (n.Name, new RegressionHead(n.Channels, o.Classes, activation: o.Activation,
                    upsampling: n.Upsampling))).ToList();
            }
            return new SegmentationModel(encoder, dec, head, auxiliary);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }
}
