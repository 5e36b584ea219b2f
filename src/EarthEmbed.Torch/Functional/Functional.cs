using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary><c>torch.nn.functional</c>: layers as functions (convolution, pooling, resampling, normalisation,
/// activations, dropout). Losses are in Functional.Losses.cs.</summary>
public static partial class Functional
{
    private static readonly Op LinearOp = new("aten::linear"), Conv2dOp = new("aten::conv2d");
    private static readonly Op ConvT2dOp = new("aten::conv_transpose2d.input");
    private static readonly Op MaxPoolOp = new("aten::max_pool2d"), AvgPoolOp = new("aten::avg_pool2d");
    private static readonly Op AdaptiveAvgOp = new("aten::adaptive_avg_pool2d"), AdaptiveMaxOp = new("aten::adaptive_max_pool2d");
    private static readonly Op NearestOp = new("aten::upsample_nearest2d.vec"), BilinearOp = new("aten::upsample_bilinear2d.vec");
    private static readonly Op BatchNormOp = new("aten::batch_norm"), GroupNormOp = new("aten::group_norm");
    private static readonly Op LayerNormOp = new("aten::layer_norm"), EmbeddingOp = new("aten::embedding");
    private static readonly Op ReluOp = new("aten::relu"), LeakyReluOp = new("aten::leaky_relu"), GeluOp = new("aten::gelu");
    private static readonly Op SiluOp = new("aten::silu"), SigmoidOp = new("aten::sigmoid"), TanhOp = new("aten::tanh");
    private static readonly Op SoftmaxOp = new("aten::softmax.int"), LogSoftmaxOp = new("aten::log_softmax.int");
    private static readonly Op DropoutOp = new("aten::dropout"), PadOp = new("aten::pad"), PixelShuffleOp = new("aten::pixel_shuffle");
    private static readonly Op OneHotOp = new("aten::one_hot"), ReluIn = new("aten::relu_");

    private static long[] Two(long v) => [v, v];

    /// <summary>x W^T + b.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => LinearOp.Tensor(input, weight, bias);

    /// <summary>2-D convolution of NCHW input with an (out, in/groups, kh, kw) weight.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        Conv2dOp.Tensor(input, weight, bias, Two(stride), Two(padding), Two(dilation), groups);

    /// <summary>2-D transposed convolution with an (in, out/groups, kh, kw) weight.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1,
        long padding = 0, long outputPadding = 0, long groups = 1, long dilation = 1) =>
        ConvT2dOp.Tensor(input, weight, bias, Two(stride), Two(padding), Two(outputPadding), groups, Two(dilation));

    /// <summary>Max pooling (stride defaults to the kernel size).</summary>
    public static Tensor MaxPool2d(Tensor input, long kernel, long? stride = null, long padding = 0, bool ceilMode = false) =>
        MaxPoolOp.Tensor(input, Two(kernel), Two(stride ?? kernel), Two(padding), Two(1), ceilMode);

    /// <summary>Average pooling (stride defaults to the kernel size; padding counted like PyTorch's default).</summary>
    public static Tensor AvgPool2d(Tensor input, long kernel, long? stride = null, long padding = 0, bool ceilMode = false,
        bool countIncludePad = true) =>
        AvgPoolOp.Tensor(input, Two(kernel), Two(stride ?? kernel), Two(padding), ceilMode, countIncludePad);

    /// <summary>Average pooling to a fixed output size.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, long outH, long outW) => AdaptiveAvgOp.Tensor(input, new[] { outH, outW });

    /// <summary>Max pooling to a fixed output size.</summary>
    public static Tensor AdaptiveMaxPool2d(Tensor input, long outH, long outW) =>
        AdaptiveMaxOp.Tensors(input, new[] { outH, outW })[0]!;

    /// <summary>Resamples NCHW input to <paramref name="size"/> (h, w) or by <paramref name="scale"/>, like
    /// <c>F.interpolate</c> with mode "nearest" or "bilinear".</summary>
    public static Tensor Interpolate(Tensor input, long[]? size = null, double? scale = null,
        InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        if ((size is null) == (scale is null))
            throw new ArgumentException("give exactly one of size and scale", nameof(size));
        var scales = scale is { } s ? new[] { s, s } : null;
        return mode switch
        {
            InterpolationMode.Nearest => NearestOp.Tensor(input, size, scales),
            InterpolationMode.Bilinear => BilinearOp.Tensor(input, size, alignCorners, scales),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown interpolation mode"),
        };
    }

    /// <summary>Batch normalisation; in training mode updates the running statistics in place.</summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null,
        Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        BatchNormOp.Tensor(input, weight, bias, runningMean, runningVar, training, momentum, eps, true);

    /// <summary>Group normalisation over channel groups.</summary>
    public static Tensor GroupNorm(Tensor input, long groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        GroupNormOp.Tensor(input, groups, weight, bias, eps, true);

    /// <summary>Layer normalisation over the trailing <paramref name="normalizedShape"/>.</summary>
    public static Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        LayerNormOp.Tensor(input, normalizedShape, weight, bias, eps, true);

    /// <summary>Rows of <paramref name="weight"/> picked by int64 <paramref name="indices"/>.</summary>
    public static Tensor Embedding(Tensor weight, Tensor indices, long paddingIdx = -1) =>
        EmbeddingOp.Tensor(weight, indices, paddingIdx, false, false);

    /// <summary>max(0, x).</summary>
    public static Tensor Relu(Tensor x) => ReluOp.Tensor(x);
    /// <summary>In place max(0, x).</summary>
    public static Tensor Relu_(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        ReluIn.InPlace(x);
        return x;
    }
    /// <summary>x for x &gt; 0, slope * x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => LeakyReluOp.Tensor(x, negativeSlope);
    /// <summary>Gaussian error linear unit; <paramref name="approximate"/> "tanh" for the tanh form.</summary>
    public static Tensor Gelu(Tensor x, string approximate = "none") => GeluOp.Tensor(x, approximate);
    /// <summary>x * sigmoid(x).</summary>
    public static Tensor Silu(Tensor x) => SiluOp.Tensor(x);
    /// <summary>1 / (1 + e^-x).</summary>
    public static Tensor Sigmoid(Tensor x) => SigmoidOp.Tensor(x);
    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => TanhOp.Tensor(x);
    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public static Tensor Softmax(Tensor x, int dim) => SoftmaxOp.Tensor(x, dim);
    /// <summary>Log of softmax along <paramref name="dim"/>, computed stably.</summary>
    public static Tensor LogSoftmax(Tensor x, int dim) => LogSoftmaxOp.Tensor(x, dim);
    /// <summary>Zeroes elements with probability p and scales the rest by 1/(1-p), in training only.</summary>
    public static Tensor Dropout(Tensor x, double p, bool training) => DropoutOp.Tensor(x, p, training);
    /// <summary>Pads the last dimensions: (left, right, top, bottom, ...); mode constant, reflect, replicate or circular.</summary>
    public static Tensor Pad(Tensor x, long[] pad, string mode = "constant", double? value = null) => PadOp.Tensor(x, pad, mode, value);
    /// <summary>(N, C*r*r, H, W) to (N, C, H*r, W*r).</summary>
    public static Tensor PixelShuffle(Tensor x, long factor) => PixelShuffleOp.Tensor(x, factor);
    /// <summary>int64 class indices to one-hot int64 vectors.</summary>
    public static Tensor OneHot(Tensor x, long numClasses = -1) => OneHotOp.Tensor(x, numClasses);
}

/// <summary>Resampling modes of <see cref="Functional.Interpolate"/>.</summary>
public enum InterpolationMode
{
    /// <summary>Nearest neighbour (PyTorch's legacy "nearest").</summary>
    Nearest,
    /// <summary>Bilinear.</summary>
    Bilinear,
}
