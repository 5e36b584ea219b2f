using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Real-ESRGAN's U-Net discriminator with spectral normalisation (<c>UNetDiscriminatorSN</c>, Wang et al.
/// 2021): three stride-2 down convs, three bilinear up steps with skip additions, two more convs and a 1-channel
/// output, so it judges every pixel as real or super-resolved (per-pixel realness logits, the input's size).
/// Every conv but the first and the last is a <see cref="SpectralNormConv2d"/>. Inputs need sizes divisible by 8.</summary>
internal sealed class UNetDiscriminator : nn.Module<Tensor, Tensor>
{
    // Fields carry Real-ESRGAN's attribute names: TorchSharp registers a module's fields by name, in declaration order.
    private readonly Conv2d conv0;
    private readonly SpectralNormConv2d conv1, conv2, conv3, conv4, conv5, conv6, conv7, conv8;
    private readonly Conv2d conv9;
    private static readonly double[] Double = [2.0, 2.0];

    /// <summary>A discriminator for <paramref name="bands"/>-band images with <paramref name="channels"/> base features.</summary>
    public UNetDiscriminator(int bands, int channels) : base(nameof(UNetDiscriminator))
    {
        long nf = channels;
        conv0 = nn.Conv2d(bands, nf, 3, padding: 1);
        conv1 = new SpectralNormConv2d(nf, nf * 2, 4, 2, 1, bias: false);
        conv2 = new SpectralNormConv2d(nf * 2, nf * 4, 4, 2, 1, bias: false);
        conv3 = new SpectralNormConv2d(nf * 4, nf * 8, 4, 2, 1, bias: false);
        conv4 = new SpectralNormConv2d(nf * 8, nf * 4, 3, 1, 1, bias: false);
        conv5 = new SpectralNormConv2d(nf * 4, nf * 2, 3, 1, 1, bias: false);
        conv6 = new SpectralNormConv2d(nf * 2, nf, 3, 1, 1, bias: false);
        conv7 = new SpectralNormConv2d(nf, nf, 3, 1, 1, bias: false);
        conv8 = new SpectralNormConv2d(nf, nf, 3, 1, 1, bias: false);
        conv9 = nn.Conv2d(nf, 1, 3, padding: 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.shape[2] % 8 != 0 || input.shape[3] % 8 != 0)
            throw new ArgumentException($"UNetDiscriminator: height and width must be multiples of 8, got {input.shape[2]}x{input.shape[3]}", nameof(input));
        static Tensor Act(Tensor x) => F.leaky_relu(x, 0.2);
        static Tensor Up(Tensor x) => F.interpolate(x, scale_factor: Double, mode: InterpolationMode.Bilinear, align_corners: false);
        var x0 = Act(conv0.call(input));
        var x1 = Act(conv1.call(x0));
        var x2 = Act(conv2.call(x1));
        var x3 = Act(conv3.call(x2));
        var x4 = Act(conv4.call(Up(x3))).add(x2);
        var x5 = Act(conv5.call(Up(x4))).add(x1);
        var x6 = Act(conv6.call(Up(x5))).add(x0);
        var y = Act(conv7.call(x6));
        y = Act(conv8.call(y));
        return conv9.call(y);
    }
}
