using EarthEmbed.Models;
using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The paper's main baseline, "bilinear_unet": the 10 m image up-sampled bilinearly to the label's
/// resolution, then a U-Net (ResNet encoder, <see cref="ModelRegistry"/> "unet") segments it. Maps a normalised
/// low-resolution batch to fine-resolution ISA logits, like <see cref="JointSegModel"/>.</summary>
public sealed class BilinearUNet : Module<Tensor, Tensor>
{
    private readonly SegmentationModel unet;

    /// <summary>A U-Net on <paramref name="bands"/> bands with <paramref name="encoder"/>, after up-sampling by
    /// <paramref name="factor"/>.</summary>
    public BilinearUNet(int bands, int factor, string encoder)
    {
        Factor = factor;
        unet = RegisterModule("unet", ModelRegistry.Create("unet", new ModelOptions { Encoder = encoder, InChannels = bands, Classes = 1 }));
    }

    /// <summary>Up-sampling factor.</summary>
    public int Factor { get; }

    /// <summary>The bilinearly up-sampled input (what the U-Net sees).</summary>
    public Tensor Upsample(Tensor input) => F.Interpolate(input, scale: Factor, mode: InterpolationMode.Bilinear);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => unet.ForwardPadded(Upsample(input));
}

/// <summary>The "lowres_unet" baseline: a U-Net (encoder depth 4) segments the 10 m image into the ISA share of each
/// 10 m pixel; nearest up-sampling then gives every fine pixel of a 10 m pixel the same call, the way a 10 m ISA
/// product is used at 1 m.</summary>
public sealed class LowResUNet : Module<Tensor, Tensor>
{
    private readonly SegmentationModel unet;

    /// <summary>A depth-4 U-Net on <paramref name="bands"/> bands, outputs up-sampled by <paramref name="factor"/>.</summary>
    public LowResUNet(int bands, int factor, string encoder)
    {
        Factor = factor;
        unet = RegisterModule("unet", ModelRegistry.Create("unet", new ModelOptions { Encoder = encoder, InChannels = bands, Classes = 1, EncoderDepth = 4 }));
    }

    /// <summary>Up-sampling factor.</summary>
    public int Factor { get; }

    /// <summary>Logits of the ISA share at the input's 10 m resolution.</summary>
    public Tensor ForwardLow(Tensor input) => unet.ForwardPadded(input);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => F.Interpolate(ForwardLow(input), scale: Factor, mode: InterpolationMode.Nearest);
}
