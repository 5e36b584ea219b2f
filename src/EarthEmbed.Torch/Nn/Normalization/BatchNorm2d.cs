using System.Globalization;
using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch.Nn;

/// <summary>Batch normalisation over the channels of NCHW input, like <c>torch.nn.BatchNorm2d</c>. In training mode
/// it normalises with the batch statistics and updates <c>running_mean</c>/<c>running_var</c> (running =
/// (1 - momentum) running + momentum batch, the variance unbiased) and counts <c>num_batches_tracked</c>; in
/// evaluation mode it uses the running statistics.</summary>
public sealed class BatchNorm2d : Module<Tensor, Tensor>
{
    private static readonly Op AddInS = new("aten::add_.Scalar");

    /// <summary>Creates the layer: weight 1, bias 0, running mean 0, running variance 1.</summary>
    public BatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true,
        bool trackRunningStats = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        if (!(momentum >= 0 && momentum <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1]");
        (NumFeatures, Eps, Momentum, Affine, TrackRunningStats) = (numFeatures, eps, momentum, affine, trackRunningStats);
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Empty([numFeatures]));
            Bias = RegisterParameter("bias", Tensor.Empty([numFeatures]));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros([numFeatures]));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones([numFeatures]));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([], ScalarType.Int64));
        }
        ResetParameters();
    }

    /// <summary>Channels (C of NCHW).</summary>
    public long NumFeatures { get; }
    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }
    /// <summary>Weight of the new batch in the running statistics.</summary>
    public double Momentum { get; }
    /// <summary>Whether the layer has a learnable scale and shift.</summary>
    public bool Affine { get; }
    /// <summary>Whether running statistics are kept (otherwise batch statistics are used in both modes).</summary>
    public bool TrackRunningStats { get; }

    /// <summary>The per-channel scale (gamma), or null without <see cref="Affine"/>.</summary>
    public Tensor? Weight { get; }
    /// <summary>The per-channel shift (beta), or null without <see cref="Affine"/>.</summary>
    public Tensor? Bias { get; }
    /// <summary>The running mean buffer, or null without <see cref="TrackRunningStats"/>.</summary>
    public Tensor? RunningMean { get; }
    /// <summary>The running (unbiased) variance buffer, or null without <see cref="TrackRunningStats"/>.</summary>
    public Tensor? RunningVar { get; }
    /// <summary>The int64 count of training batches seen, or null without <see cref="TrackRunningStats"/>.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Running statistics back to mean 0, variance 1, count 0.</summary>
    public void ResetRunningStats()
    {
        using var noGrad = GradMode.Disable();
        RunningMean?.Zero_();
        RunningVar?.Fill_(1);
        NumBatchesTracked?.Zero_();
    }

    /// <summary>Running statistics reset, weight 1, bias 0.</summary>
    public void ResetParameters()
    {
        ResetRunningStats();
        if (Weight is not null) Init.Ones_(Weight);
        if (Bias is not null) Init.Zeros_(Bias);
    }

    /// <summary>(N, C, H, W) to the same shape, normalised per channel.</summary>
    public override Tensor Forward(Tensor input)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"BatchNorm2d({NumFeatures})");
        var shape = Shapes.CheckRank(input, name, "(N, C, H, W)", 4);
        Shapes.CheckSize(shape, 1, NumFeatures, name, "channels");
        if (Training && shape[0] * shape[2] * shape[3] <= 1)
            throw new ArgumentException($"{name}: training needs more than 1 value per channel, got input shape " +
                $"{Shapes.Format(shape)}; use a larger batch or call Eval()", nameof(input));
        if (Training && NumBatchesTracked is not null)
        {
            using var noGrad = GradMode.Disable();
            AddInS.InPlace(NumBatchesTracked, 1L);
        }
        var useBatchStats = Training || RunningMean is null;
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, Momentum, Eps);
    }

    /// <summary>PyTorch's repr, e.g. "BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BatchNorm2d({NumFeatures}, eps={Shapes.Py(Eps)}, momentum={Shapes.Py(Momentum)}, affine={Shapes.Py(Affine)}, track_running_stats={Shapes.Py(TrackRunningStats)})");
}
