"""Writes PyTorch reference fixtures for EarthEmbed.Torch's parity tests (and, through run(), for any test project
whose Reference/generate.py delegates here, e.g. EarthEmbed.Tests).

    /usr/bin/python3 generate.py OUT_DIR

Every module named cases_*.py beside this file defines `write_all(out_dir, save)`; each case is one safetensors file
OUT_DIR/<group>.<case>.safetensors holding the inputs, parameters, outputs and gradients that the matching C# test
reproduces. Run by environment/test.sh whenever a generator changes. Seeds are fixed, so files are reproducible.
"""
import importlib
import os
import pathlib
import sys

import torch

here = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(here))
import safetensors_io  # noqa: E402


def main():
    run(here, pathlib.Path(sys.argv[1]))


def run(cases_dir, out):
    """Imports every cases_*.py of cases_dir and writes its fixtures into out."""
    cases_dir = pathlib.Path(cases_dir)
    sys.path.insert(0, str(cases_dir))
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)  # reproducible reductions
    count = 0
    for path in sorted(cases_dir.glob("cases_*.py")):
        module = importlib.import_module(path.stem)
        before = len(os.listdir(out))
        module.write_all(out, safetensors_io.save)
        count += len(os.listdir(out)) - before
        print(f"reference: {path.name}: {len(os.listdir(out)) - before} fixtures")
    print(f"reference: {count} fixtures in {out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
