"""Parity fixtures, group "opsshape": views and layout (reshape, view, permute, transpose, squeeze, unsqueeze,
flatten, expand, repeat, flip, contiguous, channels-last), slicing (slice, select, narrow), indexing (index_select,
gather, masked_fill, advanced index, index_put, masked_select, nonzero, scatter), joins and splits (cat, stack,
split, chunk, unbind), where and einsum. C# side: Ops/ShapeParityTests.cs."""
import torch

from opcases import Writer, ints, rn


def strides(t):
    return torch.tensor(t.stride(), dtype=torch.int64)


def write_all(out, save):
    torch.manual_seed(3)
    w = Writer("opsshape", out, save)
    a = rn(2, 3, 4)

    w.case("reshape", lambda a: a.reshape(4, -1), a=a)
    w.case("view", lambda a: a.view(6, 4), a=a)
    w.case("permute", lambda a: a.permute(2, 0, 1), a=a)
    w.case("transpose", lambda a: a.transpose(0, 2), a=a)
    w.case("t", lambda a: a.t(), a=rn(3, 5))
    w.case("squeeze_all", lambda a: a.squeeze(), a=rn(1, 3, 1, 4))
    w.case("squeeze_dim", lambda a: a.squeeze(2), a=rn(1, 3, 1, 4))
    w.case("squeeze_dim_not_one", lambda a: a.squeeze(1), a=rn(1, 3, 1, 4))
    w.case("unsqueeze", lambda a: a.unsqueeze(1), a=a)
    w.case("unsqueeze_negative", lambda a: a.unsqueeze(-1), a=a)
    w.case("flatten_all", lambda a: a.flatten(), a=a)
    w.case("flatten_range", lambda a: a.flatten(1, 2), a=rn(2, 3, 4, 5))
    w.case("contiguous", lambda a: (lambda c: (c, strides(c)))(a.permute(2, 0, 1).contiguous()), a=a)
    w.case("channels_last", lambda a: (lambda c: (c, strides(c)))(a.contiguous(memory_format=torch.channels_last)),
           a=rn(2, 3, 4, 5))
    w.case("expand", lambda a: a.expand(3, 4), a=rn(3, 1))
    w.case("expand_new_dims", lambda a: a.expand(2, 3, -1), a=rn(1, 4))
    w.case("repeat", lambda a: a.repeat(2, 1, 2), a=rn(2, 3))
    w.case("flip", lambda a: a.flip(0, 2), a=a)

    w.case("narrow", lambda a: a.narrow(2, 1, 2), a=a)
    w.case("slice_step", lambda a: a[:, :, 1::2], a=a)
    w.case("slice_negative_start", lambda a: a[:, -2:, :], a=a)
    w.case("slice_bounded", lambda a: a[:, 0:2, 1:3], a=a)
    w.case("select", lambda a: a[:, 1], a=a)
    w.case("select_negative", lambda a: a[..., -1], a=a)
    w.case("split_even", lambda a: a.split(2, dim=2), a=a)
    w.case("split_ragged", lambda a: a.split(3, dim=2), a=a)
    w.case("split_sizes", lambda a: a.split([1, 2], dim=1), a=a)
    w.case("chunk", lambda a: a.chunk(3, dim=2), a=a)
    w.case("unbind", lambda a: a.unbind(1), a=a)
    w.case("to_float32", lambda a: a.to(torch.float32), a=a)
    w.case("clone", lambda a: a.clone(), a=a)

    w.case("index_select", lambda a, i: a.index_select(2, i), a=a, i=torch.tensor([3, 0, 0], dtype=torch.int64))
    w.case("gather", lambda a, i: a.gather(2, i), a=a, i=ints(0, 4, 2, 3, 2))
    mask = torch.rand(2, 3, 4) > 0.5
    w.case("masked_fill", lambda a, m: a.masked_fill(m, -1.5), a=a, m=mask)
    w.case("masked_fill_broadcast", lambda a, m: a.masked_fill(m, 7.0), a=a, m=torch.tensor([[True], [False], [True]]))
    w.case("masked_fill_tensor", lambda a, m, v: a.masked_fill(m, v), a=a, m=mask,
           v=torch.tensor(0.25, dtype=torch.float64))
    w.case("masked_fill_inplace", lambda a, m: a.clone().masked_fill_(m, 2.0), a=a, m=mask)
    w.case("index_advanced", lambda a, i, j: a[i, :, j], a=a, i=torch.tensor([1, 0, 1]), j=torch.tensor([3, 3, 0]))
    w.case("index_put_accumulate", lambda a, i, j, v: a.clone().index_put_((i, j), v, accumulate=True), a=rn(4, 5),
           i=torch.tensor([0, 2, 0]), j=torch.tensor([1, 4, 1]), v=rn(3))
    w.case("masked_select", lambda a, m: a.masked_select(m), a=a, m=mask)
    w.case("nonzero", lambda m: m.nonzero(), m=mask)
    w.case("scatter", lambda a, i, s: a.scatter(1, i, s), a=rn(3, 5),
           i=torch.stack([torch.randperm(5)[:2] for _ in range(3)]), s=rn(3, 2))
    w.case("scatter_add", lambda a, i, s: a.scatter_add(0, i, s), a=rn(3, 5), i=ints(0, 3, 4, 5), s=rn(4, 5))

    b, c = rn(2, 2, 4), rn(2, 3, 4)
    w.case("cat", lambda a, b: torch.cat([a, b], dim=1), a=a, b=b)
    w.case("cat_last", lambda a, c: torch.cat([a, c, a], dim=-1), a=a, c=c)
    w.case("stack", lambda a, c: torch.stack([a, c], dim=1), a=a, c=c)
    w.case("stack_first", lambda a, c: torch.stack([a, c, c]), a=a, c=c)
    w.case("where", lambda m, a, b: torch.where(m, a, b), m=mask, a=a, b=rn(4))
    w.case("where_scalar", lambda m, a: torch.where(m, a, 0.5), m=mask, a=a)
    w.case("einsum_bmm", lambda a, b: torch.einsum("bij,bjk->bik", a, b), a=rn(2, 3, 4), b=rn(2, 4, 5))
    w.case("einsum_outer_sum", lambda a, b: torch.einsum("i,j->", a, b), a=rn(3), b=rn(4))
