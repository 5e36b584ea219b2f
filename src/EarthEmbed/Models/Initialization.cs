using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Models;

/// <summary>segmentation_models_pytorch's weight initialisation (base/initialization.py), applied when a decoder or
/// head is built so that fresh models start as smp's do.</summary>
internal static class Initialization
{
    /// <summary>smp's <c>initialize_decoder</c>: Kaiming-uniform (fan in, ReLU) convolutions with zero bias, batch
    /// norm weight 1 and bias 0, Xavier-uniform linear layers with zero bias.</summary>
    public static void InitDecoder(nn.Module module)
    {
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.kaiming_uniform_(conv.weight, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case BatchNorm2d bn:
                    bn.reset_parameters();
                    break;
                case Linear linear:
                    nn.init.xavier_uniform_(linear.weight);
                    if (linear.bias is not null) nn.init.zeros_(linear.bias);
                    break;
            }
        }
    }

    /// <summary>smp's <c>initialize_head</c>: Xavier-uniform convolution and linear weights, zero biases.</summary>
    public static void InitHead(nn.Module module)
    {
        foreach (var (_, m) in module.named_modules())
        {
            if (m is Conv2d conv)
            {
                nn.init.xavier_uniform_(conv.weight);
                if (conv.bias is not null) nn.init.zeros_(conv.bias);
            }
            else if (m is Linear linear)
            {
                nn.init.xavier_uniform_(linear.weight);
                if (linear.bias is not null) nn.init.zeros_(linear.bias);
            }
        }
    }
}
