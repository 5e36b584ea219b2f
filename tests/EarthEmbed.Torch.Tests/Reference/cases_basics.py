"""Reference fixtures for the smoke checks of the fixture pipeline itself."""
import torch


def write_all(out, save):
    torch.manual_seed(0)
    a = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    b = torch.randn(4, dtype=torch.float64)
    y = (a * b).exp().sum()
    y.backward()
    save(out / "basics.mul_exp_sum.safetensors", {"a": a, "b": b, "out": y, "grad_a": a.grad})
