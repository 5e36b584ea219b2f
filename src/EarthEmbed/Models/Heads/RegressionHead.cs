using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Models.Heads;

/// <summary>segmentation_models_pytorch's <c>SegmentationHead</c>, used here for per-pixel regression: a
/// convolution (3x3 by default, "same" padding) from the decoder's channels to the output channels (<c>0.weight</c>,
/// <c>0.bias</c> as in smp), an optional bilinear upsampling (align_corners, as smp's UpsamplingBilinear2d) and an
/// optional activation. For height regression the activation stays off: the targets are standardised, so the output
/// must be free to be negative.</summary>
public sealed class RegressionHead : nn.Module<Tensor, Tensor>
{
    /// <summary>Activations the head accepts by name (null or "identity" for none).</summary>
    public static readonly IReadOnlyList<string> Activations = ["identity", "sigmoid", "tanh", "relu", "softplus", "softmax"];

    [ComponentName(Name = "0")]   // smp's key "0.weight"; TorchSharp registers fields by this name
    private readonly Conv2d conv;

    /// <summary>A head from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    /// <param name="inChannels">Channels of the decoder output (or decoder node) this head reads.</param>
    /// <param name="outChannels">Predicted channels (1 for height).</param>
    /// <param name="kernelSize">Odd convolution size.</param>
    /// <param name="activation">null/"identity", "sigmoid", "tanh", "relu", "softplus" or "softmax" (over channels).</param>
    /// <param name="upsampling">Integer factor to enlarge the output by (1: none).</param>
    public RegressionHead(long inChannels, long outChannels, long kernelSize = 3, string? activation = null, long upsampling = 1)
        : base(nameof(RegressionHead))
    {
        if (kernelSize < 1 || kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "the head's kernel size must be odd and positive");
        ArgumentOutOfRangeException.ThrowIfLessThan(upsampling, 1);
        Activation = activation is null or "identity" ? null
            : Activations.Contains(activation) ? activation
            : throw new ArgumentException($"unknown activation '{activation}'; use one of {string.Join(", ", Activations)}", nameof(activation));
        Upsampling = upsampling;
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, padding: kernelSize / 2);
        RegisterComponents();
        Initialization.InitHead(this);
    }

    /// <summary>Input channels.</summary>
    public long InChannels => conv.in_channels;

    /// <summary>Output channels.</summary>
    public long OutChannels => conv.out_channels;

    /// <summary>The activation's name, or null for none.</summary>
    public string? Activation { get; }

    /// <summary>The upsampling factor (1: none).</summary>
    public long Upsampling { get; }

    /// <summary>activation(upsample(conv(x))).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = conv.call(input);
        if (Upsampling > 1)
            y = F.interpolate(y, scale_factor: [Upsampling, Upsampling], mode: InterpolationMode.Bilinear, align_corners: true);
        y = Activation switch
        {
            null => y,
            "sigmoid" => F.sigmoid(y),
            "tanh" => F.tanh(y),
            "relu" => F.relu(y),
            "softplus" => F.softplus(y),
            "softmax" => F.softmax(y, 1),
            _ => throw new InvalidOperationException("unreachable activation " + Activation),
        };
        return y.MoveToOuterDisposeScope();
    }
}
