using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Models.Decoders;

/// <summary>segmentation_models_pytorch's <c>UnetDecoder</c> (Ronneberger et al. 2015, U-Net): starting from the
/// deepest feature map, each <see cref="DecoderBlock"/> doubles the size and merges the encoder map of that size,
/// until the last block, which has no skip, brings the map back to the input size. Children: <c>center</c>
/// (optional <see cref="CenterBlock"/>) and <c>blocks.0</c> ... <c>blocks.{n-1}</c>, as in smp.</summary>
public sealed class UNetDecoder : Decoder
{
    /// <summary>smp's default decoder channels for a depth-5 encoder.</summary>
    public static readonly IReadOnlyList<long> DefaultChannels = [256, 128, 64, 32, 16];

    private readonly Sequential? center;
    private readonly ModuleList<DecoderBlock> blocks;
    private readonly long[] encoderChannels;

    /// <summary>A decoder for an encoder with <paramref name="encoderChannels"/> (input first), one block per entry of
    /// <paramref name="decoderChannels"/> (as many as the encoder's depth).</summary>
    public UNetDecoder(IReadOnlyList<long> encoderChannels, IReadOnlyList<long>? decoderChannels = null,
        bool useBatchNorm = true, bool center = false) : base(nameof(UNetDecoder))
    {
        ArgumentNullException.ThrowIfNull(encoderChannels);
        this.encoderChannels = encoderChannels.ToArray();
        DecoderChannels = (decoderChannels ?? DefaultChannels).ToArray();
        CheckDepth(this.encoderChannels, DecoderChannels);
        // smp: drop the input's channels, reverse to start from the head; skips are the remaining maps, then none.
        var reversed = this.encoderChannels[1..].Reverse().ToArray();
        var head = reversed[0];
        var inChannels = new[] { head }.Concat(DecoderChannels.Take(DecoderChannels.Count - 1)).ToArray();
        var skipChannels = reversed[1..].Append(0).ToArray();
        if (center) this.center = CenterBlock.Create(head, head, useBatchNorm);
        blocks = nn.ModuleList(DecoderChannels.Select((o, i) => new DecoderBlock(inChannels[i], skipChannels[i], o, useBatchNorm)).ToArray());
        RegisterComponents();   // "center" (when built) and "blocks", by field name
        Initialization.InitDecoder(this);
    }

    /// <summary>Output channels of each block, deepest first.</summary>
    public IReadOnlyList<long> DecoderChannels { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<long> EncoderChannels => encoderChannels;

    /// <inheritdoc/>
    public override long OutChannels => DecoderChannels[^1];

    /// <summary>The decoded map (N, <see cref="OutChannels"/>, H, W) at the input's size.</summary>
    public override Tensor forward(IReadOnlyList<Tensor> features)
    {
        CheckFeatures(features);
        using var scope = NewDisposeScope();
        var x = center is null ? features[^1] : center.call(features[^1]);
        for (var i = 0; i < blocks.Count; i++)
        {
            var skipIndex = features.Count - 2 - i;          // the encoder map of the size this block produces
            x = blocks[i].forward(x, skipIndex >= 1 ? features[skipIndex] : null);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>smp's rule: as many decoder blocks as encoder stages.</summary>
    internal static void CheckDepth(IReadOnlyList<long> encoderChannels, IReadOnlyList<long> decoderChannels)
    {
        if (encoderChannels.Count < 2)
            throw new ArgumentException($"encoderChannels needs the input's channels and at least one stage, got {encoderChannels.Count} values",
                nameof(encoderChannels));
        if (decoderChannels.Count != encoderChannels.Count - 1)
            throw new ArgumentException($"the encoder has depth {encoderChannels.Count - 1}, but decoderChannels gives " +
                $"{decoderChannels.Count} blocks ([{string.Join(", ", decoderChannels)}]); give one per encoder stage", nameof(decoderChannels));
        if (decoderChannels.Any(c => c < 1))
            throw new ArgumentException($"decoder channels must be positive, got [{string.Join(", ", decoderChannels)}]", nameof(decoderChannels));
    }
}
