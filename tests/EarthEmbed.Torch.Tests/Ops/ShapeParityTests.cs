namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Views, layout, slicing, indexing, joins and splits against PyTorch (fixtures from
/// Reference/cases_ops_shape.py).</summary>
public class ShapeParityTests
{
    private const string Group = "opsshape";

    private static Tensor[] WithStrides(Tensor t) => [t, Tensor.FromArray(t.Strides)];

    private static readonly Dictionary<string, Func<OpInputs, Tensor[]>> Cases = new()
    {
        ["reshape"] = x => [x["a"].Reshape(4, -1)],
        ["view"] = x => [x["a"].View(6, 4)],
        ["permute"] = x => [x["a"].Permute(2, 0, 1)],
        ["transpose"] = x => [x["a"].Transpose(0, 2)],
        ["t"] = x => [x["a"].T()],
        ["squeeze_all"] = x => [x["a"].Squeeze()],
        ["squeeze_dim"] = x => [x["a"].Squeeze(2)],
        ["squeeze_dim_not_one"] = x => [x["a"].Squeeze(1)],
        ["unsqueeze"] = x => [x["a"].Unsqueeze(1)],
        ["unsqueeze_negative"] = x => [x["a"].Unsqueeze(-1)],
        ["flatten_all"] = x => [x["a"].Flatten()],
        ["flatten_range"] = x => [x["a"].Flatten(1, 2)],
        ["contiguous"] = x => WithStrides(x["a"].Permute(2, 0, 1).Contiguous()),
        ["channels_last"] = x => WithStrides(x["a"].Contiguous(Tensor.MemoryFormat.ChannelsLast)),
        ["expand"] = x => [x["a"].Expand(3, 4)],
        ["expand_new_dims"] = x => [x["a"].Expand(2, 3, -1)],
        ["repeat"] = x => [x["a"].Repeat(2, 1, 2)],
        ["flip"] = x => [x["a"].Flip(0, 2)],

        ["narrow"] = x => [x["a"].Narrow(2, 1, 2)],
        ["slice_step"] = x => [x["a"].Slice(2, 1, null, 2)],
        ["slice_negative_start"] = x => [x["a"].Slice(1, -2, null)],
        ["slice_bounded"] = x => [x["a"].Slice(1, 0, 2).Slice(2, 1, 3)],
        ["select"] = x => [x["a"].Select(1, 1)],
        ["select_negative"] = x => [x["a"].Select(-1, -1)],
        ["split_even"] = x => x["a"].Split(2, dim: 2),
        ["split_ragged"] = x => x["a"].Split(3, dim: 2),
        ["split_sizes"] = x => x["a"].Split([1, 2], dim: 1),
        ["chunk"] = x => x["a"].Chunk(3, dim: 2),
        ["unbind"] = x => x["a"].Unbind(1),
        ["to_float32"] = x => [x["a"].To(ScalarType.Float32)],
        ["clone"] = x => [x["a"].Clone()],

        ["index_select"] = x => [x["a"].IndexSelect(2, x["i"])],
        ["gather"] = x => [x["a"].Gather(2, x["i"])],
        ["masked_fill"] = x => [x["a"].MaskedFill(x["m"], -1.5)],
        ["masked_fill_broadcast"] = x => [x["a"].MaskedFill(x["m"], 7.0)],
        ["masked_fill_tensor"] = x => [x["a"].MaskedFill(x["m"], x["v"])],
        ["masked_fill_inplace"] = x => [x["a"].Clone().MaskedFill_(x["m"], 2.0)],
        ["index_advanced"] = x => [x["a"].Index(x["i"], null, x["j"])],
        ["index_put_accumulate"] = x => [x["a"].Clone().IndexPut_([x["i"], x["j"]], x["v"], accumulate: true)],
        ["masked_select"] = x => [x["a"].MaskedSelect(x["m"])],
        ["nonzero"] = x => [x["m"].Nonzero()],
        ["scatter"] = x => [x["a"].Scatter(1, x["i"], x["s"])],
        ["scatter_add"] = x => [x["a"].ScatterAdd(0, x["i"], x["s"])],

        ["cat"] = x => [Tensor.Cat([x["a"], x["b"]], 1)],
        ["cat_last"] = x => [Tensor.Cat([x["a"], x["c"], x["a"]], -1)],
        ["stack"] = x => [Tensor.Stack([x["a"], x["c"]], 1)],
        ["stack_first"] = x => [Tensor.Stack([x["a"], x["c"], x["c"]])],
        ["where"] = x => [Tensor.Where(x["m"], x["a"], x["b"])],
        ["where_scalar"] = x => [Tensor.Where(x["m"], x["a"], 0.5)],
        ["einsum_bmm"] = x => [Tensor.Einsum("bij,bjk->bik", x["a"], x["b"])],
        ["einsum_outer_sum"] = x => [Tensor.Einsum("i,j->", x["a"], x["b"])],
    };

    /// <summary>Every case the Python generator wrote.</summary>
    public static IEnumerable<object[]> Names => Reference.ReferenceFixtures.Cases(Group);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_PyTorch_in_values_dtypes_and_gradients(string name) => OpParity.Check(Group, name, Cases, 1e-5);

    [Fact]
    public void Python_and_CSharp_define_the_same_cases() => OpParity.AssertSameCases(Group, Cases.Keys);
}
