using EarthEmbed.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The paper's main baseline, "bilinear_unet": the 10 m image up-sampled bilinearly to the label's
/// resolution, then a U-Net (ResNet encoder, <see cref="ModelRegistry"/> "unet") segments it. Maps a normalised
/// low-resolution batch to fine-resolution ISA logits, like <see cref="JointSegModel"/>.</summary>
internal sealed class BilinearUNet : nn.Module<Tensor, Tensor>
{
    // The field carries the state-dict name: TorchSharp registers a module's fields by name.
    private readonly SegmentationModel unet;

    /// <summary>A U-Net on <paramref name="bands"/> bands with <paramref name="encoder"/>, after up-sampling by
    /// <paramref name="factor"/>.</summary>
    public BilinearUNet(int bands, int factor, string encoder) : base(nameof(BilinearUNet))
    {
        Factor = factor;
        unet = ModelRegistry.Create("unet", new ModelOptions { Encoder = encoder, InChannels = bands, Classes = 1 });
        RegisterComponents();
    }

    /// <summary>Up-sampling factor.</summary>
    public int Factor { get; }

    /// <summary>The bilinearly up-sampled input (what the U-Net sees).</summary>
    public Tensor Upsample(Tensor input) =>
        F.interpolate(input, scale_factor: new double[] { Factor, Factor }, mode: InterpolationMode.Bilinear, align_corners: false);

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => unet.ForwardPadded(Upsample(input));
}

/// <summary>The "lowres_unet" baseline: a U-Net (encoder depth 4) segments the 10 m image into the ISA share of each
/// 10 m pixel; nearest up-sampling then gives every fine pixel of a 10 m pixel the same call, the way a 10 m ISA
/// product is used at 1 m.</summary>
internal sealed class LowResUNet : nn.Module<Tensor, Tensor>
{
    // The field carries the state-dict name: TorchSharp registers a module's fields by name.
    private readonly SegmentationModel unet;

    /// <summary>A depth-4 U-Net on <paramref name="bands"/> bands, outputs up-sampled by <paramref name="factor"/>.</summary>
    public LowResUNet(int bands, int factor, string encoder) : base(nameof(LowResUNet))
    {
        Factor = factor;
        unet = ModelRegistry.Create("unet", new ModelOptions { Encoder = encoder, InChannels = bands, Classes = 1, EncoderDepth = 4 });
        RegisterComponents();
    }

    /// <summary>Up-sampling factor.</summary>
    public int Factor { get; }

    /// <summary>Logits of the ISA share at the input's 10 m resolution.</summary>
    public Tensor ForwardLow(Tensor input) => unet.ForwardPadded(input);

    /// <inheritdoc />
    public override Tensor forward(Tensor input) =>
        F.interpolate(ForwardLow(input), scale_factor: new double[] { Factor, Factor }, mode: InterpolationMode.Nearest);
}
