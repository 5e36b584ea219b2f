#!/usr/bin/python3
"""The PyTorch side of `earthembed bench engine`: the reference U-Net and its training loop, equivalent to
benchmarks/EarthEmbed.Benchmarks/EngineBench/ReferenceUNet.cs and EngineTrainer.cs (TorchSharp).

Model: 64 bands in, base 32 channels, depth 4 (four 2x2 max-pool down-samplings, a 512-channel bottleneck at
1/16 resolution), every block Conv3x3(no bias)-BN-ReLU twice, up-sampling by ConvTranspose2d(k=2, s=2) and a skip
concatenation, a 1x1 conv head to 1 channel. PyTorch's default initialisation (the same scheme the EarthEmbed
layers reproduce). Loop: one fixed random batch (8 x 64 x 128 x 128, target 8 x 1 x 128 x 128), MSE loss,
AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2), zero_grad(set_to_none=True).

Modes (all print JSON on stdout, one object per line):
  --count-params                      {"parameters": N, "names": [...], "state_dict": [...]} and exit (the tests
                                      compare the count, the parameter names in order and the state-dict keys with
                                      the C# model)
  --rounds R                          warm up, time R rounds of --steps steps, print one summary object
  --serve                             warm up, print {"ready": true, ...}, then for every line "round" read from
                                      stdin time one round and print {"round": i, "samples_per_s": x, ...};
                                      "quit" or end of input ends it. The C# harness uses this so that rounds of
                                      the two engines interleave while each process stays warm.
Variant flags: --channels-last (model and input in torch.channels_last memory format); --bf16
(torch.autocast("cpu", torch.bfloat16) around forward and loss) for standalone runs only: the C# harness no longer
asks for it, since TorchSharp has no autocast (docs/benchmarks.md). --threads N sets torch.set_num_threads(N).
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout):
    """Conv3x3-BN-ReLU twice; the convs have no bias because BN follows them."""
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class ReferenceUNet(nn.Module):
    """The benchmark's U-Net. Parameter names match EngineBench/ReferenceUNet.cs: enc0..enc{depth} (enc{depth} is the
    bottleneck), up0..up{depth-1} (transposed convs), dec0..dec{depth-1}, head."""

    def __init__(self, in_channels=64, out_channels=1, base=32, depth=4):
        super().__init__()
        widths = [base * 2 ** i for i in range(depth + 1)]
        self.depth = depth
        for i in range(depth + 1):
            self.add_module(f"enc{i}", block(in_channels if i == 0 else widths[i - 1], widths[i]))
        for i in reversed(range(depth)):
            self.add_module(f"up{i}", nn.ConvTranspose2d(widths[i + 1], widths[i], 2, stride=2))
            self.add_module(f"dec{i}", block(2 * widths[i], widths[i]))
        self.head = nn.Conv2d(widths[0], out_channels, 1)

    def forward(self, x):
        skips = []
        for i in range(self.depth):
            x = getattr(self, f"enc{i}")(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = getattr(self, f"enc{self.depth}")(x)
        for i in reversed(range(self.depth)):
            x = getattr(self, f"up{i}")(x)
            x = getattr(self, f"dec{i}")(torch.cat([x, skips[i]], dim=1))
        return self.head(x)


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (0: leave PyTorch's default)")
    p.add_argument("--steps", type=int, default=10, help="training steps per round")
    p.add_argument("--warmup", type=int, default=3, help="untimed steps before the first round")
    p.add_argument("--rounds", type=int, default=3, help="timed rounds (without --serve)")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--in-channels", type=int, default=64)
    p.add_argument("--out-channels", type=int, default=1)
    p.add_argument("--base", type=int, default=32)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--bf16", action="store_true", help="bf16 autocast around forward and loss")
    p.add_argument("--channels-last", action="store_true", help="channels-last model and input")
    p.add_argument("--count-params", action="store_true", help="print the parameter count and exit")
    p.add_argument("--serve", action="store_true", help="time one round per 'round' line on stdin")
    return p.parse_args(argv)


def emit(obj):
    print(json.dumps(obj), flush=True)


class Trainer:
    """Model, optimiser and one fixed batch; step() is one training step."""

    def __init__(self, a):
        torch.manual_seed(a.seed)
        self.a = a
        self.model = ReferenceUNet(a.in_channels, a.out_channels, a.base, a.depth)
        self.x = torch.randn(a.batch, a.in_channels, a.size, a.size)
        self.y = torch.randn(a.batch, a.out_channels, a.size, a.size)
        if a.channels_last:
            self.model = self.model.to(memory_format=torch.channels_last)
            self.x = self.x.contiguous(memory_format=torch.channels_last)
            self.y = self.y.contiguous(memory_format=torch.channels_last)
        self.model.train()
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                                     weight_decay=1e-2)

    def step(self):
        self.opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.a.bf16):
            out = self.model(self.x)
            loss = F.mse_loss(out.float(), self.y)
        loss.backward()
        self.opt.step()
        return loss

    def round(self):
        """Times a.steps steps; reads the last loss so the work is really done before the clock stops."""
        start = time.perf_counter()
        for _ in range(self.a.steps):
            loss = self.step()
        last = loss.item()
        seconds = time.perf_counter() - start
        return {"samples_per_s": self.a.steps * self.a.batch / seconds, "seconds": seconds, "loss": last}


def main(argv):
    a = parse(argv)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.count_params:
        model = ReferenceUNet(a.in_channels, a.out_channels, a.base, a.depth)
        emit({"parameters": sum(p.numel() for p in model.parameters()),
              "names": [name for name, _ in model.named_parameters()],
              "state_dict": list(model.state_dict().keys())})
        return 0
    t = Trainer(a)
    for _ in range(a.warmup):
        t.step()
    info = {"torch": torch.__version__, "threads": torch.get_num_threads(), "bf16": a.bf16,
            "channels_last": a.channels_last, "batch": a.batch, "steps": a.steps}
    if not a.serve:
        rounds = [t.round() for _ in range(a.rounds)]
        median = statistics.median(r["samples_per_s"] for r in rounds)
        emit(dict(info, rounds=rounds, median_samples_per_s=median))
        return 0
    emit(dict(info, ready=True))
    index = 0
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command != "round":
            emit({"error": f"unknown command '{command}' (expected 'round' or 'quit')"})
            return 2
        emit(dict(t.round(), round=index))
        index += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
