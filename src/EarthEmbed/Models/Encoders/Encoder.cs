using static TorchSharp.torch;

namespace EarthEmbed.Models.Encoders;

/// <summary>The first part of a <see cref="SegmentationModel"/>: turns an (N, C, H, W) image into one feature map per
/// depth, as segmentation_models_pytorch's encoders do. Feature 0 is the input itself, feature d has
/// <see cref="OutChannels"/>[d] channels at 1/2^d of the input size, so decoders know every skip connection's
/// shape before they see data.</summary>
public abstract class Encoder : nn.Module<Tensor, List<Tensor>>
{
    /// <summary>Names the module (TorchSharp's module name, used in diagnostics).</summary>
    protected Encoder(string name) : base(name) { }

    /// <summary>Channels of each returned feature map, the input's first (smp's <c>out_channels</c>), e.g.
    /// [64, 64, 64, 128, 256, 512] for ResNet-18 on 64 bands.</summary>
    public abstract IReadOnlyList<long> OutChannels { get; }

    /// <summary>Number of down-sampling stages (feature maps returned minus one).</summary>
    public int Depth => OutChannels.Count - 1;

    /// <summary>Bands the first layer expects.</summary>
    public long InChannels => OutChannels[0];

    /// <summary>Ratio of input size to the deepest feature map's size (2^<see cref="Depth"/>): inputs must be a
    /// multiple of it.</summary>
    public long OutputStride => 1L << Depth;
}
