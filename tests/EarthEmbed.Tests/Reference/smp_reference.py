"""A faithful PyTorch copy of the segmentation_models_pytorch (smp 0.3) pieces EarthEmbed.Models mirrors; smp itself
is not installable here, so this file is the reference the C# models are compared with.

Follows smp's code: base/modules.py (Conv2dReLU), base/heads.py (SegmentationHead), decoders/unet/decoder.py
(DecoderBlock, CenterBlock, UnetDecoder), decoders/unetplusplus/decoder.py (UnetPlusPlusDecoder), encoders/resnet.py
(torchvision's ResNet without fc and avgpool; the first conv patched for N input bands) and base/model.py
(SegmentationModel: encoder -> decoder -> segmentation_head). Attention blocks are left out (attention_type=None is
smp's default and is an Identity). The one addition is UNet++ deep supervision (`aux_nodes`), which smp lacks:
a SegmentationHead with upsampling 2 on each top-row node X^{0,j} of the UNet++ paper except the last.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class Conv2dReLU(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size, padding=0, stride=1, use_batchnorm=True):
        conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding, bias=not use_batchnorm)
        relu = nn.ReLU(inplace=True)
        bn = nn.BatchNorm2d(out_channels) if use_batchnorm else nn.Identity()
        super().__init__(conv, bn, relu)


class DecoderBlock(nn.Module):
    def __init__(self, in_channels, skip_channels, out_channels, use_batchnorm=True):
        super().__init__()
        self.conv1 = Conv2dReLU(in_channels + skip_channels, out_channels, 3, padding=1, use_batchnorm=use_batchnorm)
        self.attention1 = nn.Identity()
        self.conv2 = Conv2dReLU(out_channels, out_channels, 3, padding=1, use_batchnorm=use_batchnorm)
        self.attention2 = nn.Identity()

    def forward(self, x, skip=None):
        x = F.interpolate(x, scale_factor=2, mode="nearest")
        if skip is not None:
            x = torch.cat([x, skip], dim=1)
            x = self.attention1(x)
        x = self.conv1(x)
        x = self.conv2(x)
        x = self.attention2(x)
        return x


class CenterBlock(nn.Sequential):
    def __init__(self, in_channels, out_channels, use_batchnorm=True):
        conv1 = Conv2dReLU(in_channels, out_channels, 3, padding=1, use_batchnorm=use_batchnorm)
        conv2 = Conv2dReLU(out_channels, out_channels, 3, padding=1, use_batchnorm=use_batchnorm)
        super().__init__(conv1, conv2)


class UnetDecoder(nn.Module):
    def __init__(self, encoder_channels, decoder_channels, n_blocks=5, use_batchnorm=True, center=False):
        super().__init__()
        if n_blocks != len(decoder_channels):
            raise ValueError("Model depth is {}, but you provide `decoder_channels` for {} blocks.".format(
                n_blocks, len(decoder_channels)))
        encoder_channels = encoder_channels[1:]
        encoder_channels = encoder_channels[::-1]
        head_channels = encoder_channels[0]
        in_channels = [head_channels] + list(decoder_channels[:-1])
        skip_channels = list(encoder_channels[1:]) + [0]
        out_channels = decoder_channels
        self.center = CenterBlock(head_channels, head_channels, use_batchnorm) if center else nn.Identity()
        blocks = [DecoderBlock(i, s, o, use_batchnorm) for i, s, o in zip(in_channels, skip_channels, out_channels)]
        self.blocks = nn.ModuleList(blocks)

    def forward(self, *features):
        features = features[1:]
        features = features[::-1]
        head = features[0]
        skips = features[1:]
        x = self.center(head)
        for i, decoder_block in enumerate(self.blocks):
            skip = skips[i] if i < len(skips) else None
            x = decoder_block(x, skip)
        return x


class UnetPlusPlusDecoder(nn.Module):
    def __init__(self, encoder_channels, decoder_channels, n_blocks=5, use_batchnorm=True, center=False):
        super().__init__()
        if n_blocks != len(decoder_channels):
            raise ValueError("Model depth is {}, but you provide `decoder_channels` for {} blocks.".format(
                n_blocks, len(decoder_channels)))
        encoder_channels = encoder_channels[1:]
        encoder_channels = encoder_channels[::-1]
        head_channels = encoder_channels[0]
        self.in_channels = [head_channels] + list(decoder_channels[:-1])
        self.skip_channels = list(encoder_channels[1:]) + [0]
        self.out_channels = decoder_channels
        self.center = CenterBlock(head_channels, head_channels, use_batchnorm) if center else nn.Identity()
        blocks = {}
        for layer_idx in range(len(self.in_channels) - 1):
            for depth_idx in range(layer_idx + 1):
                if depth_idx == 0:
                    in_ch = self.in_channels[layer_idx]
                    skip_ch = self.skip_channels[layer_idx] * (layer_idx + 1)
                    out_ch = self.out_channels[layer_idx]
                else:
                    out_ch = self.skip_channels[layer_idx]
                    skip_ch = self.skip_channels[layer_idx] * (layer_idx + 1 - depth_idx)
                    in_ch = self.skip_channels[layer_idx - 1]
                blocks[f"x_{depth_idx}_{layer_idx}"] = DecoderBlock(in_ch, skip_ch, out_ch, use_batchnorm)
        blocks[f"x_{0}_{len(self.in_channels) - 1}"] = DecoderBlock(self.in_channels[-1], 0, self.out_channels[-1],
                                                                     use_batchnorm)
        self.blocks = nn.ModuleDict(blocks)
        self.depth = len(self.in_channels) - 1

    def forward_nodes(self, *features):
        features = features[1:]
        features = features[::-1]
        # smp 0.3 never calls self.center in UNet++'s forward; EarthEmbed applies it to the head, as the U-Net does
        features = (self.center(features[0]),) + tuple(features[1:])
        dense_x = {}
        for layer_idx in range(len(self.in_channels) - 1):
            for depth_idx in range(self.depth - layer_idx):
                if layer_idx == 0:
                    output = self.blocks[f"x_{depth_idx}_{depth_idx}"](features[depth_idx], features[depth_idx + 1])
                    dense_x[f"x_{depth_idx}_{depth_idx}"] = output
                else:
                    dense_l_i = depth_idx + layer_idx
                    cat_features = [dense_x[f"x_{idx}_{dense_l_i}"] for idx in range(depth_idx + 1, dense_l_i + 1)]
                    cat_features = torch.cat(cat_features + [features[dense_l_i + 1]], dim=1)
                    dense_x[f"x_{depth_idx}_{dense_l_i}"] = self.blocks[f"x_{depth_idx}_{dense_l_i}"](
                        dense_x[f"x_{depth_idx}_{dense_l_i - 1}"], cat_features)
        dense_x[f"x_{0}_{self.depth}"] = self.blocks[f"x_{0}_{self.depth}"](dense_x[f"x_{0}_{self.depth - 1}"])
        return dense_x

    def forward(self, *features):
        return self.forward_nodes(*features)[f"x_{0}_{self.depth}"]

    def aux_nodes(self):
        """The top-row nodes X^{0,1..L-1} of the UNet++ paper in smp's names (x_{L-1}_{L-1} ... x_1_{L-1}, L = depth)
        with their channels; X^{0,L} = x_0_{L-1} is refined by the last block into the main output."""
        last = self.depth - 1
        return [(f"x_{d}_{last}", self.skip_channels[last]) for d in range(last, 0, -1)]


class SegmentationHead(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size=3, activation=None, upsampling=1):
        conv2d = nn.Conv2d(in_channels, out_channels, kernel_size=kernel_size, padding=kernel_size // 2)
        upsampling = nn.UpsamplingBilinear2d(scale_factor=upsampling) if upsampling > 1 else nn.Identity()
        activation = nn.Identity() if activation is None else activation
        super().__init__(conv2d, upsampling, activation)


def resnet_encoder(arch, in_channels):
    """smp's ResNetEncoder: torchvision's ResNet without fc/avgpool, first conv taking `in_channels` bands."""
    model = getattr(torchvision.models, arch)(num_classes=1000)
    model.conv1 = nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
    del model.fc
    del model.avgpool
    return model


def encoder_features(encoder, x, depth=5):
    stages = [nn.Identity(), nn.Sequential(encoder.conv1, encoder.bn1, encoder.relu),
              nn.Sequential(encoder.maxpool, encoder.layer1), encoder.layer2, encoder.layer3, encoder.layer4]
    features = []
    for i in range(depth + 1):
        x = stages[i](x)
        features.append(x)
    return features


class SegmentationModel(nn.Module):
    """smp's Unet / UnetPlusPlus: encoder -> decoder -> segmentation_head (+ EarthEmbed's auxiliary heads)."""

    def __init__(self, decoder_kind, arch="resnet18", in_channels=3, classes=1,
                 decoder_channels=(256, 128, 64, 32, 16), center=False, deep_supervision=False):
        super().__init__()
        self.encoder = resnet_encoder(arch, in_channels)
        channels = (in_channels, 64, 64, 128, 256, 512)
        decoder = UnetDecoder if decoder_kind == "unet" else UnetPlusPlusDecoder
        self.decoder = decoder(channels, decoder_channels, n_blocks=5, center=center)
        self.segmentation_head = SegmentationHead(decoder_channels[-1], classes, kernel_size=3)
        if deep_supervision:
            self.auxiliary_heads = nn.ModuleDict(
                {name: SegmentationHead(ch, classes, kernel_size=3, upsampling=2) for name, ch in self.decoder.aux_nodes()})
        else:
            self.auxiliary_heads = None

    def forward_all(self, x):
        features = encoder_features(self.encoder, x)
        if self.auxiliary_heads is None:
            return features, [self.segmentation_head(self.decoder(*features))]
        nodes = self.decoder.forward_nodes(*features)
        outputs = [self.segmentation_head(nodes[f"x_0_{self.decoder.depth}"])]
        outputs += [head(nodes[name]) for name, head in self.auxiliary_heads.items()]
        return features, outputs
