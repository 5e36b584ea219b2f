"""Checks that PyTorch can read a checkpoint written by EarthEmbed.Torch.Serialization.Checkpoint.

    /usr/bin/python3 check_reads_ours.py CHECKPOINT.safetensors INPUT.safetensors

Loads the checkpoint with the plain safetensors reader (safetensors_io.load), takes the "model.<key>" tensors into a
TinyNet with load_state_dict(strict=True), runs it on the "input" tensor of INPUT and prints one JSON line:
{"output": [...], "shape": [...], "optim_keys": [...]}. The C# test compares the output with its own model's.
TinyNet is also the model of the ckpt.* reference fixtures (cases_optim.py).
"""
import json
import pathlib
import sys

import torch
from torch import nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import safetensors_io  # noqa: E402


class TinyNet(nn.Module):
    """conv 3->4 (3x3, padding 1), ReLU, flatten, linear 100->2: state_dict keys conv.weight, conv.bias,
    head.weight, head.bias."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.head = nn.Linear(4 * 5 * 5, 2)

    def forward(self, x):
        return self.head(torch.relu(self.conv(x)).flatten(1))


def main():
    checkpoint = safetensors_io.load(sys.argv[1])
    x = safetensors_io.load(sys.argv[2])["input"]
    state = {k[len("model."):]: v for k, v in checkpoint.items() if k.startswith("model.")}
    model = TinyNet()
    model.load_state_dict(state, strict=True)
    with torch.no_grad():
        y = model(x)
    print(json.dumps({
        "output": [float(v) for v in y.reshape(-1)],
        "shape": list(y.shape),
        "optim_keys": sorted(k for k in checkpoint if k.startswith("optim.")),
    }))


if __name__ == "__main__":
    main()
