"""The PyTorch models of the parity fixtures; their C# twins are in tests/EarthEmbed.Engine.Tests/Models.

SmallNet: features = Sequential(Conv2d(3, 4, 3, padding=1), BatchNorm2d(4), ReLU()), head = Linear(4*5*5, 2), for
5x5 inputs. state_dict keys: features.0.weight, features.0.bias, features.1.weight, features.1.bias,
features.1.running_mean, features.1.running_var, features.1.num_batches_tracked (int64), head.weight, head.bias.

resnet18_bands(bands, num_classes): torchvision.models.resnet18 with conv1 replaced by a Conv2d(bands, 64, 7,
stride 2, padding 3, bias False), the change EarthEmbed's multispectral encoders make.
"""
import torch
import torchvision
from torch import nn


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU())
        self.head = nn.Linear(4 * 5 * 5, 2)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


def resnet18_bands(bands, num_classes):
    model = torchvision.models.resnet18(weights=None, num_classes=num_classes)
    model.conv1 = nn.Conv2d(bands, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return model


def randomise_batchnorms(model, generator):
    """Gives every BatchNorm non-trivial affine parameters and running statistics, so that a buffer loaded under
    the wrong name (or not at all) changes the output."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=generator) * 0.1)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=generator) + 0.5)
                m.num_batches_tracked.fill_(7)
