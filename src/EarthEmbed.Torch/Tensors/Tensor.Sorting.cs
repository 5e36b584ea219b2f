using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Ordering and counting: sort, argsort, top-k, unique values, bincount, histogram, bucketize.
public sealed partial class Tensor
{
    private static readonly Op SortOp = new("aten::sort"), SortStable = new("aten::sort.stable");
    private static readonly Op ArgSortOp = new("aten::argsort"), TopKOp = new("aten::topk");
    private static readonly Op UniqueOp = new("aten::_unique2"), BincountOp = new("aten::bincount");
    private static readonly Op HistcOp = new("aten::histc"), BucketizeOp = new("aten::bucketize.Tensor");

    /// <summary>Sorted values along <paramref name="dim"/> and the indices they came from. With
    /// <paramref name="stable"/>, equal values keep their original order.</summary>
    public (Tensor Values, Tensor Indices) Sort(int dim = -1, bool descending = false, bool stable = false) =>
        Pair(stable ? SortStable.Tensors(this, true, dim, descending) : SortOp.Tensors(this, dim, descending));

    /// <summary>The indices that sort this tensor along <paramref name="dim"/>.</summary>
    public Tensor ArgSort(int dim = -1, bool descending = false) => ArgSortOp.Tensor(this, dim, descending);

    /// <summary>The <paramref name="k"/> largest (or smallest) values along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) TopK(long k, int dim = -1, bool largest = true, bool sorted = true) =>
        Pair(TopKOp.Tensors(this, k, dim, largest, sorted));

    /// <summary>The distinct values (sorted ascending), like <c>torch.unique</c>; Inverse (the index of each element's
    /// value, shaped like this tensor) and Counts (occurrences of each value) are null unless asked for.</summary>
    public (Tensor Values, Tensor? Inverse, Tensor? Counts) Unique(bool returnInverse = false, bool returnCounts = false)
    {
        var r = UniqueOp.Tensors(this, true, returnInverse, returnCounts);
        if (!returnInverse) r[1]?.Dispose();
        if (!returnCounts) r[2]?.Dispose();
        return (r[0]!, returnInverse ? r[1] : null, returnCounts ? r[2] : null);
    }

    /// <summary>Occurrences of each value 0..max of a 1-D non-negative integer tensor (at least
    /// <paramref name="minLength"/> bins); with <paramref name="weights"/>, sums of the weights instead. The usual way
    /// to build a confusion matrix: bincount(numClasses * truth + predicted).</summary>
    public Tensor Bincount(Tensor? weights = null, long minLength = 0) => BincountOp.Tensor(this, weights, minLength);

    /// <summary>Histogram of <paramref name="bins"/> equal bins over [min, max] (the data's range when both are 0);
    /// values outside are ignored.</summary>
    public Tensor Histc(long bins = 100, double min = 0, double max = 0) => HistcOp.Tensor(this, bins, min, max);

    /// <summary>For each element, the index of the bucket of the sorted 1-D <paramref name="boundaries"/> it falls in
    /// (boundaries[i-1] &lt; x &lt;= boundaries[i], or &lt;= / &lt; swapped when <paramref name="right"/>).</summary>
    public Tensor Bucketize(Tensor boundaries, bool right = false) => BucketizeOp.Tensor(this, boundaries, false, right);
}
