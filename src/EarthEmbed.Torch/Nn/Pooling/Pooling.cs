using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>Max pooling over square windows of NCHW (or CHW) input, like <c>torch.nn.MaxPool2d</c> (stride defaults
/// to the kernel size).</summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public MaxPool2d(long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        if (padding * 2 > kernelSize)
            throw new ArgumentException($"MaxPool2d padding ({padding}) must be at most half the kernel size ({kernelSize})", nameof(padding));
        (KernelSize, Stride, Padding, CeilMode) = (kernelSize, stride ?? kernelSize, padding, ceilMode);
    }

    /// <summary>Window size.</summary>
    public long KernelSize { get; }
    /// <summary>Step between windows.</summary>
    public long Stride { get; }
    /// <summary>Implicit -inf padding on every side.</summary>
    public long Padding { get; }
    /// <summary>Round the output size up instead of down.</summary>
    public bool CeilMode { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        Shapes.CheckRank(input, ToString(), "(N, C, H, W) or (C, H, W)", 3, 4);
        return Functional.MaxPool2d(input, KernelSize, Stride, Padding, CeilMode);
    }

    /// <summary>PyTorch's repr, e.g. "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"MaxPool2d(kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation=1, ceil_mode={Shapes.Py(CeilMode)})");
}

/// <summary>Average pooling over square windows, like <c>torch.nn.AvgPool2d</c> (padding counted in the average,
/// as PyTorch's default).</summary>
public sealed class AvgPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public AvgPool2d(long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        (KernelSize, Stride, Padding, CeilMode, CountIncludePad) = (kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad);
    }

    /// <summary>Window size.</summary>
    public long KernelSize { get; }
    /// <summary>Step between windows.</summary>
    public long Stride { get; }
    /// <summary>Implicit zero padding on every side.</summary>
    public long Padding { get; }
    /// <summary>Round the output size up instead of down.</summary>
    public bool CeilMode { get; }
    /// <summary>Whether padded zeros count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        Shapes.CheckRank(input, ToString(), "(N, C, H, W) or (C, H, W)", 3, 4);
        return Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);
    }

    /// <summary>PyTorch's repr, e.g. "AvgPool2d(kernel_size=2, stride=2, padding=0)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"AvgPool2d(kernel_size={KernelSize}, stride={Stride}, padding={Padding})");
}

/// <summary>Average pooling to a fixed output size, like <c>torch.nn.AdaptiveAvgPool2d</c> (1 gives global
/// average pooling).</summary>
public sealed class AdaptiveAvgPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with a square output.</summary>
    public AdaptiveAvgPool2d(long outputSize) : this(outputSize, outputSize) => square = true;

    /// <summary>Creates the layer with an (h, w) output.</summary>
    public AdaptiveAvgPool2d(long outputHeight, long outputWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        (OutputHeight, OutputWidth) = (outputHeight, outputWidth);
    }

    private readonly bool square;

    /// <summary>Output height.</summary>
    public long OutputHeight { get; }
    /// <summary>Output width.</summary>
    public long OutputWidth { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        Shapes.CheckRank(input, ToString(), "(N, C, H, W) or (C, H, W)", 3, 4);
        return Functional.AdaptiveAvgPool2d(input, OutputHeight, OutputWidth);
    }

    /// <summary>PyTorch's repr, e.g. "AdaptiveAvgPool2d(output_size=1)".</summary>
    public override string ToString() => square
        ? string.Create(CultureInfo.InvariantCulture, $"AdaptiveAvgPool2d(output_size={OutputHeight})")
        : string.Create(CultureInfo.InvariantCulture, $"AdaptiveAvgPool2d(output_size=({OutputHeight}, {OutputWidth}))");
}

/// <summary>Resamples NCHW input by a scale factor or to a size, like <c>torch.nn.Upsample</c> (nearest or
/// bilinear).</summary>
public sealed class Upsample : Module<Tensor, Tensor>
{
    /// <summary>Resamples by <paramref name="scaleFactor"/>.</summary>
    public Upsample(double scaleFactor, InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scaleFactor);
        (ScaleFactor, Mode, AlignCorners) = (scaleFactor, mode, alignCorners);
    }

    /// <summary>Resamples to (height, width).</summary>
    public Upsample(long height, long width, InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        (Size, Mode, AlignCorners) = ([height, width], mode, alignCorners);
    }

    /// <summary>The scale factor, or null when a size was given.</summary>
    public double? ScaleFactor { get; }
    /// <summary>The (h, w) output size, or null when a scale factor was given.</summary>
    public IReadOnlyList<long>? Size { get; }
    /// <summary>Nearest or bilinear.</summary>
    public InterpolationMode Mode { get; }
    /// <summary>Bilinear only: align the corner pixels' centres.</summary>
    public bool AlignCorners { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        Shapes.CheckRank(input, ToString(), "(N, C, H, W)", 4);
        return Functional.Interpolate(input, Size?.ToArray(), ScaleFactor, Mode, AlignCorners);
    }

    /// <summary>PyTorch's repr, e.g. "Upsample(scale_factor=2.0, mode=nearest)".</summary>
    public override string ToString()
    {
        var what = ScaleFactor is { } s ? "scale_factor=" + Shapes.Py(s)
            : string.Create(CultureInfo.InvariantCulture, $"size=({Size![0]}, {Size[1]})");
        return $"Upsample({what}, mode={(Mode == InterpolationMode.Nearest ? "nearest" : "bilinear")})";
    }
}
