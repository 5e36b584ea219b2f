"""Reference fixtures for EarthEmbed.Models (tests/EarthEmbed.Tests/Models/*ParityTests.cs), from smp_reference.py.

Decoder cases models.decoder_<name>.safetensors (float64, small channel counts, every gradient):
  state.<key>           the decoder's state dict (parameters and batch-norm statistics perturbed off their defaults)
  feature.<i>           the encoder feature maps fed to the decoder (i = 0 is the input itself, as smp's encoders)
  output, grad_output   the decoder's output and a fixed upstream gradient
  grad_feature.<i>, grad.<param>   gradients of the features and of every parameter
  after.<key>           batch-norm buffers after the forward pass
  metadata: kind (unet/unetpp), encoder_channels, decoder_channels, center, batchnorm, train, param_count

Full-model cases models.model_<name>.safetensors (float32, ResNet-18 on 64 bands, as the paper):
  state.<key>           the whole model's state dict (encoder = torchvision resnet18 with a 64-band conv1, no fc)
  input, feature.<i>    the input and the encoder's six feature maps
  output.<k>, grad_output.<k>   the main output (k = 0) and the deep-supervision outputs (k >= 1), upstream gradients
  grad_input, grad.<param>      the input gradient and the gradients of a few parameters spread over the model

Key cases models.keys_<name>.safetensors hold no weights, only metadata: keys (JSON {key: shape}) and param_count, for
torchvision resnet18/resnet34 without fc and for smp's Unet/UnetPlusPlus (resnet18, 64 bands, 1 class).
"""
import json

import torch

import smp_reference as smp


