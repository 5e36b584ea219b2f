"""Reference fixtures for the JointSeg discriminator's spectral normalisation
(tests/EarthEmbed.Tests/Experiments/JointSeg/SpectralNormTests.cs), from torch.nn.utils.spectral_norm (PyTorch 1.13).

Each case jointseg.<name>.safetensors (float64): the wrapped conv's state dict before any forward (weight_orig, bias
when present, weight_u, weight_v), an input, the outputs of two forwards in training mode (each runs one power
iteration), u and v after them, the gradient of sum(output2) with respect to weight_orig, and the output of one
forward in evaluation mode afterwards (no power iteration).
"""
import torch


def case(out, save, name, cin, cout, k, stride, padding, bias, seed):
    torch.manual_seed(seed)
    conv = torch.nn.utils.spectral_norm(torch.nn.Conv2d(cin, cout, k, stride=stride, padding=padding, bias=bias).double())
    state = {key: value.detach().clone() for key, value in conv.state_dict().items()}
    x = torch.randn(2, cin, 8, 8, dtype=torch.float64)
    conv.train()
    y1 = conv(x).detach().clone()
    y2 = conv(x)
    y2.sum().backward()
    conv.eval()
    with torch.no_grad():
        y3 = conv(x)
    tensors = {"state." + key: value for key, value in state.items()}
    tensors.update({"input": x, "output1": y1, "output2": y2.detach(), "weight_u": conv.weight_u.detach().clone(),
                    "weight_v": conv.weight_v.detach().clone(), "grad_weight_orig": conv.weight_orig.grad.detach().clone(),
                    "eval_output": y3})
    save(out / f"jointseg.{name}.safetensors", tensors)


def write_all(out, save):
    case(out, save, "sn_conv3_bias", 3, 5, 3, 1, 1, True, 3)
    case(out, save, "sn_conv4_stride2_nobias", 4, 6, 4, 2, 1, False, 4)
