using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary><c>torch.nn.functional</c>: layers as functions. The partial files beside this one group them as
/// PyTorch's documentation does: Functional.Conv.cs (convolutions), Functional.Pooling.cs (pooling and
/// resampling), Functional.Normalization.cs, Functional.Activations.cs (activations and dropout) and
/// Functional.Losses.cs; this file holds linear layers, embeddings, padding and reshuffles.
/// Each function calls the ATen operator PyTorch's own function calls, so values and gradients match PyTorch.</summary>
public static partial class Functional
{
    private static readonly Op LinearOp = new("aten::linear"), EmbeddingOp = new("aten::embedding");
    private static readonly Op PadOp = new("aten::pad"), PixelShuffleOp = new("aten::pixel_shuffle");
    private static readonly Op PixelUnshuffleOp = new("aten::pixel_unshuffle"), OneHotOp = new("aten::one_hot");

    private static long[] Two(long v) => [v, v];

    private static long[] Two((long H, long W) v) => [v.H, v.W];

    /// <summary>x W^T + b: <paramref name="input"/> (..., in), <paramref name="weight"/> (out, in), optional
    /// <paramref name="bias"/> (out).</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => LinearOp.Tensor(input, weight, bias);

    /// <summary>Rows of <paramref name="weight"/> (num, dim) picked by int64 <paramref name="indices"/>; the row at
    /// <paramref name="paddingIdx"/> (if not -1) gets no gradient.</summary>
    public static Tensor Embedding(Tensor weight, Tensor indices, long paddingIdx = -1) =>
        EmbeddingOp.Tensor(weight, indices, paddingIdx, false, false);

    /// <summary>Pads the last dimensions, like <c>F.pad</c>: <paramref name="pad"/> is (left, right, top, bottom, ...)
    /// starting from the last dimension; <paramref name="mode"/> is "constant" (with <paramref name="value"/>, 0 when
    /// null), "reflect", "replicate" or "circular".</summary>
    public static Tensor Pad(Tensor x, long[] pad, string mode = "constant", double? value = null) => PadOp.Tensor(x, pad, mode, value);

    /// <summary>(N, C*r*r, H, W) to (N, C, H*r, W*r).</summary>
    public static Tensor PixelShuffle(Tensor x, long factor) => PixelShuffleOp.Tensor(x, factor);

    /// <summary>(N, C, H*r, W*r) to (N, C*r*r, H, W): the inverse of <see cref="PixelShuffle"/>.</summary>
    public static Tensor PixelUnshuffle(Tensor x, long factor) => PixelUnshuffleOp.Tensor(x, factor);

    /// <summary>int64 class indices to one-hot int64 vectors (a new last dimension of <paramref name="numClasses"/>,
    /// or max + 1 when -1).</summary>
    public static Tensor OneHot(Tensor x, long numClasses = -1) => OneHotOp.Tensor(x, numClasses);
}
