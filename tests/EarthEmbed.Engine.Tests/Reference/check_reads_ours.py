"""Checks that PyTorch can read a checkpoint written by EarthEmbed.Engine.Serialization.Checkpoint.

    /usr/bin/python3 check_reads_ours.py CHECKPOINT.safetensors INPUT.safetensors

Reads the checkpoint with the plain safetensors reader (safetensors_io, written from the format spec), takes its
"model.<key>" tensors into a models.SmallNet with load_state_dict(strict=True) (names, shapes and every buffer must
match PyTorch's), runs it in eval mode on the "input" tensor of INPUT and prints one JSON line:
{"output": [...], "shape": [...], "metadata": {...}, "keys": [...], "dtypes": {...}}.
The C# test compares the output with its own model's and the metadata with what it saved.
"""
import json
import pathlib
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ here: it would make environment/test.sh regenerate every run
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import safetensors_io  # noqa: E402
from models import SmallNet  # noqa: E402


def main():
    torch.set_num_threads(1)
    checkpoint, metadata = safetensors_io.load_with_metadata(sys.argv[1])
    x = safetensors_io.load(sys.argv[2])["input"]
    state = {k[len("model."):]: v for k, v in checkpoint.items() if k.startswith("model.")}
    model = SmallNet()
    model.load_state_dict(state, strict=True)
    model.eval()
    with torch.no_grad():
        y = model(x)
    print(json.dumps({
        "output": [float(v) for v in y.reshape(-1)],
        "shape": list(y.shape),
        "metadata": metadata,
        "keys": sorted(checkpoint),
        "dtypes": {k: str(v.dtype) for k, v in sorted(state.items())},
    }))


if __name__ == "__main__":
    main()
