using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Selecting and replacing elements by index or mask.
public sealed partial class Tensor
{
    private static readonly Op IndexSelectOp = new("aten::index_select"), GatherOp = new("aten::gather");
    private static readonly Op MaskedFillS = new("aten::masked_fill.Scalar"), MaskedFillT = new("aten::masked_fill.Tensor");
    private static readonly Op MaskedFillInS = new("aten::masked_fill_.Scalar");
    private static readonly Op IndexOp = new("aten::index.Tensor"), IndexPutIn = new("aten::index_put_");
    private static readonly Op MaskedSelectOp = new("aten::masked_select"), NonzeroOp = new("aten::nonzero");
    private static readonly Op ScatterSrc = new("aten::scatter.src"), ScatterAddOp = new("aten::scatter_add");

    /// <summary>Entries at <paramref name="index"/> (1-D int64) along <paramref name="dim"/>.</summary>
    public Tensor IndexSelect(int dim, Tensor index) => IndexSelectOp.Tensor(this, dim, index);
    /// <summary>out[i][j] = this[i][index[i][j]] for dim 1 (and likewise for other dims).</summary>
    public Tensor Gather(int dim, Tensor index) => GatherOp.Tensor(this, dim, index);
    /// <summary>Replaces values where <paramref name="mask"/> is true.</summary>
    public Tensor MaskedFill(Tensor mask, double value) => MaskedFillS.Tensor(this, mask, value);
    /// <summary>Replaces values where <paramref name="mask"/> is true by a 0-dimensional tensor's value.</summary>
    public Tensor MaskedFill(Tensor mask, Tensor value) => MaskedFillT.Tensor(this, mask, value);
    /// <summary>In place: replaces values where <paramref name="mask"/> is true.</summary>
    public Tensor MaskedFill_(Tensor mask, double value) { MaskedFillInS.InPlace(this, mask, value); return this; }
    /// <summary>Advanced indexing, <c>x[i0, i1, ...]</c> with index tensors (null keeps a dimension whole).</summary>
    public Tensor Index(params Tensor?[] indices) => IndexOp.Tensor(this, indices);
    /// <summary>In place: <c>x[indices] = values</c> (or += with <paramref name="accumulate"/>).</summary>
    public Tensor IndexPut_(Tensor?[] indices, Tensor values, bool accumulate = false)
    {
        IndexPutIn.InPlace(this, indices, values, accumulate);
        return this;
    }
    /// <summary>The values where <paramref name="mask"/> is true, as a 1-D tensor.</summary>
    public Tensor MaskedSelect(Tensor mask) => MaskedSelectOp.Tensor(this, mask);
    /// <summary>Indices of non-zero elements, one row per element.</summary>
    public Tensor Nonzero() => NonzeroOp.Tensor(this);
    /// <summary>A copy with this[index[i][j]][j] = src[i][j] for dim 0 (and likewise).</summary>
    public Tensor Scatter(int dim, Tensor index, Tensor src) => ScatterSrc.Tensor(this, dim, index, src);
    /// <summary>A copy with src added at <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src) => ScatterAddOp.Tensor(this, dim, index, src);
}
