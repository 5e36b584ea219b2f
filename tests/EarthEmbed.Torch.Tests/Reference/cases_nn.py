"""Reference fixtures for EarthEmbed.Torch.Nn's single-input layers (tests/.../Nn/LayerParityTests.cs).

Each case nn.<name>.safetensors holds, for one torch.nn module built right after torch.manual_seed(seed):
  init.<key>      the state dict straight after construction (float32): the C# layer, built after the same seed,
                  must draw exactly these numbers
  state.<key>     the state dict used for the forward pass (parameters perturbed so that e.g. norm weights are not 1)
  after.<key>     buffers after the forward pass (batch norm's running statistics)
  input, output, grad_output (a fixed upstream gradient), grad_input, grad.<parameter name>
metadata: seed, train (1/0), dtype (float32/float64), repr (str(module)), param_count (sum of p.numel()).
"""
import torch
import torch.nn as nn


def perturb(module, gen):
    """Moves every parameter and float buffer off its default so that parity checks see general values."""
    with torch.no_grad():
        for p in module.parameters():
            p.add_(0.2 * torch.randn(p.shape, generator=gen, dtype=p.dtype))
        for name, b in module.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.3 * torch.randn(b.shape, generator=gen, dtype=b.dtype))
            elif name.endswith("running_var"):
                b.copy_(0.5 + torch.rand(b.shape, generator=gen, dtype=b.dtype))
            elif name.endswith("num_batches_tracked"):
                b.fill_(7)


def run_case(out, save, name, build, input_shape, seed, train=True, dtype=torch.float64, perturbed=True,
             int_input=None, dropout_seed=None):
    torch.manual_seed(seed)
    module = build()
    init = {k: v.clone() for k, v in module.state_dict().items()}
    gen = torch.Generator().manual_seed(seed + 1000)
    if perturbed:
        perturb(module, gen)
    module = module.to(dtype)
    module.train(train)
    state = {k: v.clone() for k, v in module.state_dict().items()}
    if int_input is not None:
        x = torch.randint(0, int_input, input_shape, generator=gen)
    else:
        x = torch.randn(input_shape, generator=gen, dtype=dtype).requires_grad_()
    if dropout_seed is not None:
        torch.manual_seed(dropout_seed)
    y = module(x)
    g = torch.randn(y.shape, generator=gen, dtype=y.dtype)
    y.backward(g)
    tensors = {"input": x, "output": y, "grad_output": g}
    if x.grad is not None:
        tensors["grad_input"] = x.grad
    tensors.update({"init." + k: v for k, v in init.items()})
    tensors.update({"state." + k: v for k, v in state.items()})
    tensors.update({"after." + k: v for k, v in module.state_dict().items() if k not in dict(module.named_parameters())})
    tensors.update({"grad." + k: p.grad for k, p in module.named_parameters() if p.grad is not None})
    meta = {"seed": seed, "train": int(train), "dtype": str(dtype).replace("torch.", ""), "repr": repr(module),
            "param_count": sum(p.numel() for p in module.parameters())}
    save(out / f"nn.{name}.safetensors", tensors, meta)


