"""Parity fixtures, group "opsreduce": reductions over all elements and per dimension (sum, mean, max, min, argmax,
argmin, std, var, quantile, median, nan-aware variants, norms) and ordering/counting (sort, argsort, topk, unique,
bincount, histc, bucketize). C# side: Ops/ReductionParityTests.cs."""
import torch

from opcases import Writer, ints, pos, rn


def write_all(out, save):
    torch.manual_seed(2)
    w = Writer("opsreduce", out, save)
    a = rn(3, 4, 5)

    w.case("sum_all", lambda a: a.sum(), a=a)
    w.case("sum_dims", lambda a: a.sum((0, 2)), a=a)
    w.case("sum_dims_keepdim", lambda a: a.sum((0, 2), keepdim=True), a=a)
    w.case("sum_dim", lambda a: a.sum(1), a=a)
    w.case("sum_negative_dim_keepdim", lambda a: a.sum(-1, keepdim=True), a=a)
    w.case("mean_all", lambda a: a.mean(), a=a)
    w.case("mean_dims_keepdim", lambda a: a.mean((1, 2), keepdim=True), a=a)
    w.case("mean_dim", lambda a: a.mean(-1), a=a)
    w.case("max_all", lambda a: a.max(), a=a)
    w.case("max_dim", lambda a: tuple(torch.max(a, 1)), a=a)
    w.case("max_dim_keepdim", lambda a: tuple(torch.max(a, 2, keepdim=True)), a=a)
    w.case("min_all", lambda a: a.min(), a=a)
    w.case("min_dim", lambda a: tuple(torch.min(a, 0)), a=a)
    w.case("argmax_all", lambda a: a.argmax(), a=a)
    w.case("argmax_dim", lambda a: a.argmax(2), a=a)
    w.case("argmax_dim_keepdim", lambda a: a.argmax(1, keepdim=True), a=a)
    w.case("argmin_all", lambda a: a.argmin(), a=a)
    w.case("argmin_dim", lambda a: a.argmin(0), a=a)
    w.case("std_all", lambda a: a.std(), a=a)
    w.case("std_all_biased", lambda a: a.std(unbiased=False), a=a)
    w.case("std_dims_keepdim", lambda a: a.std((0, 2), keepdim=True), a=a)
    w.case("var_all", lambda a: a.var(), a=a)
    w.case("var_dim_biased", lambda a: a.var(1, unbiased=False), a=a)
    w.case("quantile_all", lambda a: torch.quantile(a, 0.3), a=a)
    w.case("quantile_dim_keepdim", lambda a: torch.quantile(a, 0.75, dim=1, keepdim=True), a=a)
    w.case("quantile_many", lambda a, q: torch.quantile(a, q, dim=2), nograd=("q",), a=a,
           q=torch.tensor([0.1, 0.5, 0.9], dtype=torch.float64))
    w.case("quantile_interpolations", lambda a: tuple(torch.quantile(a, 0.4, dim=0, interpolation=m)
                                                      for m in ("lower", "higher", "nearest", "midpoint")), a=a)
    with_nan = rn(3, 6)
    with_nan[0, 2] = with_nan[1, 0] = with_nan[1, 5] = float("nan")
    w.case("nanquantile", lambda a: torch.nanquantile(a, 0.5, dim=1), a=with_nan)
    w.case("median_all", lambda a: a.median(), a=a)
    w.case("median_dim", lambda a: tuple(a.median(1)), a=a)
    w.case("median_dim_keepdim", lambda a: tuple(a.median(-1, keepdim=True)), a=a)
    w.case("nanmean", lambda a: a.nanmean(1), a=with_nan)
    w.case("nansum_all", lambda a: a.nansum(), a=with_nan)
    w.case("prod", lambda a: a.prod(), a=pos(2, 3))
    w.case("all_any", lambda p, q: (p.all(), p.any(), q.all(), q.any()),
           p=torch.rand(3, 4) > 0.5, q=torch.ones(3, dtype=torch.bool))
    w.case("norm_all", lambda a: a.norm(), a=a)
    w.case("norm_p1", lambda a: a.norm(1), a=a)
    w.case("norm_p3_dims_keepdim", lambda a: torch.norm(a, 3, dim=(1, 2), keepdim=True), a=a)
    w.case("logsumexp", lambda a: a.logsumexp((1,)), a=a)
    w.case("cumsum", lambda a: a.cumsum(1), a=a)
    w.case("amax", lambda a: a.amax((0, 2)), a=a)
    w.case("amin_keepdim", lambda a: a.amin(1, keepdim=True), a=a)
    w.case("int_argmax_and_max", lambda k: (k.argmax(1), k.max(), k.sum(1)), k=ints(0, 1000, 4, 6))

    w.case("sort", lambda a: tuple(a.sort(1)), a=a)
    w.case("sort_descending_stable", lambda k: tuple(torch.sort(k, dim=0, descending=True, stable=True)), k=ints(0, 4, 6, 3))
    w.case("argsort", lambda a: a.argsort(-1, descending=True), a=a)
    w.case("topk", lambda a: tuple(a.topk(2, dim=1)), a=a)
    w.case("topk_smallest", lambda a: tuple(a.topk(3, largest=False)), a=a)
    w.case("unique", lambda k: torch.unique(k, return_inverse=True, return_counts=True), k=ints(0, 6, 4, 5))
    w.case("unique_values_only", lambda k: torch.unique(k), k=ints(-3, 3, 10))
    w.case("bincount", lambda k: k.bincount(minlength=8), k=ints(0, 6, 30))
    w.case("bincount_weights", lambda k, wt: k.bincount(wt), nograd=("wt",), k=ints(0, 6, 30), wt=pos(30))
    w.case("histc", lambda a: a.histc(bins=7, min=-2, max=2), nograd=("a",), a=a)
    w.case("bucketize", lambda a, b: (torch.bucketize(a, b), torch.bucketize(a, b, right=True)), nograd=("a", "b"),
           a=torch.tensor([-1.0, 0.0, 0.5, 1.0, 2.5], dtype=torch.float64), b=torch.tensor([0.0, 1.0, 2.0], dtype=torch.float64))
