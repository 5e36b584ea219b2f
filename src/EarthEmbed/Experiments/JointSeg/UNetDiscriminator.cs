using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Real-ESRGAN's U-Net discriminator with spectral normalisation (<c>UNetDiscriminatorSN</c>, Wang et al.
/// 2021): three stride-2 down convs, three bilinear up steps with skip additions, two more convs and a 1-channel
/// output, so it judges every pixel as real or super-resolved (per-pixel realness logits, the input's size).
/// Every conv but the first and the last is a <see cref="SpectralNormConv2d"/>. Inputs need sizes divisible by 8.</summary>
public sealed class UNetDiscriminator : Module<Tensor, Tensor>
{
    private readonly Conv2d conv0, conv9;
    private readonly SpectralNormConv2d conv1, conv2, conv3, conv4, conv5, conv6, conv7, conv8;

    /// <summary>A discriminator for <paramref name="bands"/>-band images with <paramref name="channels"/> base features.</summary>
    public UNetDiscriminator(int bands, int channels)
    {
        long nf = channels;
        conv0 = RegisterModule("conv0", new Conv2d(bands, nf, 3, padding: 1));
        conv1 = RegisterModule("conv1", new SpectralNormConv2d(nf, nf * 2, 4, 2, 1, bias: false));
        conv2 = RegisterModule("conv2", new SpectralNormConv2d(nf * 2, nf * 4, 4, 2, 1, bias: false));
        conv3 = RegisterModule("conv3", new SpectralNormConv2d(nf * 4, nf * 8, 4, 2, 1, bias: false));
        conv4 = RegisterModule("conv4", new SpectralNormConv2d(nf * 8, nf * 4, 3, 1, 1, bias: false));
        conv5 = RegisterModule("conv5", new SpectralNormConv2d(nf * 4, nf * 2, 3, 1, 1, bias: false));
        conv6 = RegisterModule("conv6", new SpectralNormConv2d(nf * 2, nf, 3, 1, 1, bias: false));
        conv7 = RegisterModule("conv7", new SpectralNormConv2d(nf, nf, 3, 1, 1, bias: false));
        conv8 = RegisterModule("conv8", new SpectralNormConv2d(nf, nf, 3, 1, 1, bias: false));
        conv9 = RegisterModule("conv9", new Conv2d(nf, 1, 3, padding: 1));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Shape[2] % 8 != 0 || input.Shape[3] % 8 != 0)
            throw new ArgumentException($"UNetDiscriminator: height and width must be multiples of 8, got {input.Shape[2]}x{input.Shape[3]}", nameof(input));
        static Tensor Act(Tensor x) => F.LeakyRelu(x, 0.2);
        static Tensor Up(Tensor x) => F.Interpolate(x, scale: 2, mode: InterpolationMode.Bilinear);
        var x0 = Act(conv0.Forward(input));
        var x1 = Act(conv1.Forward(x0));
        var x2 = Act(conv2.Forward(x1));
        var x3 = Act(conv3.Forward(x2));
        var x4 = Act(conv4.Forward(Up(x3))).Add(x2);
        var x5 = Act(conv5.Forward(Up(x4))).Add(x1);
        var x6 = Act(conv6.Forward(Up(x5))).Add(x0);
        var y = Act(conv7.Forward(x6));
        y = Act(conv8.Forward(y));
        return conv9.Forward(y);
    }
}
