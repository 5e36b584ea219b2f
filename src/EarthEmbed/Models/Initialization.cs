using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Models;

/// <summary>segmentation_models_pytorch's weight initialisation (base/initialization.py), applied when a decoder or
/// head is built so that fresh models start as smp's do.</summary>
internal static class Initialization
{
    /// <summary>smp's <c>initialize_decoder</c>: Kaiming-uniform (fan in, ReLU) convolutions with zero bias, batch
    /// norm weight 1 and bias 0, Xavier-uniform linear layers with zero bias.</summary>
    public static void InitDecoder(Module module)
    {
        foreach (var (_, m) in module.NamedModules())
        {
            switch (m)
            {
                case Conv2d conv:
                    Init.KaimingUniform_(conv.Weight, mode: FanMode.FanIn, nonlinearity: Nonlinearity.Relu);
                    if (conv.Bias is not null) Init.Zeros_(conv.Bias);
                    break;
                case BatchNorm2d bn:
                    bn.ResetParameters();
                    break;
                case Linear linear:
                    Init.XavierUniform_(linear.Weight);
                    if (linear.Bias is not null) Init.Zeros_(linear.Bias);
                    break;
            }
        }
    }

    /// <summary>smp's <c>initialize_head</c>: Xavier-uniform convolution and linear weights, zero biases.</summary>
    public static void InitHead(Module module)
    {
        foreach (var (_, m) in module.NamedModules())
        {
            if (m is Conv2d conv)
            {
                Init.XavierUniform_(conv.Weight);
                if (conv.Bias is not null) Init.Zeros_(conv.Bias);
            }
            else if (m is Linear linear)
            {
                Init.XavierUniform_(linear.Weight);
                if (linear.Bias is not null) Init.Zeros_(linear.Bias);
            }
        }
    }
}
