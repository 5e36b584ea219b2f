using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Reductions over all elements or chosen dimensions.
public sealed partial class Tensor
{
    private static readonly Op SumAll = new("aten::sum"), SumDim = new("aten::sum.dim_IntList");
    private static readonly Op MeanAll = new("aten::mean"), MeanDim = new("aten::mean.dim");
    private static readonly Op MaxAll = new("aten::max"), MaxDim = new("aten::max.dim");
    private static readonly Op MinAll = new("aten::min"), MinDim = new("aten::min.dim");
    private static readonly Op ArgMaxOp = new("aten::argmax"), ArgMinOp = new("aten::argmin");
    private static readonly Op StdDim = new("aten::std.correction"), VarDim = new("aten::var.correction");
    private static readonly Op QuantileS = new("aten::quantile.scalar"), QuantileT = new("aten::quantile");
    private static readonly Op NanQuantileS = new("aten::nanquantile.scalar");
    private static readonly Op MedianAll = new("aten::median"), MedianDim = new("aten::median.dim");
    private static readonly Op NanMeanOp = new("aten::nanmean"), NanSumOp = new("aten::nansum");
    private static readonly Op ProdAll = new("aten::prod"), AllOp = new("aten::all"), AnyOp = new("aten::any");
    private static readonly Op NormOp = new("aten::norm.ScalarOpt_dim"), NormAll = new("aten::norm.Scalar");
    private static readonly Op LogSumExpOp = new("aten::logsumexp"), CumSumOp = new("aten::cumsum");
    private static readonly Op AmaxOp = new("aten::amax"), AminOp = new("aten::amin");

    /// <summary>Sum of all elements.</summary>
    public Tensor Sum() => SumAll.Tensor(this);
    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public Tensor Sum(long[] dims, bool keepDim = false) => SumDim.Tensor(this, dims, keepDim);
    /// <summary>Sum over one dimension.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => SumDim.Tensor(this, new long[] { dim }, keepDim);
    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => MeanAll.Tensor(this);
    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public Tensor Mean(long[] dims, bool keepDim = false) => MeanDim.Tensor(this, dims, keepDim);
    /// <summary>Mean over one dimension.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => MeanDim.Tensor(this, new long[] { dim }, keepDim);
    /// <summary>Largest element.</summary>
    public Tensor Max() => MaxAll.Tensor(this);
    /// <summary>Largest values along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => Pair(MaxDim.Tensors(this, dim, keepDim));
    /// <summary>Smallest element.</summary>
    public Tensor Min() => MinAll.Tensor(this);
    /// <summary>Smallest values along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => Pair(MinDim.Tensors(this, dim, keepDim));
    /// <summary>Index of the largest element (flattened when <paramref name="dim"/> is null).</summary>
    public Tensor ArgMax(int? dim = null, bool keepDim = false) => ArgMaxOp.Tensor(this, (long?)dim, keepDim);
    /// <summary>Index of the smallest element (flattened when <paramref name="dim"/> is null).</summary>
    public Tensor ArgMin(int? dim = null, bool keepDim = false) => ArgMinOp.Tensor(this, (long?)dim, keepDim);
    /// <summary>Standard deviation over all elements (or <paramref name="dims"/>); Bessel-corrected unless
    /// <paramref name="unbiased"/> is false.</summary>
    public Tensor Std(long[]? dims = null, bool unbiased = true, bool keepDim = false) =>
        StdDim.Tensor(this, dims, unbiased ? 1L : 0L, keepDim);
    /// <summary>Variance over all elements (or <paramref name="dims"/>).</summary>
    public Tensor Var(long[]? dims = null, bool unbiased = true, bool keepDim = false) =>
        VarDim.Tensor(this, dims, unbiased ? 1L : 0L, keepDim);
    /// <summary>The q-th quantile (0..1), linear interpolation, over all elements or one dimension.</summary>
    public Tensor Quantile(double q, int? dim = null, bool keepDim = false, string interpolation = "linear") =>
        QuantileS.Tensor(this, q, (long?)dim, keepDim, interpolation);
    /// <summary>Several quantiles at once (q is a 1-D tensor).</summary>
    public Tensor Quantile(Tensor q, int? dim = null, bool keepDim = false, string interpolation = "linear") =>
        QuantileT.Tensor(this, q, (long?)dim, keepDim, interpolation);
    /// <summary>The q-th quantile ignoring NaN.</summary>
    public Tensor NanQuantile(double q, int? dim = null, bool keepDim = false) =>
        NanQuantileS.Tensor(this, q, (long?)dim, keepDim, "linear");
    /// <summary>The lower median of all elements (PyTorch's convention, not the mean of the two middle values).</summary>
    public Tensor Median() => MedianAll.Tensor(this);
    /// <summary>Lower medians along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) Median(int dim, bool keepDim = false) => Pair(MedianDim.Tensors(this, dim, keepDim));
    /// <summary>Mean ignoring NaN.</summary>
    public Tensor NanMean(long[]? dims = null, bool keepDim = false) => NanMeanOp.Tensor(this, dims, keepDim);
    /// <summary>Sum treating NaN as 0.</summary>
    public Tensor NanSum(long[]? dims = null, bool keepDim = false) => NanSumOp.Tensor(this, dims, keepDim);
    /// <summary>Product of all elements.</summary>
    public Tensor Prod() => ProdAll.Tensor(this);
    /// <summary>True when every element is non-zero.</summary>
    public Tensor All() => AllOp.Tensor(this);
    /// <summary>True when any element is non-zero.</summary>
    public Tensor Any() => AnyOp.Tensor(this);
    /// <summary>p-norm of all elements.</summary>
    public Tensor Norm(double p = 2) => NormAll.Tensor(this, p);
    /// <summary>p-norm over <paramref name="dims"/>.</summary>
    public Tensor Norm(double p, long[] dims, bool keepDim = false) => NormOp.Tensor(this, p, dims, keepDim);
    /// <summary>log(sum(exp(x))) over <paramref name="dims"/>, computed stably.</summary>
    public Tensor LogSumExp(long[] dims, bool keepDim = false) => LogSumExpOp.Tensor(this, dims, keepDim);
    /// <summary>Running sum along <paramref name="dim"/>.</summary>
    public Tensor CumSum(int dim) => CumSumOp.Tensor(this, dim);
    /// <summary>Maximum over <paramref name="dims"/> (gradient spread evenly over ties).</summary>
    public Tensor Amax(long[] dims, bool keepDim = false) => AmaxOp.Tensor(this, dims, keepDim);
    /// <summary>Minimum over <paramref name="dims"/>.</summary>
    public Tensor Amin(long[] dims, bool keepDim = false) => AminOp.Tensor(this, dims, keepDim);

    private static (Tensor, Tensor) Pair(Tensor?[] r) => (r[0]!, r[1]!);
}
