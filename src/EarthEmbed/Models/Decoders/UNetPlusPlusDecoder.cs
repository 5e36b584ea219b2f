using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Models.Decoders;

/// <summary>segmentation_models_pytorch's <c>UnetPlusPlusDecoder</c> (Zhou et al. 2018, UNet++): nested, densely
/// connected decoder nodes between the encoder and the output. Every node is a <see cref="DecoderBlock"/> named as in
/// smp, <c>blocks.x_{d}_{l}</c>, where l is the resolution level counted from the deepest skip (level l works at the
/// size of encoder map depth-1-l, in smp's reversed order) and d the node's place in that level's row (d = l is the
/// first node, d = 0 the last). Node x_{d}_{l} upsamples x_{d}_{l-1} (the node below) and concatenates every later
/// node of its own level (x_{d+1}_{l} ... x_{l}_{l}) and the encoder map of that level; a last block x_0_{L} (no
/// skip) brings x_0_{L-1} to the input's size. In the UNet++ paper's notation X^{i,j} (row i from the top,
/// column j), x_{d}_{l} = X^{L-1-l, l+1-d}: the top row X^{0,1..L} is x_{L-1}_{L-1}, ..., x_1_{L-1}, x_0_{L-1}.
/// The top-row nodes X^{0,1..L-1} are offered as <see cref="Decoder.AuxiliaryNodes"/> for deep supervision.
/// Unlike smp 0.3 (which builds but never calls it), the optional <c>center</c> block is applied to the deepest map.</summary>
public sealed class UNetPlusPlusDecoder : Decoder
{
    private readonly Sequential? center;
    private readonly ModuleDict<DecoderBlock> blocks;   // fields named as smp's attributes: TorchSharp registers by field name
    private readonly long[] encoderChannels;
    private readonly long[] skipChannels;
    private readonly int depth;   // smp's self.depth: number of decoder blocks minus one

    /// <summary>A decoder for an encoder with <paramref name="encoderChannels"/> (input first), with
    /// <paramref name="decoderChannels"/> as the output channels of the row x_0_* (one entry per encoder stage).</summary>
    public UNetPlusPlusDecoder(IReadOnlyList<long> encoderChannels, IReadOnlyList<long>? decoderChannels = null,
        bool useBatchNorm = true, bool center = false) : base(nameof(UNetPlusPlusDecoder))
    {
        ArgumentNullException.ThrowIfNull(encoderChannels);
        this.encoderChannels = encoderChannels.ToArray();
        DecoderChannels = (decoderChannels ?? UNetDecoder.DefaultChannels).ToArray();
        UNetDecoder.CheckDepth(this.encoderChannels, DecoderChannels);
        if (DecoderChannels.Count < 2)
            throw new ArgumentException("UNet++ needs an encoder of depth 2 or more (nested nodes need two levels), got depth 1",
                nameof(encoderChannels));
        var reversed = this.encoderChannels[1..].Reverse().ToArray();
        var head = reversed[0];
        var inChannels = new[] { head }.Concat(DecoderChannels.Take(DecoderChannels.Count - 1)).ToArray();
        skipChannels = reversed[1..].Append(0).ToArray();
        depth = inChannels.Length - 1;
        if (center) this.center = CenterBlock.Create(head, head, useBatchNorm);

        blocks = new ModuleDict<DecoderBlock>();
        for (var layer = 0; layer < depth; layer++)
        {
            for (var d = 0; d <= layer; d++)
            {
                long inCh, skipCh, outCh;
                if (d == 0)
                {
                    (inCh, skipCh, outCh) = (inChannels[layer], skipChannels[layer] * (layer + 1), DecoderChannels[layer]);
                }
                else
                {
                    (inCh, skipCh, outCh) = (skipChannels[layer - 1], skipChannels[layer] * (layer + 1 - d), skipChannels[layer]);
                }
                blocks.Add(Node(d, layer), new DecoderBlock(inCh, skipCh, outCh, useBatchNorm));
            }
        }
        blocks.Add(Node(0, depth), new DecoderBlock(inChannels[^1], 0, DecoderChannels[^1], useBatchNorm));
        RegisterComponents();
        Initialization.InitDecoder(this);
    }

    /// <summary>Output channels of the nodes x_0_0 ... x_0_L (the row that reaches the output).</summary>
    public IReadOnlyList<long> DecoderChannels { get; }

    /// <summary>Node names in construction order (smp's ModuleDict order).</summary>
    public IReadOnlyList<string> NodeNames => blocks.Keys.ToArray();

    /// <inheritdoc/>
    public override IReadOnlyList<long> EncoderChannels => encoderChannels;

    /// <inheritdoc/>
    public override long OutChannels => DecoderChannels[^1];

    /// <summary>The UNet++ paper's top-row nodes X^{0,1} ... X^{0,L-1} (x_{L-1}_{L-1} ... x_1_{L-1}), each at half the
    /// input size; X^{0,L} = x_0_{L-1} continues into the main output. Empty for depth-1 decoders.</summary>
    public override IReadOnlyList<AuxiliaryNode> AuxiliaryNodes
    {
        get
        {
            var last = depth - 1;
            if (last < 1) return [];
            return Enumerable.Range(1, last).Reverse().Select(d => new AuxiliaryNode(Node(d, last), skipChannels[last], 2)).ToArray();
        }
    }

    /// <summary>The decoded map (N, <see cref="OutChannels"/>, H, W) at the input's size.</summary>
    public override Tensor forward(IReadOnlyList<Tensor> features)
    {
        using var scope = NewDisposeScope();
        var nodes = ForwardNodes(features);
        return nodes[Node(0, depth)].MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override (Tensor Output, IReadOnlyList<Tensor> Auxiliary) ForwardWithAuxiliary(IReadOnlyList<Tensor> features)
    {
        using var scope = NewDisposeScope();
        var nodes = ForwardNodes(features);
        var output = nodes[Node(0, depth)].MoveToOuterDisposeScope();
        var auxiliary = AuxiliaryNodes.Select(n => nodes[n.Name].MoveToOuterDisposeScope()).ToArray();
        return (output, auxiliary);
    }

    /// <summary>Every node's output by name (x_0_0 ... x_0_L), computed as smp's forward does; the tensors belong
    /// to the caller's scope.</summary>
    public Dictionary<string, Tensor> ForwardNodes(IReadOnlyList<Tensor> features)
    {
        CheckFeatures(features);
        // smp: drop the input, reverse so that index 0 is the deepest map.
        var f = features.Skip(1).Reverse().ToList();
        if (center is not null) f[0] = center.call(f[0]);
        var dense = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var layer = 0; layer < depth; layer++)
        {
            for (var d = 0; d < depth - layer; d++)
            {
                if (layer == 0)
                {
                    dense[Node(d, d)] = blocks[Node(d, d)].forward(f[d], f[d + 1]);
                }
                else
                {
                    var level = d + layer;
                    var skips = Enumerable.Range(d + 1, level - d).Select(i => dense[Node(i, level)]).Append(f[level + 1]).ToArray();
                    dense[Node(d, level)] = blocks[Node(d, level)].forward(dense[Node(d, level - 1)], cat(skips, 1));
                }
            }
        }
        dense[Node(0, depth)] = blocks[Node(0, depth)].forward(dense[Node(0, depth - 1)]);
        return dense;
    }

    private static string Node(int d, int level) => string.Create(CultureInfo.InvariantCulture, $"x_{d}_{level}");
}
