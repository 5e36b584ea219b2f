"""Checkpoint fixtures: PyTorch writes, TorchSharp reads (the other direction is check_reads_ours.py).

  ckpt.small_state_dict  a plain PyTorch state_dict of models.SmallNet after three training-mode forwards (so the
                         BatchNorm buffers running_mean, running_var and num_batches_tracked = 3 are not defaults),
                         with randomised BatchNorm affine parameters. No metadata: a plain state dict.
  ckpt.small_io          an input and SmallNet's eval-mode output for it.
  ckpt.dtypes            one tensor per safetensors dtype with known values (arange), a scalar and an empty tensor,
                         and metadata strings with quotes, a newline and non-ASCII characters.
"""
import torch

from models import SmallNet

METADATA = {"format": "test.dtypes/1", "quote": 'say "hi"', "lines": "a\nb", "unicode": "Höhe ≥ 3 m"}


def write_all(out, save):
    torch.manual_seed(300)
    model = SmallNet()
    g = torch.Generator().manual_seed(301)
    with torch.no_grad():
        bn = model.features[1]
        bn.weight.copy_(torch.rand(4, generator=g) + 0.5)
        bn.bias.copy_(torch.randn(4, generator=g) * 0.2)
        model.train()
        for _ in range(3):
            model(torch.randn(6, 3, 5, 5, generator=g) * 2 + 0.5)
    model.eval()
    x = torch.randn(2, 3, 5, 5, generator=g)
    with torch.no_grad():
        y = model(x)
    assert int(bn.num_batches_tracked) == 3
    save(out / "ckpt.small_state_dict.safetensors", model.state_dict())
    save(out / "ckpt.small_io.safetensors", {"input": x, "output": y})

    tensors = {}
    for dtype in (torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32,
                  torch.int16, torch.int8, torch.uint8):
        tensors[str(dtype).replace("torch.", "")] = (torch.arange(12) - (0 if dtype == torch.uint8 else 5)) \
            .to(dtype).reshape(3, 4)
    tensors["bool"] = torch.tensor([[True, False, True], [False, False, True]])
    tensors["scalar"] = torch.tensor(2.5, dtype=torch.float64)
    tensors["empty"] = torch.zeros(0, 3)
    save(out / "ckpt.dtypes.safetensors", tensors, METADATA)
