"""Parity fixtures, group "opsautograd": torch.autograd.grad with and without create_graph (higher-order
gradients), explicit grad_outputs, detach, and no-grad / enable-grad regions. The writer then back-propagates a random
upstream gradient through each result, so second derivatives are compared too. C# side: Ops/AutogradParityTests.cs."""
import torch

from opcases import Writer, rn


def no_grad_region(x):
    with torch.no_grad():
        y = x * 2
    return x * 3 + y, y


def enable_inside_no_grad(x):
    with torch.no_grad():
        with torch.enable_grad():
            y = x * x
        z = x * x
    return y, z


def write_all(out, save):
    torch.manual_seed(6)
    w = Writer("opsautograd", out, save)
    w.case("double_backward", lambda x: torch.autograd.grad((x ** 3 * x.sin()).sum(), x, create_graph=True)[0], x=rn(5))
    w.case("grad_of_weight_and_loss",
           lambda x, wt: (lambda loss: (loss, torch.autograd.grad(loss, wt, create_graph=True)[0]))(((x @ wt).tanh() ** 2).sum()),
           x=rn(4, 3), wt=rn(3, 2))
    w.case("grad_outputs_nonscalar",
           lambda x, v: torch.autograd.grad(x.exp() * x, x, grad_outputs=v, create_graph=True)[0], nograd=("v",), x=rn(3, 4), v=rn(3, 4))
    w.case("grad_without_graph", lambda x: torch.autograd.grad((x * x.log()).sum(), x)[0], x=rn(6).abs() + 0.1)
    w.case("detach_cuts_the_graph", lambda x: x * x.detach(), x=rn(3, 4))
    w.case("no_grad_region", no_grad_region, x=rn(3, 4))
    w.case("enable_grad_inside_no_grad", enable_inside_no_grad, x=rn(3, 4))