def write_all(out, save):
    f32, f64 = torch.float32, torch.float64
    cases = [
        # name, build, input shape, seed, train, dtype, perturbed
        ("linear", lambda: nn.Linear(7, 5), (3, 4, 7), 1, True, f64, False),
        ("linear_nobias_f32", lambda: nn.Linear(6, 4, bias=False), (5, 6), 2, True, f32, False),
        ("conv2d", lambda: nn.Conv2d(3, 8, 3, padding=1), (2, 3, 9, 9), 3, True, f64, False),
        ("conv2d_strided_dilated_groups_f32", lambda: nn.Conv2d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2),
         (2, 4, 11, 10), 4, True, f32, False),
        ("conv2d_nobias_unbatched", lambda: nn.Conv2d(2, 3, 1, bias=False), (2, 5, 5), 5, True, f64, False),
        ("conv_transpose2d", lambda: nn.ConvTranspose2d(4, 3, 2, stride=2), (2, 4, 5, 6), 6, True, f64, False),
        ("conv_transpose2d_padded_groups_f32",
         lambda: nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2), (2, 6, 4, 5), 7, True, f32, False),
        ("batchnorm2d_train", lambda: nn.BatchNorm2d(5), (4, 5, 3, 3), 8, True, f64, True),
        ("batchnorm2d_eval", lambda: nn.BatchNorm2d(5), (4, 5, 3, 3), 9, False, f64, True),
        ("batchnorm2d_train_f32", lambda: nn.BatchNorm2d(3, eps=1e-3, momentum=0.3), (2, 3, 4, 4), 10, True, f32, True),
        ("batchnorm2d_plain", lambda: nn.BatchNorm2d(4, affine=False, track_running_stats=False), (3, 4, 2, 2), 11, True, f64, True),
        ("groupnorm", lambda: nn.GroupNorm(3, 6), (2, 6, 4, 5), 12, True, f64, True),
        ("layernorm", lambda: nn.LayerNorm([4, 5]), (3, 2, 4, 5), 13, True, f64, True),
        ("layernorm_noaffine_f32", lambda: nn.LayerNorm(6, eps=1e-6, elementwise_affine=False), (4, 6), 14, True, f32, True),
        ("relu", lambda: nn.ReLU(), (3, 8), 20, True, f64, False),
        ("leaky_relu", lambda: nn.LeakyReLU(0.2), (3, 8), 21, True, f64, False),
        ("gelu", lambda: nn.GELU(), (3, 8), 22, True, f64, False),
        ("gelu_tanh", lambda: nn.GELU(approximate="tanh"), (3, 8), 23, True, f64, False),
        ("silu", lambda: nn.SiLU(), (3, 8), 24, True, f64, False),
        ("sigmoid", lambda: nn.Sigmoid(), (3, 8), 25, True, f64, False),
        ("tanh", lambda: nn.Tanh(), (3, 8), 26, True, f64, False),
        ("softmax", lambda: nn.Softmax(dim=1), (3, 8, 2), 27, True, f64, False),
        ("identity", lambda: nn.Identity(), (3, 8), 28, True, f64, False),
        ("flatten", lambda: nn.Flatten(), (2, 3, 4, 5), 29, True, f64, False),
        ("dropout_eval", lambda: nn.Dropout(0.3), (4, 6), 30, False, f64, False),
        ("maxpool2d", lambda: nn.MaxPool2d(2), (2, 3, 6, 7), 31, True, f64, False),
        ("maxpool2d_padded", lambda: nn.MaxPool2d(3, stride=2, padding=1), (2, 3, 7, 7), 32, True, f64, False),
        ("avgpool2d", lambda: nn.AvgPool2d(3, stride=1, padding=1), (2, 3, 5, 5), 33, True, f64, False),
        ("adaptive_avgpool2d", lambda: nn.AdaptiveAvgPool2d(1), (2, 3, 5, 4), 34, True, f64, False),
        ("upsample_nearest", lambda: nn.Upsample(scale_factor=2), (2, 3, 3, 4), 35, True, f64, False),
        ("upsample_bilinear", lambda: nn.Upsample(size=(7, 5), mode="bilinear"), (2, 3, 3, 4), 36, True, f64, False),
        ("sequential", lambda: nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                                              nn.Flatten(), nn.Linear(4 * 4 * 4, 5)), (2, 3, 8, 8), 40, True, f64, True),
    ]
    for name, build, shape, seed, train, dtype, perturbed in cases:
        run_case(out, save, name, build, shape, seed, train, dtype, perturbed)
    run_case(out, save, "embedding", lambda: nn.Embedding(10, 4, padding_idx=1), (3, 5), 50, True, f32, False,
             int_input=10)
    # Dropout's mask comes from the global generator: same seed, same mask in both.
    run_case(out, save, "dropout_train", lambda: nn.Dropout(0.3), (16, 16), 51, True, f32, False, dropout_seed=123)
