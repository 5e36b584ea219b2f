using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Pooling and resampling, as in torch.nn.functional: max/avg/adaptive pooling and interpolate.
public static partial class Functional
{
    private static readonly Op MaxPoolOp = new("aten::max_pool2d"), AvgPoolOp = new("aten::avg_pool2d");
    private static readonly Op AdaptiveAvgOp = new("aten::adaptive_avg_pool2d"), AdaptiveMaxOp = new("aten::adaptive_max_pool2d");
    private static readonly Op NearestOp = new("aten::upsample_nearest2d.vec"), BilinearOp = new("aten::upsample_bilinear2d.vec");
    private static readonly Op NearestExactOp = new("aten::_upsample_nearest_exact2d.vec");
    private static readonly Op BicubicOp = new("aten::upsample_bicubic2d.vec");

    /// <summary>Max pooling of NCHW input over <paramref name="kernel"/> x <paramref name="kernel"/> windows (stride
    /// defaults to the kernel size; padding is implicit -inf; <paramref name="dilation"/> spaces the window's
    /// taps; <paramref name="ceilMode"/> rounds the output size up so the last partial window counts).</summary>
    public static Tensor MaxPool2d(Tensor input, long kernel, long? stride = null, long padding = 0, bool ceilMode = false,
        long dilation = 1) =>
        MaxPoolOp.Tensor(input, Two(kernel), Two(stride ?? kernel), Two(padding), Two(dilation), ceilMode);

    /// <summary>Average pooling (stride defaults to the kernel size). Zero padding counts in the divisor unless
    /// <paramref name="countIncludePad"/> is false (PyTorch's default is true); <paramref name="divisorOverride"/>
    /// replaces the divisor altogether.</summary>
    public static Tensor AvgPool2d(Tensor input, long kernel, long? stride = null, long padding = 0, bool ceilMode = false,
        bool countIncludePad = true, long? divisorOverride = null) =>
        AvgPoolOp.Tensor(input, Two(kernel), Two(stride ?? kernel), Two(padding), ceilMode, countIncludePad, divisorOverride);

    /// <summary>Average pooling to a fixed (<paramref name="outH"/>, <paramref name="outW"/>) output: window i spans
    /// [floor(i in / out), ceil((i + 1) in / out)), so sizes need not divide.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, long outH, long outW) => AdaptiveAvgOp.Tensor(input, new[] { outH, outW });

    /// <summary>Max pooling to a fixed output size (windows as in <see cref="AdaptiveAvgPool2d"/>).</summary>
    public static Tensor AdaptiveMaxPool2d(Tensor input, long outH, long outW)
    {
        var results = AdaptiveMaxOp.Tensors(input, new[] { outH, outW });
        results[1]?.Dispose();  // the indices: freed now rather than left to the finaliser
        return results[0]!;
    }

    /// <summary>Resamples NCHW input to <paramref name="size"/> (h, w) or by <paramref name="scale"/> (both axes),
    /// like <c>F.interpolate</c>. With a scale the output size is floor(in * scale) and, as in PyTorch (without
    /// recompute_scale_factor), the kernels sample at the given scale rather than at in/out.
    /// <paramref name="alignCorners"/> applies to bilinear and bicubic only (PyTorch rejects it for the others).</summary>
    public static Tensor Interpolate(Tensor input, long[]? size = null, double? scale = null,
        InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if ((size is null) == (scale is null))
            throw new ArgumentException("give exactly one of size and scale", nameof(size));
        if (size is { Length: not 2 })
            throw new ArgumentException($"size needs 2 values (height, width), got {size.Length}", nameof(size));
        if (scale is <= 0 or double.NaN)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be positive");
        if (alignCorners && mode is not (InterpolationMode.Bilinear or InterpolationMode.Bicubic))
            throw new ArgumentException($"alignCorners applies to Bilinear and Bicubic only, not {mode}", nameof(alignCorners));
        var scales = scale is { } s ? new[] { s, s } : null;
        return mode switch
        {
            InterpolationMode.Nearest => NearestOp.Tensor(input, size, scales),
            InterpolationMode.NearestExact => NearestExactOp.Tensor(input, size, scales),
            InterpolationMode.Bilinear => BilinearOp.Tensor(input, size, alignCorners, scales),
            InterpolationMode.Bicubic => BicubicOp.Tensor(input, size, alignCorners, scales),
            InterpolationMode.Area => AreaResample(input, size, scale),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown interpolation mode"),
        };
    }

    private static Tensor AreaResample(Tensor input, long[]? size, double? scale)
    {
        if (size is null)
        {
            var shape = input.Shape;
            if (shape.Length != 4) throw new ArgumentException($"input must be NCHW (4-D), got {shape.Length}-D", nameof(input));
            size = [(long)Math.Floor(shape[2] * scale!.Value), (long)Math.Floor(shape[3] * scale.Value)];
        }
        return AdaptiveAvgOp.Tensor(input, size);
    }
}

/// <summary>Resampling modes of <see cref="Functional.Interpolate"/> (PyTorch's mode strings).</summary>
public enum InterpolationMode
{
    /// <summary>"nearest": source index floor(dst * in / out), PyTorch's legacy nearest neighbour.</summary>
    Nearest,
    /// <summary>"bilinear".</summary>
    Bilinear,
    /// <summary>"bicubic" (cubic convolution, A = -0.75; may overshoot the input range).</summary>
    Bicubic,
    /// <summary>"nearest-exact": source index floor((dst + 0.5) * in / out), symmetric, matching PIL and scikit-image.</summary>
    NearestExact,
    /// <summary>"area": adaptive average pooling to the output size.</summary>
    Area,
}
