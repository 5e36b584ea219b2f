"""Parity fixtures, group "opsrandom": seeded random numbers on the CPU. EarthEmbed calls the same libtorch, so after
Engine.ManualSeed(s) every draw must equal PyTorch's after torch.manual_seed(s) bit for bit (the C# test,
Ops/RandomParityTests.cs, compares with zero tolerance). Each case seeds inside the op, so cases are independent."""
import torch
import torch.nn.functional as F

from opcases import Writer


def seeded(seed, fn):
    def run():
        torch.manual_seed(seed)
        return fn()
    return run


def write_all(out, save):
    w = Writer("opsrandom", out, save)
    w.case("rand_float32", seeded(0, lambda: torch.rand(3, 4)))
    w.case("rand_float64", seeded(42, lambda: torch.rand(3, 4, dtype=torch.float64)))
    w.case("randn_float32_small", seeded(0, lambda: torch.randn(5)))
    w.case("randn_float32_vectorised", seeded(1, lambda: torch.randn(4, 8)))
    w.case("randn_float64", seeded(7, lambda: torch.randn(4, 5, dtype=torch.float64)))
    w.case("randint", seeded(3, lambda: torch.randint(0, 10, (20,))))
    w.case("randint_negative_low", seeded(3, lambda: torch.randint(-5, 5, (3, 4))))
    w.case("randperm_small", seeded(0, lambda: torch.randperm(10)))
    w.case("randperm_large", seeded(11, lambda: torch.randperm(1000)))
    w.case("stream_continues", seeded(123, lambda: (torch.rand(2), torch.randn(3), torch.randint(0, 100, (4,)),
                                                   torch.randperm(5), torch.rand(2, dtype=torch.float64))))
    w.case("reseeding_repeats", lambda: (seeded(1, lambda: torch.rand(3))(), seeded(1, lambda: torch.rand(3))()))
    w.case("like_and_inplace", seeded(5, lambda: (torch.rand_like(torch.zeros(3, 3)),
                                                  torch.randn_like(torch.zeros(2, 2, dtype=torch.float64)),
                                                  torch.empty(4, 4).uniform_(-1, 2),
                                                  torch.empty(6, dtype=torch.float64).normal_(3, 0.5))))
    w.case("bernoulli", seeded(8, lambda: torch.bernoulli(torch.zeros(10, 10), 0.3)))
    w.case("dropout_train_mask", seeded(9, lambda: F.dropout(torch.ones(8, 8, dtype=torch.float64), 0.4, training=True)))
    w.case("dropout2d_train_mask",
           seeded(10, lambda: F.dropout2d(torch.ones(2, 6, 3, 3, dtype=torch.float64), 0.5, training=True)))
