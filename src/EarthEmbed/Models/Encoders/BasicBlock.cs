using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Models.Encoders;

/// <summary>torchvision's ResNet <c>BasicBlock</c>: two 3x3 convolutions with batch norm and a residual connection,
/// the shortcut a 1x1 convolution plus batch norm (<c>downsample.0</c>, <c>downsample.1</c>) when the block changes
/// the stride or the width. Parameter names are torchvision's, so its state dicts load.</summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? downsample;

    /// <summary>A block from <paramref name="inPlanes"/> to <paramref name="planes"/> channels; the first convolution
    /// (and the shortcut) use <paramref name="stride"/>.</summary>
    public BasicBlock(long inPlanes, long planes, long stride = 1)
    {
        conv1 = RegisterModule("conv1", new Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false));
        bn1 = RegisterModule("bn1", new BatchNorm2d(planes));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, padding: 1, bias: false));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
        if (stride != 1 || inPlanes != planes)
            downsample = RegisterModule("downsample", new Sequential(
                new Conv2d(inPlanes, planes, 1, stride: stride, bias: false), new BatchNorm2d(planes)));
    }

    /// <summary>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).</summary>
    public override Tensor Forward(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var y = F.Relu(bn1.Forward(conv1.Forward(input)));
        y = bn2.Forward(conv2.Forward(y));
        var identity = downsample is null ? input : downsample.Forward(input);
        return scope.Keep(F.Relu(y + identity));
    }
}
