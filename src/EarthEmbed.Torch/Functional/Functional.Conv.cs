using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Convolutions, as in torch.nn.functional: conv2d and conv_transpose2d, with square or (height, width) settings.
public static partial class Functional
{
    private static readonly Op Conv2dOp = new("aten::conv2d"), Conv2dPadOp = new("aten::conv2d.padding");
    private static readonly Op ConvT2dOp = new("aten::conv_transpose2d.input");

    /// <summary>2-D convolution of NCHW <paramref name="input"/> with an (out, in/groups, kh, kw)
    /// <paramref name="weight"/> and optional (out) <paramref name="bias"/>; the same stride, zero padding and
    /// dilation on both axes. Output size per axis: floor((in + 2 padding - dilation (k - 1) - 1) / stride) + 1.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        Conv2dOp.Tensor(input, weight, bias, Two(stride), Two(padding), Two(dilation), groups);

    /// <summary>2-D convolution with (height, width) settings, like <c>F.conv2d(x, w, b, stride=(2, 1), ...)</c>.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (long H, long W) stride, (long H, long W) padding,
        (long H, long W) dilation, long groups = 1) =>
        Conv2dOp.Tensor(input, weight, bias, Two(stride), Two(padding), Two(dilation), groups);

    /// <summary>2-D convolution with PyTorch's padding by name: "valid" (none) or "same" (output as large as the
    /// input; needs stride 1), like <c>F.conv2d(x, w, b, padding="same")</c>.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, string padding, long stride = 1, long dilation = 1,
        long groups = 1)
    {
        ArgumentNullException.ThrowIfNull(padding);
        if (padding is not ("same" or "valid"))
            throw new ArgumentException($"padding '{padding}' is not one of \"same\", \"valid\"", nameof(padding));
        return Conv2dPadOp.Tensor(input, weight, bias, Two(stride), padding, Two(dilation), groups);
    }

    /// <summary>2-D transposed convolution (the gradient of <see cref="Conv2d(Tensor, Tensor, Tensor?, long, long, long, long)"/>
    /// with respect to its input) with an (in, out/groups, kh, kw) <paramref name="weight"/>. Output size per axis:
    /// (in - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1; <paramref name="outputPadding"/> (smaller
    /// than the stride or the dilation) picks among the input sizes a strided convolution maps to the same size.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1,
        long padding = 0, long outputPadding = 0, long groups = 1, long dilation = 1) =>
        ConvT2dOp.Tensor(input, weight, bias, Two(stride), Two(padding), Two(outputPadding), groups, Two(dilation));

    /// <summary>2-D transposed convolution with (height, width) settings.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias, (long H, long W) stride,
        (long H, long W) padding, (long H, long W) outputPadding, long groups = 1, (long H, long W)? dilation = null) =>
        ConvT2dOp.Tensor(input, weight, bias, Two(stride), Two(padding), Two(outputPadding), groups, Two(dilation ?? (1, 1)));
}
