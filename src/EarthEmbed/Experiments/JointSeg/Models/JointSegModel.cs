using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>What the JointSeg network returns: the super-resolved image of every stage (coarse to fine, the last
/// at the label's resolution, in normalised reflectance) and the ISA logits at the finest resolution.</summary>
internal sealed record JointSegOutput(IReadOnlyList<Tensor> SuperResolved, Tensor Logits);

/// <summary>Joint super-resolution and segmentation (after Deng et al. 2025): a progressive ESRGAN-style generator
/// and a segmentation head fed by every stage.
/// <list type="bullet">
/// <item>10 m trunk: <c>conv_first</c>, RRDBs (<c>trunk</c>), <c>trunk_conv</c>, with a long skip.</item>
/// <item>Stage k (<c>stages.k</c>): nearest up-sampling of the previous features by sr_scales[k], concatenated
/// with the bilinearly up-sampled input image (the paper's fusion of the up-sampled input with the previous
/// stage), a fusing conv, residual dense blocks, and a conv to the image (<c>to_image</c>) that is added to the
/// bilinear input: each stage predicts the residual detail at its resolution.</item>
/// <item>Cross-scale fusion head: a 1x1 lateral conv per scale (the 10 m trunk and every stage), all up-sampled
/// bilinearly to the finest grid and concatenated with the final super-resolved image, then two 3x3 convs and a
/// 1x1 to one logit.</item>
/// </list>
/// <see cref="forward"/> returns the logits only, so the model is also a tile predictor.</summary>
internal sealed class JointSegModel : nn.Module<Tensor, Tensor>
{
    // Fields carry the state-dict names: TorchSharp registers a module's fields by name, in declaration order.
    private readonly Conv2d conv_first;
    private readonly Sequential trunk;
    private readonly Conv2d trunk_conv;
    private readonly ModuleList<SrStage> stages;
    private readonly ModuleList<Conv2d> laterals;
    private readonly Conv2d seg_conv1, seg_conv2, seg_out;
    private readonly int[] scales;

    /// <summary>Builds the network for <paramref name="bands"/>-band images from the sizes in <paramref name="config"/>.</summary>
    public JointSegModel(JointSegConfig config, int bands = 4) : base(nameof(JointSegModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        scales = config.SrScales.ToArray();
        Bands = bands;
        long nf = config.TrunkChannels;
        conv_first = nn.Conv2d(bands, nf, 3, padding: 1);
        trunk = nn.Sequential(Enumerable.Range(0, config.TrunkBlocks)
            .Select(_ => (nn.Module<Tensor, Tensor>)new Rrdb(nf, config.GrowthChannels)).ToArray());
        trunk_conv = nn.Conv2d(nf, nf, 3, padding: 1);
        // TorchSharp's ModuleList registers its items ("0", "1", ...) when this module registers it, below.
        stages = nn.ModuleList<SrStage>();
        laterals = nn.ModuleList<Conv2d>();
        long seg = config.SegChannels;
        laterals.Add(nn.Conv2d(nf, seg, 1));
        var previous = nf;
        for (var k = 0; k < scales.Length; k++)
        {
            long c = config.StageChannels[k];
            stages.Add(new SrStage(previous, c, config.StageBlocks[k], bands));
            laterals.Add(nn.Conv2d(c, seg, 1));
            previous = c;
        }
        seg_conv1 = nn.Conv2d((seg * (scales.Length + 1)) + bands, seg, 3, padding: 1);
        seg_conv2 = nn.Conv2d(seg, seg, 3, padding: 1);
        seg_out = nn.Conv2d(seg, 1, 1);
        RegisterComponents();
    }

    /// <summary>Image bands in and out.</summary>
    public int Bands { get; }

    /// <summary>Total up-sampling factor.</summary>
    public int Factor => scales.Aggregate(1, (a, b) => a * b);

    /// <summary>ISA logits [N, 1, H*Factor, W*Factor] for a normalised low-resolution batch [N, Bands, H, W].</summary>
    public override Tensor forward(Tensor input) => ForwardAll(input).Logits;

    /// <summary>Every stage's super-resolved image and the logits.</summary>
    public JointSegOutput ForwardAll(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape.Length != 4 || shape[1] != Bands)
            throw new ArgumentException($"JointSegModel: expected [N, {Bands}, H, W], got [{string.Join(", ", shape)}]", nameof(input));
        var fea = conv_first.call(input);
        var features = fea.add(trunk_conv.call(trunk.call(fea)));
        var perScale = new List<Tensor> { features };
        var images = new List<Tensor>();
        long h = shape[2], w = shape[3];
        foreach (var (stage, k) in stages.Select((s, k) => (s, k)))
        {
            h *= scales[k];
            w *= scales[k];
            var upInput = F.interpolate(input, size: new[] { h, w }, mode: InterpolationMode.Bilinear, align_corners: false);
            (features, var image) = stage.forward(features, upInput, scales[k]);
            perScale.Add(features);
            images.Add(image);
        }
        var fused = new List<Tensor>();
        for (var k = 0; k < perScale.Count; k++)
        {
            var lateral = laterals[k].call(perScale[k]);
            fused.Add(k == perScale.Count - 1 ? lateral : F.interpolate(lateral, size: new[] { h, w }, mode: InterpolationMode.Bilinear, align_corners: false));
        }
        fused.Add(images[^1]);
        var x = F.leaky_relu(seg_conv1.call(torch.cat(fused, 1)), 0.2);
        x = F.leaky_relu(seg_conv2.call(x), 0.2);
        return new JointSegOutput(images, seg_out.call(x));
    }
}

/// <summary>One progressive super-resolution stage of <see cref="JointSegModel"/>: up-sample, fuse with the
/// up-sampled input image, refine with residual dense blocks, and emit the image residual.</summary>
internal sealed class SrStage : nn.Module
{
    // Fields carry the state-dict names: TorchSharp registers a module's fields by name, in declaration order.
    private readonly Conv2d fuse;
    private readonly Sequential blocks;
    private readonly Conv2d body, to_image;

    /// <summary>A stage from <paramref name="inChannels"/> to <paramref name="channels"/> features.</summary>
    public SrStage(long inChannels, long channels, int blockCount, int bands) : base(nameof(SrStage))
    {
        fuse = nn.Conv2d(inChannels + bands, channels, 3, padding: 1);
        blocks = nn.Sequential(Enumerable.Range(0, blockCount)
            .Select(_ => (nn.Module<Tensor, Tensor>)new ResidualDenseBlock(channels, Math.Max(4, channels / 2))).ToArray());
        body = nn.Conv2d(channels, channels, 3, padding: 1);
        to_image = nn.Conv2d(channels, bands, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>Features and image at <paramref name="scale"/> times the resolution of <paramref name="features"/>;
    /// <paramref name="upInput"/> is the input image bilinearly up-sampled to that resolution.</summary>
    public (Tensor Features, Tensor Image) forward(Tensor features, Tensor upInput, int scale)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(upInput);
        var up = F.interpolate(features, scale_factor: new double[] { scale, scale }, mode: InterpolationMode.Nearest);
        var x = F.leaky_relu(fuse.call(torch.cat(new[] { up, upInput }, 1)), 0.2);
        x = F.leaky_relu(body.call(blocks.call(x)), 0.2);
        return (x, upInput.add(to_image.call(x)));
    }
}
