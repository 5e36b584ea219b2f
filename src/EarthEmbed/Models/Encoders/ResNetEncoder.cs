using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Models.Encoders;

/// <summary>A ResNet of <see cref="BasicBlock"/>s used as an encoder, as segmentation_models_pytorch's
/// <c>ResNetEncoder</c>: torchvision's ResNet without its classifier, the first convolution taking any number of
/// bands (64 for AlphaEarth embeddings, where ImageNet weights cannot be reused). It returns depth + 1 feature maps:
/// the input, then conv1-bn1-relu (1/2), maxpool-layer1 (1/4), layer2 (1/8), layer3 (1/16), layer4 (1/32).
/// Parameter names are torchvision's (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, ...,
/// <c>layer2.0.downsample.0</c>), so a torchvision <c>resnet18().state_dict()</c> without <c>fc.*</c> (and with a
/// conv1 of the right band count) loads as it is. Stages beyond <see cref="Encoder.Depth"/> are not built.</summary>
public sealed class ResNetEncoder : Encoder
{
    // Fields holding modules carry their registered names, so that a parent's RegisterComponents (TorchSharp registers
    // fields by name) finds them registered already; layer1..layer4 are registered by name only.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly List<Sequential> layers = new();
    private readonly long[] outChannels;

    /// <summary>A ResNet encoder with <paramref name="blocks"/> basic blocks per stage (ResNet-18: 2, 2, 2, 2) and
    /// stage widths <paramref name="baseWidth"/> x (1, 1, 2, 4, 8) (torchvision: 64).</summary>
    /// <param name="inChannels">Input bands.</param>
    /// <param name="blocks">Blocks in layer1..layer4 (four numbers).</param>
    /// <param name="baseWidth">Channels of conv1 and layer1.</param>
    /// <param name="depth">Stages to build and run, 1 to 5 (the output stride is 2^depth).</param>
    public ResNetEncoder(long inChannels, IReadOnlyList<int> blocks, long baseWidth = 64, int depth = 5) : base(nameof(ResNetEncoder))
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseWidth, 1);
        if (blocks.Count != 4 || blocks.Any(b => b < 1))
            throw new ArgumentException($"blocks needs four counts of at least 1 (layer1..layer4), got [{string.Join(", ", blocks)}]", nameof(blocks));
        if (depth is < 1 or > 5)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "encoder depth must be 1 to 5");
        Blocks = blocks.ToArray();
        BaseWidth = baseWidth;
        outChannels = new[] { inChannels, baseWidth, baseWidth, baseWidth * 2, baseWidth * 4, baseWidth * 8 }[..(depth + 1)];

        conv1 = nn.Conv2d(inChannels, baseWidth, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(baseWidth);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        var inPlanes = baseWidth;
        for (var stage = 0; stage < depth - 1; stage++)
        {
            var planes = baseWidth << stage;
            var stageBlocks = new List<nn.Module<Tensor, Tensor>>();
            for (var b = 0; b < blocks[stage]; b++)
            {
                stageBlocks.Add(new BasicBlock(inPlanes, planes, b == 0 && stage > 0 ? 2 : 1));
                inPlanes = planes;
            }
            var layer = nn.Sequential(stageBlocks);
            register_module("layer" + (stage + 1).ToString(CultureInfo.InvariantCulture), layer);
            layers.Add(layer);
        }
        InitWeights();
    }

    /// <summary>ResNet-18 (blocks 2, 2, 2, 2; widths 64..512): the paper's encoder.</summary>
    public static ResNetEncoder ResNet18(long inChannels, int depth = 5) => new(inChannels, [2, 2, 2, 2], 64, depth);

    /// <summary>ResNet-34 (blocks 3, 4, 6, 3; widths 64..512).</summary>
    public static ResNetEncoder ResNet34(long inChannels, int depth = 5) => new(inChannels, [3, 4, 6, 3], 64, depth);

    /// <summary>A small ResNet for quick runs on a CPU: one block per stage, widths 16..128 (about 1/30 of
    /// ResNet-18's parameters), the same structure and feature strides.</summary>
    public static ResNetEncoder Tiny(long inChannels, int depth = 5) => new(inChannels, [1, 1, 1, 1], 16, depth);

    /// <summary>Blocks per stage (layer1..layer4).</summary>
    public IReadOnlyList<int> Blocks { get; }

    /// <summary>Channels of conv1 and layer1 (doubled at each later stage).</summary>
    public long BaseWidth { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<long> OutChannels => outChannels;

    /// <summary>torchvision's initialisation: Kaiming-normal (fan out, ReLU) convolutions, batch norm weight 1 and
    /// bias 0.</summary>
    public void InitWeights()
    {
        foreach (var (_, module) in named_modules())
        {
            if (module is Conv2d conv) nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            else if (module is BatchNorm2d bn) bn.reset_parameters();
        }
    }

    /// <summary>The input and one feature map per stage (depth + 1 maps); the caller's scope owns them.</summary>
    public override List<Tensor> forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != InChannels)
            throw new ArgumentException($"ResNetEncoder expects (N, {InChannels}, H, W) input, got [{string.Join(", ", input.shape)}]", nameof(input));
        var features = new List<Tensor>(Depth + 1) { input.alias() };
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        features.Add(x.MoveToOuterDisposeScope());
        for (var stage = 0; stage < layers.Count; stage++)
        {
            if (stage == 0) x = nn.functional.max_pool2d(x, 3, stride: 2, padding: 1);
            x = layers[stage].call(x);
            features.Add(x.MoveToOuterDisposeScope());
        }
        return features;
    }
}
