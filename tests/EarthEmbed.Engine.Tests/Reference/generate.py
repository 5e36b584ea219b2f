"""Writes PyTorch reference fixtures for the TorchSharp engine's parity tests (tests/EarthEmbed.Engine.Tests).

    /usr/bin/python3 generate.py OUT_DIR

Run with Debian's python3 (python3-torch 1.13, python3-torchvision 0.14): environment/test.sh does so whenever a
file of this folder changes, writing into build/reference/EarthEmbed.Engine.Tests. Every module named cases_*.py
beside this file defines `write_all(out_dir, save)`; each case is one safetensors file OUT_DIR/<group>.<case>.safetensors
holding the inputs, parameters, outputs and gradients that the matching C# test reproduces, with the case's
configuration in the header's __metadata__. Seeds are fixed, so the files are reproducible.

This folder is self-contained, and its driver (run) and safetensors writer serve the other test projects too: a
project's Reference/generate.py calls run() over its own cases_*.py files (tests/EarthEmbed.Tests does).
"""
import importlib
import os
import pathlib
import sys

import torch

here = pathlib.Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # no __pycache__ here: it would make environment/test.sh regenerate every run
sys.path.insert(0, str(here))
import safetensors_io  # noqa: E402


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: /usr/bin/python3 generate.py OUT_DIR")
    run(here, pathlib.Path(sys.argv[1]))


def run(cases_dir, out):
    """Imports every cases_*.py of cases_dir and writes its fixtures into out."""
    cases_dir = pathlib.Path(cases_dir)
    sys.path.insert(0, str(cases_dir))
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)  # reproducible reductions
    count = 0
    for path in sorted(cases_dir.glob("cases_*.py")):
        module = importlib.import_module(path.stem)
        before = len(os.listdir(out))
        module.write_all(out, safetensors_io.save)
        written = len(os.listdir(out)) - before
        count += written
        print(f"reference: {path.name}: {written} fixtures")
    print(f"reference: {count} fixtures in {out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
