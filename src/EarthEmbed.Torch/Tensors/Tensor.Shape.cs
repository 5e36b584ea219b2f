using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Views and layout: reshape, permute, slice, split, conversions between types, devices and memory formats.
public sealed partial class Tensor
{
    private static readonly Op ReshapeOp = new("aten::reshape"), ViewOp = new("aten::view"), PermuteOp = new("aten::permute");
    private static readonly Op TransposeOp = new("aten::transpose.int"), TOp = new("aten::t");
    private static readonly Op SqueezeAll = new("aten::squeeze"), SqueezeDim = new("aten::squeeze.dim"), UnsqueezeOp = new("aten::unsqueeze");
    private static readonly Op FlattenOp = new("aten::flatten.using_ints"), ContiguousOp = new("aten::contiguous");
    private static readonly Op ExpandOp = new("aten::expand"), RepeatOp = new("aten::repeat"), FlipOp = new("aten::flip");
    private static readonly Op NarrowOp = new("aten::narrow"), SliceOp = new("aten::slice.Tensor"), SelectOp = new("aten::select.int");
    private static readonly Op SplitSize = new("aten::split.Tensor"), SplitSizes = new("aten::split_with_sizes");
    private static readonly Op ChunkOp = new("aten::chunk"), UnbindOp = new("aten::unbind.int");
    private static readonly Op ToDType = new("aten::to.dtype"), ToDevice = new("aten::to.device"), CloneOp = new("aten::clone");

    /// <summary>Memory layouts (c10::MemoryFormat codes).</summary>
    public enum MemoryFormat
    {
        /// <summary>Row-major (NCHW for images).</summary>
        Contiguous = 0,
        /// <summary>Whatever the input has.</summary>
        Preserve = 1,
        /// <summary>NHWC in memory for 4-D tensors; often faster for convolutions on CPU with oneDNN.</summary>
        ChannelsLast = 2,
    }

    /// <summary>The same elements in a new shape (one size may be -1); a view when possible.</summary>
    public Tensor Reshape(params long[] shape) => ReshapeOp.Tensor(this, shape);
    /// <summary>A view with a new shape (the layout must allow it).</summary>
    public Tensor View(params long[] shape) => ViewOp.Tensor(this, shape);
    /// <summary>Reorders dimensions.</summary>
    public Tensor Permute(params long[] dims) => PermuteOp.Tensor(this, dims);
    /// <summary>Swaps two dimensions.</summary>
    public Tensor Transpose(int dim0, int dim1) => TransposeOp.Tensor(this, dim0, dim1);
    /// <summary>Transpose of a 2-D tensor.</summary>
    public Tensor T() => TOp.Tensor(this);
    /// <summary>Removes all dimensions of size 1.</summary>
    public Tensor Squeeze() => SqueezeAll.Tensor(this);
    /// <summary>Removes dimension <paramref name="dim"/> if its size is 1.</summary>
    public Tensor Squeeze(int dim) => SqueezeDim.Tensor(this, dim);
    /// <summary>Inserts a dimension of size 1.</summary>
    public Tensor Unsqueeze(int dim) => UnsqueezeOp.Tensor(this, dim);
    /// <summary>Merges dimensions start..end into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1) => FlattenOp.Tensor(this, startDim, endDim);
    /// <summary>A tensor with the given memory layout (this one if it already has it).</summary>
    public Tensor Contiguous(MemoryFormat format = MemoryFormat.Contiguous) => ContiguousOp.Tensor(this, (long)format);
    /// <summary>Broadcasts size-1 dimensions to <paramref name="shape"/> (-1 keeps a size) without copying.</summary>
    public Tensor Expand(params long[] shape) => ExpandOp.Tensor(this, shape);
    /// <summary>Tiles the tensor <paramref name="repeats"/> times along each dimension.</summary>
    public Tensor Repeat(params long[] repeats) => RepeatOp.Tensor(this, repeats);
    /// <summary>Reverses the order along <paramref name="dims"/>.</summary>
    public Tensor Flip(params long[] dims) => FlipOp.Tensor(this, dims);
    /// <summary>A view of <paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/>.</summary>
    public Tensor Narrow(int dim, long start, long length) => NarrowOp.Tensor(this, dim, start, length);
    /// <summary>Python's <c>x[..., start:end:step, ...]</c> on one dimension (null bounds are open).</summary>
    public Tensor Slice(int dim, long? start, long? end, long step = 1) => SliceOp.Tensor(this, dim, start, end, step);
    /// <summary>Python's <c>x[..., index, ...]</c>: removes dimension <paramref name="dim"/>.</summary>
    public Tensor Select(int dim, long index) => SelectOp.Tensor(this, dim, index);
    /// <summary>Splits into pieces of <paramref name="size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
    public Tensor[] Split(long size, int dim = 0) => All(SplitSize.Tensors(this, size, dim));
    /// <summary>Splits into pieces of the given sizes.</summary>
    public Tensor[] Split(long[] sizes, int dim = 0) => All(SplitSizes.Tensors(this, sizes, dim));
    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces.</summary>
    public Tensor[] Chunk(int chunks, int dim = 0) => All(ChunkOp.Tensors(this, chunks, dim));
    /// <summary>Removes a dimension, returning every slice along it.</summary>
    public Tensor[] Unbind(int dim = 0) => All(UnbindOp.Tensors(this, dim));
    /// <summary>Converts the element type (returns this tensor's alias when it already has it).</summary>
    public Tensor To(ScalarType type) => ToDType.Tensor(this, type);
    /// <summary>Moves to a device, optionally converting the type.</summary>
    public Tensor To(Device device, ScalarType? type = null) => ToDevice.Tensor(this, device, type ?? DType);
    /// <summary>A copy with its own storage (gradients flow through it).</summary>
    public Tensor Clone() => CloneOp.Tensor(this);

    private static Tensor[] All(Tensor?[] parts) => parts.Select(p => p!).ToArray();
}
