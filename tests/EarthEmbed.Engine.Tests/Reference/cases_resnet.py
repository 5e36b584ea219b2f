"""TorchVision's resnet18 with a 7-band first convolution (models.resnet18_bands), random seeded weights.

  resnet.resnet18_7band_state  its state_dict (float32, every BatchNorm randomised: models.randomise_batchnorms).
  resnet.resnet18_7band_io     input [2, 7, 64, 64];
                               eval_output: the eval-mode output [2, 10];
                               train_output: the training-mode output (batch statistics) of the same input, then
                               for loss = sum(train_output * loss_weight): input_grad and grad.<name> for a few
                               parameters (names as in the state dict), and after.<name> for BatchNorm buffers as
                               that training-mode forward left them (running stats updated, num_batches_tracked + 1).
"""
import torch

from models import randomise_batchnorms, resnet18_bands

BANDS, CLASSES = 7, 10
GRADS = ["conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
         "layer3.1.bn2.bias", "layer4.1.conv2.weight", "fc.weight", "fc.bias"]
BUFFERS = ["bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked", "layer4.1.bn2.running_var"]


def write_all(out, save):
    torch.manual_seed(400)
    model = resnet18_bands(BANDS, CLASSES)
    g = torch.Generator().manual_seed(401)
    randomise_batchnorms(model, g)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    x = torch.randn(2, BANDS, 64, 64, generator=g)
    weight = torch.randn(2, CLASSES, generator=g)

    model.eval()
    with torch.no_grad():
        eval_output = model(x)

    model.train()
    xg = x.clone().requires_grad_(True)
    train_output = model(xg)
    loss = (train_output * weight).sum()
    loss.backward()
    params = dict(model.named_parameters())
    buffers = dict(model.named_buffers())
    io = {"input": x, "loss_weight": weight, "eval_output": eval_output, "train_output": train_output.detach(),
          "loss": loss.detach(), "input_grad": xg.grad}
    io.update({f"grad.{n}": params[n].grad for n in GRADS})
    io.update({f"after.{n}": buffers[n] for n in BUFFERS})
    save(out / "resnet.resnet18_7band_state.safetensors", state,
         {"bands": str(BANDS), "num_classes": str(CLASSES), "torch": torch.__version__})
    save(out / "resnet.resnet18_7band_io.safetensors", io,
         {"grads": ",".join(GRADS), "buffers": ",".join(BUFFERS)})
