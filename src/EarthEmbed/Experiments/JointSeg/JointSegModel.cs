using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>What the JointSeg network returns: the super-resolved image of every stage (coarse to fine, the last
/// at the label's resolution, in normalised reflectance) and the ISA logits at the finest resolution.</summary>
public sealed record JointSegOutput(IReadOnlyList<Tensor> SuperResolved, Tensor Logits);

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
/// <see cref="Forward"/> returns the logits only, so the model is also a tile predictor.</summary>
public sealed class JointSegModel : Module<Tensor, Tensor>
{
    private readonly Conv2d convFirst, trunkConv, seg1, seg2, segOut;
    private readonly Sequential trunk;
    private readonly ModuleList<SrStage> stages;
    private readonly ModuleList<Conv2d> laterals;
    private readonly int[] scales;

    /// <summary>Builds the network for <paramref name="bands"/>-band images from the sizes in <paramref name="config"/>.</summary>
    public JointSegModel(JointSegConfig config, int bands = 4)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        scales = config.SrScales.ToArray();
        Bands = bands;
        long nf = config.TrunkChannels;
        convFirst = RegisterModule("conv_first", new Conv2d(bands, nf, 3, padding: 1));
        trunk = RegisterModule("trunk", new Sequential(Enumerable.Range(0, config.TrunkBlocks)
            .Select(_ => (Module<Tensor, Tensor>)new Rrdb(nf, config.GrowthChannels)).ToArray()));
        trunkConv = RegisterModule("trunk_conv", new Conv2d(nf, nf, 3, padding: 1));
        stages = RegisterModule("stages", new ModuleList<SrStage>());
        laterals = RegisterModule("laterals", new ModuleList<Conv2d>());
        long seg = config.SegChannels;
        laterals.Add(new Conv2d(nf, seg, 1));
        var previous = nf;
        for (var k = 0; k < scales.Length; k++)
        {
            long c = config.StageChannels[k];
            stages.Add(new SrStage(previous, c, config.StageBlocks[k], bands));
            laterals.Add(new Conv2d(c, seg, 1));
            previous = c;
        }
        seg1 = RegisterModule("seg_conv1", new Conv2d((seg * (scales.Length + 1)) + bands, seg, 3, padding: 1));
        seg2 = RegisterModule("seg_conv2", new Conv2d(seg, seg, 3, padding: 1));
        segOut = RegisterModule("seg_out", new Conv2d(seg, 1, 1));
    }

    /// <summary>Image bands in and out.</summary>
    public int Bands { get; }

    /// <summary>Total up-sampling factor.</summary>
    public int Factor => scales.Aggregate(1, (a, b) => a * b);

    /// <summary>ISA logits [N, 1, H*Factor, W*Factor] for a normalised low-resolution batch [N, Bands, H, W].</summary>
    public override Tensor Forward(Tensor input) => ForwardAll(input).Logits;

    /// <summary>Every stage's super-resolved image and the logits.</summary>
    public JointSegOutput ForwardAll(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Shape;
        if (shape.Length != 4 || shape[1] != Bands)
            throw new ArgumentException($"JointSegModel: expected [N, {Bands}, H, W], got [{string.Join(", ", shape)}]", nameof(input));
        var fea = convFirst.Forward(input);
        var features = fea.Add(trunkConv.Forward(trunk.Forward(fea)));
        var perScale = new List<Tensor> { features };
        var images = new List<Tensor>();
        long h = shape[2], w = shape[3];
        foreach (var (stage, k) in stages.Select((s, k) => (s, k)))
        {
            h *= scales[k];
            w *= scales[k];
            var upInput = F.Interpolate(input, [h, w], mode: InterpolationMode.Bilinear);
            (features, var image) = stage.Forward(features, upInput, scales[k]);
            perScale.Add(features);
            images.Add(image);
        }
        var fused = new List<Tensor>();
        for (var k = 0; k < perScale.Count; k++)
        {
            var lateral = laterals[k].Forward(perScale[k]);
            fused.Add(k == perScale.Count - 1 ? lateral : F.Interpolate(lateral, [h, w], mode: InterpolationMode.Bilinear));
        }
        fused.Add(images[^1]);
        var x = F.LeakyRelu(seg1.Forward(Tensor.Cat(fused, 1)), 0.2);
        x = F.LeakyRelu(seg2.Forward(x), 0.2);
        return new JointSegOutput(images, segOut.Forward(x));
    }
}

/// <summary>One progressive super-resolution stage of <see cref="JointSegModel"/>: up-sample, fuse with the
/// up-sampled input image, refine with residual dense blocks, and emit the image residual.</summary>
public sealed class SrStage : Module
{
    private readonly Conv2d fuse, body, toImage;
    private readonly Sequential blocks;

    /// <summary>A stage from <paramref name="inChannels"/> to <paramref name="channels"/> features.</summary>
    public SrStage(long inChannels, long channels, int blockCount, int bands)
    {
        fuse = RegisterModule("fuse", new Conv2d(inChannels + bands, channels, 3, padding: 1));
        blocks = RegisterModule("blocks", new Sequential(Enumerable.Range(0, blockCount)
            .Select(_ => (Module<Tensor, Tensor>)new ResidualDenseBlock(channels, Math.Max(4, channels / 2))).ToArray()));
        body = RegisterModule("body", new Conv2d(channels, channels, 3, padding: 1));
        toImage = RegisterModule("to_image", new Conv2d(channels, bands, 3, padding: 1));
    }

    /// <summary>Features and image at <paramref name="scale"/> times the resolution of <paramref name="features"/>;
    /// <paramref name="upInput"/> is the input image bilinearly up-sampled to that resolution.</summary>
    public (Tensor Features, Tensor Image) Forward(Tensor features, Tensor upInput, int scale)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(upInput);
        var up = F.Interpolate(features, scale: scale, mode: InterpolationMode.Nearest);
        var x = F.LeakyRelu(fuse.Forward(Tensor.Cat([up, upInput], 1)), 0.2);
        x = F.LeakyRelu(body.Forward(blocks.Forward(x)), 0.2);
        return (x, upInput.Add(toImage.Forward(x)));
    }
}
