using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Models;

/// <summary>TorchSharp's TorchVision resnet18 with its first convolution replaced to take <c>bands</c> input
/// bands, the twin of Reference/models.py's resnet18_bands.</summary>
/// <remarks>TorchSharp's <see cref="ResNet"/> hard-codes <c>Conv2d(3, 64, 7, stride 2, padding 3)</c> in a private
/// readonly field <c>conv1</c> that its forward calls directly, and offers no in-channels argument. Replacing the
/// registered submodule through the public API (<c>register_module("conv1", null)</c> then
/// <c>register_module("conv1", conv)</c>) changes the state dict but not the forward, which keeps the 3-band
/// convolution (ResNetParityTests shows it). So this sets the private field by reflection and swaps the entry of
/// Module's protected <c>_internal_submodules</c> in place, which also keeps PyTorch's parameter order (conv1 first).
/// This depends on TorchSharp 0.107's private names: a TorchSharp upgrade that renames them fails here loudly.</remarks>
internal static class ResNetBands
{
    public static ResNet Resnet18(int bands, int numClasses)
    {
        var model = torchvision.models.resnet18(num_classes: numClasses);
        ReplaceFirstConvolution(model, nn.Conv2d(bands, 64, 7, stride: 2, padding: 3, bias: false));
        return model;
    }

    public static void ReplaceFirstConvolution(ResNet model, nn.Module<Tensor, Tensor> convolution)
    {
        var field = typeof(ResNet).GetField("conv1", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new MissingFieldException("TorchSharp's ResNet has no private field conv1 any more; revisit ResNetBands");
        var submodules = typeof(nn.Module).GetField("_internal_submodules", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(model)
            as OrderedDict<string, nn.Module>
            ?? throw new MissingFieldException("TorchSharp's Module has no _internal_submodules any more; revisit ResNetBands");
        var old = (nn.Module)field.GetValue(model)!;
        field.SetValue(model, convolution);
        submodules["conv1"] = convolution;
        old.Dispose();
    }
}
