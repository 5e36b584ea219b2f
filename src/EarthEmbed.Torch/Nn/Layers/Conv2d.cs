using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>2-D convolution over NCHW (or unbatched CHW) input, like <c>torch.nn.Conv2d</c> with square kernels
/// and zero padding: weight (out, in/groups, k, k), bias (out), initialised as PyTorch does.</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool bias = true)
    {
        ConvShapes.Check(inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        (InChannels, OutChannels, KernelSize, Stride, Padding, Dilation, Groups) =
            (inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        Weight = RegisterParameter("weight", Tensor.Empty([outChannels, inChannels / groups, kernelSize, kernelSize]));
        Bias = bias ? RegisterParameter("bias", Tensor.Empty([outChannels])) : null;
        ResetParameters();
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }
    /// <summary>Output channels.</summary>
    public long OutChannels { get; }
    /// <summary>Kernel height and width.</summary>
    public long KernelSize { get; }
    /// <summary>Step between kernel positions.</summary>
    public long Stride { get; }
    /// <summary>Zeros added on every side.</summary>
    public long Padding { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public long Dilation { get; }
    /// <summary>Channel groups (in and out channels are split into this many independent convolutions).</summary>
    public long Groups { get; }

    /// <summary>The (out, in/groups, k, k) weight.</summary>
    public Tensor Weight { get; }

    /// <summary>The (out) bias, or null when created without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
    public void ResetParameters()
    {
        Init.KaimingUniform_(Weight, a: Math.Sqrt(5));
        if (Bias is not null) Layers.InitBiasFromFanIn(Bias, Weight);
    }

    /// <summary>(N, in, H, W) to (N, out, H', W') with H' = floor((H + 2p - d(k-1) - 1) / s) + 1.</summary>
    public override Tensor Forward(Tensor input)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"Conv2d({InChannels}->{OutChannels})");
        var shape = Shapes.CheckRank(input, name, "(N, C, H, W) or (C, H, W)", 3, 4);
        Shapes.CheckSize(shape, shape.Length - 3, InChannels, name, "channels");
        var reach = Dilation * (KernelSize - 1) + 1;
        if (shape[^2] + 2 * Padding < reach || shape[^1] + 2 * Padding < reach)
            throw new ArgumentException($"{name}: input of {shape[^2]}x{shape[^1]} pixels (padded by {Padding}) is smaller " +
                $"than the kernel's reach of {reach} pixels (input shape {Shapes.Format(shape)})", nameof(input));
        return Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    /// <summary>PyTorch's repr, e.g. "Conv2d(64, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))".</summary>
    public override string ToString() => "Conv2d(" +
        ConvShapes.Repr(InChannels, OutChannels, KernelSize, Stride, Padding, Dilation, 0, Groups, Bias is not null) + ")";
}

/// <summary>Argument checks and the repr shared by the convolution layers.</summary>
internal static class ConvShapes
{
    public static void Check(long inChannels, long outChannels, long kernelSize, long stride, long padding,
        long dilation, long groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inChannels % groups != 0)
            throw new ArgumentException($"inChannels ({inChannels}) must be divisible by groups ({groups})", nameof(groups));
        if (outChannels % groups != 0)
            throw new ArgumentException($"outChannels ({outChannels}) must be divisible by groups ({groups})", nameof(groups));
    }

    public static string Repr(long inChannels, long outChannels, long kernelSize, long stride, long padding,
        long dilation, long outputPadding, long groups, bool bias)
    {
        static string Pair(long v) => string.Create(CultureInfo.InvariantCulture, $"({v}, {v})");
        var s = string.Create(CultureInfo.InvariantCulture,
            $"{inChannels}, {outChannels}, kernel_size={Pair(kernelSize)}, stride={Pair(stride)}");
        if (padding != 0) s += ", padding=" + Pair(padding);
        if (dilation != 1) s += ", dilation=" + Pair(dilation);
        if (outputPadding != 0) s += ", output_padding=" + Pair(outputPadding);
        if (groups != 1) s += string.Create(CultureInfo.InvariantCulture, $", groups={groups}");
        if (!bias) s += ", bias=False";
        return s;
    }
}