def perturb(module, gen):
    """Moves batch-norm scales, shifts and statistics and every bias off their defaults (conv weights are random)."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.add_(0.2 * torch.randn(m.weight.shape, generator=gen, dtype=m.weight.dtype))
                m.bias.add_(0.2 * torch.randn(m.bias.shape, generator=gen, dtype=m.bias.dtype))
                m.running_mean.copy_(0.3 * torch.randn(m.running_mean.shape, generator=gen, dtype=m.running_mean.dtype))
                m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=gen, dtype=m.running_var.dtype))
                m.num_batches_tracked.fill_(7)
            elif isinstance(m, torch.nn.Conv2d) and m.bias is not None:
                m.bias.add_(0.1 * torch.randn(m.bias.shape, generator=gen, dtype=m.bias.dtype))


def keys_json(module):
    return json.dumps({k: list(v.shape) for k, v in module.state_dict().items()})


def param_count(module):
    return sum(p.numel() for p in module.parameters())


def decoder_case(out, save, name, kind, encoder_channels, decoder_channels, size, center, batchnorm, train, seed):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1000)
    cls = smp.UnetDecoder if kind == "unet" else smp.UnetPlusPlusDecoder
    decoder = cls(encoder_channels, decoder_channels, n_blocks=len(decoder_channels), use_batchnorm=batchnorm,
                  center=center)
    perturb(decoder, gen)
    decoder = decoder.double().train(train)
    state = {k: v.clone() for k, v in decoder.state_dict().items()}
    features = [torch.randn((2, c, size >> i, size >> i), generator=gen, dtype=torch.float64).requires_grad_()
                for i, c in enumerate(encoder_channels)]
    y = decoder(*features)
    g = torch.randn(y.shape, generator=gen, dtype=y.dtype)
    y.backward(g)
    tensors = {"output": y, "grad_output": g}
    for i, f in enumerate(features):
        tensors[f"feature.{i}"] = f
        if f.grad is not None:
            tensors[f"grad_feature.{i}"] = f.grad
    tensors.update({"state." + k: v for k, v in state.items()})
    params = dict(decoder.named_parameters())
    tensors.update({"after." + k: v for k, v in decoder.state_dict().items() if k not in params})
    tensors.update({"grad." + k: p.grad for k, p in params.items() if p.grad is not None})
    meta = {"kind": kind, "encoder_channels": json.dumps(list(encoder_channels)),
            "decoder_channels": json.dumps(list(decoder_channels)), "center": int(center), "batchnorm": int(batchnorm),
            "train": int(train), "param_count": param_count(decoder), "keys": keys_json(decoder)}
    save(out / f"models.decoder_{name}.safetensors", tensors, meta)


GRAD_PARAMS = ["encoder.conv1.weight", "encoder.bn1.weight", "encoder.layer1.0.conv1.weight",
               "encoder.layer2.0.downsample.0.weight", "encoder.layer3.1.bn2.bias", "encoder.layer4.1.conv2.weight",
               "decoder.blocks.0.conv1.0.weight", "decoder.blocks.4.conv2.1.weight", "decoder.blocks.x_0_0.conv1.0.weight",
               "decoder.blocks.x_1_2.conv2.1.bias", "decoder.blocks.x_0_4.conv2.0.weight", "segmentation_head.0.weight",
               "segmentation_head.0.bias", "auxiliary_heads.x_3_3.0.weight", "auxiliary_heads.x_1_3.0.bias"]


def model_case(out, save, name, kind, deep_supervision, seed):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1000)
    model = smp.SegmentationModel(kind, "resnet18", in_channels=64, classes=1, deep_supervision=deep_supervision)
    perturb(model, gen)
    model.train(True)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.randn((2, 64, 64, 64), generator=gen).requires_grad_()
    features, outputs = model.forward_all(x)
    grads = [torch.randn(o.shape, generator=gen) for o in outputs]
    torch.autograd.backward(outputs, grads)
    tensors = {"input": x, "grad_input": x.grad}
    tensors.update({f"feature.{i}": f for i, f in enumerate(features)})
    tensors.update({f"output.{k}": o for k, o in enumerate(outputs)})
    tensors.update({f"grad_output.{k}": g for k, g in enumerate(grads)})
    tensors.update({"state." + k: v for k, v in state.items()})
    params = dict(model.named_parameters())
    tensors.update({"grad." + k: params[k].grad for k in GRAD_PARAMS if k in params})
    meta = {"kind": kind, "deep_supervision": int(deep_supervision), "param_count": param_count(model),
            "keys": keys_json(model)}
    save(out / f"models.model_{name}.safetensors", tensors, meta)


def keys_case(out, save, name, module):
    meta = {"keys": keys_json(module), "param_count": param_count(module)}
    save(out / f"models.keys_{name}.safetensors", {"none": torch.zeros(1)}, meta)


def write_all(out, save):
    enc = (3, 6, 8, 10, 12, 14)
    dec = (12, 10, 8, 6, 4)
    decoder_case(out, save, "unet_center_train", "unet", enc, dec, 32, True, True, True, 1)
    decoder_case(out, save, "unet_nobn_eval", "unet", enc, dec, 32, False, False, False, 2)
    decoder_case(out, save, "unet_depth3_eval", "unet", (3, 6, 8, 10), (10, 8, 4), 16, False, True, False, 3)
    decoder_case(out, save, "unetpp_train", "unetpp", enc, dec, 32, False, True, True, 4)
    decoder_case(out, save, "unetpp_center_eval", "unetpp", enc, dec, 32, True, True, False, 5)
    decoder_case(out, save, "unetpp_depth3_nobn_train", "unetpp", (3, 6, 8, 10), (10, 8, 4), 16, False, False, True, 6)
    model_case(out, save, "unet_resnet18", "unet", False, 7)
    model_case(out, save, "unetpp_resnet18_deep", "unetpp", True, 8)
    for arch in ("resnet18", "resnet34"):
        keys_case(out, save, arch, smp.resnet_encoder(arch, 64))
    keys_case(out, save, "unet_resnet18", smp.SegmentationModel("unet", in_channels=64))
    keys_case(out, save, "unetpp_resnet18", smp.SegmentationModel("unetpp", in_channels=64))
