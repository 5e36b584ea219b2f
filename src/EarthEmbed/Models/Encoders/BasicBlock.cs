using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Models.Encoders;

/// <summary>torchvision's ResNet <c>BasicBlock</c>: two 3x3 convolutions with batch norm and a residual connection,
/// the shortcut a 1x1 convolution plus batch norm (<c>downsample.0</c>, <c>downsample.1</c>) when the block changes
/// the stride or the width. Parameter names are torchvision's, so its state dicts load.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    // Field names are the PyTorch attribute names: TorchSharp registers fields by name (RegisterComponents).
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? downsample;

    /// <summary>A block from <paramref name="inPlanes"/> to <paramref name="planes"/> channels; the first convolution
    /// (and the shortcut) use <paramref name="stride"/>.</summary>
    public BasicBlock(long inPlanes, long planes, long stride = 1) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
        RegisterComponents();
    }

    /// <summary>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(bn1.call(conv1.call(input)));
        y = bn2.call(conv2.call(y));
        var identity = downsample is null ? input : downsample.call(input);
        return nn.functional.relu(y + identity).MoveToOuterDisposeScope();
    }
}
