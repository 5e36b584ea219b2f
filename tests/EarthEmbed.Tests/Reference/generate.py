"""Writes PyTorch and NumPy reference fixtures for the science project (EarthEmbed.Tests).

    /usr/bin/python3 generate.py OUT_DIR

The driver and the safetensors writer are EarthEmbed.Engine.Tests' (one copy): this script runs that driver over
the cases_*.py files beside it.
"""
import importlib.util
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
shared = here.parents[1] / "EarthEmbed.Engine.Tests" / "Reference"
sys.dont_write_bytecode = True  # no __pycache__ here: it would make environment/test.sh regenerate every run
sys.path.insert(0, str(shared))
spec = importlib.util.spec_from_file_location("shared_generate", shared / "generate.py")
driver = importlib.util.module_from_spec(spec)
spec.loader.exec_module(driver)

if __name__ == "__main__":
    driver.run(here, pathlib.Path(sys.argv[1]))
