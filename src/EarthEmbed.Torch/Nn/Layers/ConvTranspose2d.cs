using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>2-D transposed convolution ("deconvolution", the gradient of <see cref="Conv2d"/>) over NCHW (or
/// unbatched CHW) input, like <c>torch.nn.ConvTranspose2d</c>: weight (in, out/groups, k, k), bias (out),
/// initialised as PyTorch does. With stride s, kernel s and no padding it upsamples exactly s times.</summary>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        long outputPadding = 0, long groups = 1, bool bias = true, long dilation = 1)
    {
        ConvShapes.Check(inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        ArgumentOutOfRangeException.ThrowIfNegative(outputPadding);
        if (outputPadding >= stride && outputPadding >= dilation)
            throw new ArgumentException($"outputPadding ({outputPadding}) must be smaller than stride ({stride}) or dilation ({dilation})", nameof(outputPadding));
        (InChannels, OutChannels, KernelSize, Stride, Padding, OutputPadding, Groups, Dilation) =
            (inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, dilation);
        Weight = RegisterParameter("weight", Tensor.Empty([inChannels, outChannels / groups, kernelSize, kernelSize]));
        Bias = bias ? RegisterParameter("bias", Tensor.Empty([outChannels])) : null;
        ResetParameters();
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }
    /// <summary>Output channels.</summary>
    public long OutChannels { get; }
    /// <summary>Kernel height and width.</summary>
    public long KernelSize { get; }
    /// <summary>Upsampling step.</summary>
    public long Stride { get; }
    /// <summary>Implicit padding removed from each side of the output (dilation * (k - 1) - padding added to the input).</summary>
    public long Padding { get; }
    /// <summary>Extra rows/columns added on one side of the output, to pick among output sizes.</summary>
    public long OutputPadding { get; }
    /// <summary>Channel groups.</summary>
    public long Groups { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public long Dilation { get; }

    /// <summary>The (in, out/groups, k, k) weight.</summary>
    public Tensor Weight { get; }

    /// <summary>The (out) bias, or null when created without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation (the fan is taken from the weight's
    /// second dimension, as PyTorch does).</summary>
    public void ResetParameters()
    {
        Init.KaimingUniform_(Weight, a: Math.Sqrt(5));
        if (Bias is not null) Layers.InitBiasFromFanIn(Bias, Weight);
    }

    /// <summary>(N, in, H, W) to (N, out, H', W') with H' = (H - 1) s - 2p + d(k - 1) + output_padding + 1.</summary>
    public override Tensor Forward(Tensor input)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"ConvTranspose2d({InChannels}->{OutChannels})");
        var shape = Shapes.CheckRank(input, name, "(N, C, H, W) or (C, H, W)", 3, 4);
        Shapes.CheckSize(shape, shape.Length - 3, InChannels, name, "channels");
        return Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
    }

    /// <summary>PyTorch's repr, e.g. "ConvTranspose2d(64, 32, kernel_size=(2, 2), stride=(2, 2))".</summary>
    public override string ToString() => "ConvTranspose2d(" +
        ConvShapes.Repr(InChannels, OutChannels, KernelSize, Stride, Padding, Dilation, OutputPadding, Groups, Bias is not null) + ")";
}
