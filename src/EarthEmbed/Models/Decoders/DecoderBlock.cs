using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Models.Decoders;

/// <summary>segmentation_models_pytorch's <c>Conv2dReLU</c>: a 3x3 convolution, batch norm (or nothing) and ReLU as a
/// <see cref="Sequential"/> "0", "1", "2", so the state dict keys are smp's (<c>conv1.0.weight</c>,
/// <c>conv1.1.running_mean</c>). With batch norm the convolution has no bias.</summary>
public static class Conv2dReLU
{
    /// <summary>Builds the three layers.</summary>
    public static Sequential Create(long inChannels, long outChannels, bool useBatchNorm = true) => nn.Sequential(
        nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: !useBatchNorm),
        useBatchNorm ? nn.BatchNorm2d(outChannels) : nn.Identity(),
        nn.ReLU());
}

/// <summary>smp's U-Net <c>DecoderBlock</c>: upsample x2 (nearest), concatenate the skip connection (if any) along
/// the channels, then two <see cref="Conv2dReLU"/> (<c>conv1</c>, <c>conv2</c>). smp's optional attention modules
/// are left out (its default, attention_type=None, is an identity without parameters).</summary>
public sealed class DecoderBlock : nn.Module
{
    private readonly Sequential conv1, conv2;

    /// <summary>A block taking <paramref name="inChannels"/> from below plus <paramref name="skipChannels"/> from
    /// the skip connection (0 for none) to <paramref name="outChannels"/>.</summary>
    public DecoderBlock(long inChannels, long skipChannels, long outChannels, bool useBatchNorm = true) : base(nameof(DecoderBlock))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skipChannels);
        (InChannels, SkipChannels, OutChannels) = (inChannels, skipChannels, outChannels);
        conv1 = Conv2dReLU.Create(inChannels + skipChannels, outChannels, useBatchNorm);
        conv2 = Conv2dReLU.Create(outChannels, outChannels, useBatchNorm);
        RegisterComponents();
    }

    /// <summary>Channels coming from below (before upsampling).</summary>
    public long InChannels { get; }
    /// <summary>Channels of the skip connection (0: none).</summary>
    public long SkipChannels { get; }
    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>conv2(conv1(cat(upsample2(x), skip))); the output is twice the size of <paramref name="x"/>.</summary>
    public Tensor forward(Tensor x, Tensor? skip = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if ((skip is null) != (SkipChannels == 0))
            throw new ArgumentException(SkipChannels == 0 ? "this DecoderBlock has no skip connection, but one was given"
                : $"this DecoderBlock needs a skip connection of {SkipChannels} channels", nameof(skip));
        using var scope = NewDisposeScope();
        var y = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        if (skip is not null) y = cat([y, skip], 1);
        return conv2.call(conv1.call(y)).MoveToOuterDisposeScope();
    }
}

/// <summary>smp's <c>CenterBlock</c>: two <see cref="Conv2dReLU"/> ("0", "1") applied to the deepest feature map
/// before decoding (smp uses it for VGG encoders; off by default).</summary>
public static class CenterBlock
{
    /// <summary>Builds the two layers.</summary>
    public static Sequential Create(long inChannels, long outChannels, bool useBatchNorm = true) => nn.Sequential(
        Conv2dReLU.Create(inChannels, outChannels, useBatchNorm), Conv2dReLU.Create(outChannels, outChannels, useBatchNorm));
}
