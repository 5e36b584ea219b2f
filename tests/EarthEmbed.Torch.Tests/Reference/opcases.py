"""Shared writer for the operator parity fixtures (cases_ops*.py).

One case = one file <group>.<case>.safetensors holding:
  - every input under its own name (as it was before the op ran; in-place ops see a copy),
  - out0, out1, ...: every output of the op,
  - g0, g1, ...: a fixed random upstream gradient for each output that requires grad,
  - grad_<input>: the gradient of sum(out_k * g_k) with respect to every floating input that requires grad
    (zeros when the input was unused).
Floating inputs require grad unless named in `nograd` (the metadata entry "requires_grad" lists them, so the C# side
marks the same ones); gradients are only written when some output requires grad.
safetensors_io stores bool tensors as U8, so the names of the bool ones are listed in the metadata entry "bool"
(comma-separated) and the C# loader turns them back into bool; the C# test then checks every output's dtype exactly.
The matching C# test (tests/EarthEmbed.Torch.Tests/Ops/OpParity.cs) reads the same names.
"""
import re
import zlib

import torch

RESERVED = re.compile(r"^(out\d+|g\d+|grad_.*)$")


def rn(*shape, dtype=torch.float64):
    """Standard normal values."""
    return torch.randn(*shape, dtype=dtype)


def pos(*shape, dtype=torch.float64):
    """Values in [0.5, 1.5), safe for log, sqrt, division and non-integer powers."""
    return torch.rand(*shape, dtype=dtype) + 0.5


def ints(low, high, *shape):
    """int64 values in [low, high)."""
    return torch.randint(low, high, shape, dtype=torch.int64)


class Writer:
    """Collects the cases of one group and writes one fixture per case."""

    def __init__(self, group, out, save):
        self.group, self.out, self.save, self.names = group, out, save, set()

    def case(self, name, fn, nograd=(), **inputs):
        if name in self.names:
            raise ValueError(f"{self.group}.{name} defined twice")
        for k in inputs:
            if RESERVED.match(k):
                raise ValueError(f"{self.group}.{name}: input name {k} clashes with the fixture's own names")
        self.names.add(name)
        record = {k: v.detach().clone() for k, v in inputs.items()}
        ins = {}
        for k, v in inputs.items():
            v = v.detach().clone()
            if v.is_floating_point() and k not in nograd:
                v.requires_grad_(True)
            ins[k] = v
        outs = fn(**ins)
        if isinstance(outs, torch.Tensor):
            outs = (outs,)
        gen = torch.Generator().manual_seed(zlib.crc32(f"{self.group}.{name}".encode()))
        diff, grads = [], []
        for i, o in enumerate(outs):
            record[f"out{i}"] = o.detach().clone()
            if o.requires_grad:
                g = torch.randn(o.shape, dtype=o.dtype, generator=gen)
                record[f"g{i}"] = g
                diff.append(o)
                grads.append(g)
        if diff:
            torch.autograd.backward(diff, grads)
            for k, v in ins.items():
                if v.requires_grad:
                    record[f"grad_{k}"] = v.grad if v.grad is not None else torch.zeros_like(v)
        bools = sorted(k for k, v in record.items() if v.dtype == torch.bool)
        grad = sorted(k for k, v in ins.items() if v.requires_grad)
        self.save(self.out / f"{self.group}.{name}.safetensors", record,
                  {"bool": ",".join(bools), "requires_grad": ",".join(grad)})
