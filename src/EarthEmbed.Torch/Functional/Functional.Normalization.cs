using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Normalisation layers as functions, as in torch.nn.functional.
public static partial class Functional
{
    private static readonly Op BatchNormOp = new("aten::batch_norm"), GroupNormOp = new("aten::group_norm");
    private static readonly Op LayerNormOp = new("aten::layer_norm"), InstanceNormOp = new("aten::instance_norm");

    /// <summary>Batch normalisation over (N, C, ...) input per channel. In training it normalises with the batch's
    /// statistics (biased variance) and, when running statistics are given, updates them in place:
    /// running = (1 - momentum) running + momentum batch, with the unbiased variance. In evaluation it normalises
    /// with the running statistics.</summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null,
        Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        if (!training && (runningMean is null || runningVar is null))
            throw new ArgumentException("evaluation mode needs runningMean and runningVar", nameof(runningMean));
        return BatchNormOp.Tensor(input, weight, bias, runningMean, runningVar, training, momentum, eps, true);
    }

    /// <summary>Group normalisation: channels split into <paramref name="groups"/> groups, each normalised over its
    /// channels and positions per sample; then a per-channel affine transform when weight/bias are given.</summary>
    public static Tensor GroupNorm(Tensor input, long groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        GroupNormOp.Tensor(input, groups, weight, bias, eps, true);

    /// <summary>Layer normalisation over the trailing <paramref name="normalizedShape"/> dimensions per sample, then
    /// an element-wise affine transform (weight/bias shaped like normalizedShape) when given.</summary>
    public static Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        LayerNormOp.Tensor(input, normalizedShape, weight, bias, eps, true);

    /// <summary>Instance normalisation: each (sample, channel) plane normalised over its positions, with optional
    /// per-channel affine weight/bias (running statistics are not tracked).</summary>
    public static Tensor InstanceNorm(Tensor input, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        InstanceNormOp.Tensor(input, weight, bias, Arg.None, Arg.None, true, 0.1, eps, true);
}
