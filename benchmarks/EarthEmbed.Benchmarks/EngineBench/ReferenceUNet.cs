using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The engine benchmark's U-Net, layer for layer the model in benchmarks/pytorch/unet_train.py so the two
/// engines train the same thing: per level a block of Conv3x3 (no bias, BN follows) - BatchNorm - ReLU, twice;
/// 2x2 max-pool down-sampling; a bottleneck block at level <see cref="UNetConfig.Depth"/>; up-sampling by a
/// stride-2, kernel-2 transposed convolution, concatenation with the skip (up-sampled first), a block; a 1x1
/// convolution head. Parameter names (enc0.0.weight, up3.weight, dec0.4.bias, head.weight, ...) match PyTorch's,
/// so checkpoints move between the two.</summary>
public sealed class ReferenceUNet : Module<Tensor, Tensor>
{
    private readonly Sequential[] encoders;
    private readonly ConvTranspose2d[] ups;
    private readonly Sequential[] decoders;
    private readonly Conv2d head;

    /// <summary>Builds the model with PyTorch's default initialisation (the layers reproduce it).</summary>
    public ReferenceUNet(UNetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        config.CheckInputSize(1L << config.Depth, 1L << config.Depth);
        encoders = new Sequential[config.Depth + 1];
        ups = new ConvTranspose2d[config.Depth];
        decoders = new Sequential[config.Depth];
        for (var i = 0; i <= config.Depth; i++)
            encoders[i] = RegisterModule($"enc{i}", Block(i == 0 ? config.InChannels : config.Width(i - 1), config.Width(i)));
        for (var i = config.Depth - 1; i >= 0; i--)
        {
            ups[i] = RegisterModule($"up{i}", new ConvTranspose2d(config.Width(i + 1), config.Width(i), 2, stride: 2));
            decoders[i] = RegisterModule($"dec{i}", Block(2 * config.Width(i), config.Width(i)));
        }
        head = RegisterModule("head", new Conv2d(config.Width(0), config.OutChannels, 1));
    }

    /// <summary>The model's shape.</summary>
    public UNetConfig Config { get; }

    /// <summary>Conv3x3-BN-ReLU twice; children 0..5 as in PyTorch's nn.Sequential; in-place ReLU as the script has.</summary>
    private static Sequential Block(long inChannels, long outChannels) => new(
        new Conv2d(inChannels, outChannels, 3, padding: 1, bias: false), new BatchNorm2d(outChannels), new ReLU(inplace: true),
        new Conv2d(outChannels, outChannels, 3, padding: 1, bias: false), new BatchNorm2d(outChannels), new ReLU(inplace: true));

    /// <summary>(N, InChannels, H, W) to (N, OutChannels, H, W); H and W must be multiples of 2^Depth.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim != 4 || input.Size(1) != Config.InChannels)
            throw new ArgumentException(
                $"expected input (N, {Config.InChannels}, H, W), got [{string.Join(", ", input.Shape)}]", nameof(input));
        Config.CheckInputSize(input.Size(2), input.Size(3));
        using var scope = DisposeScope.Enter();
        var skips = new Tensor[Config.Depth];
        var x = input;
        for (var i = 0; i < Config.Depth; i++)
        {
            skips[i] = encoders[i].Forward(x);
            x = F.MaxPool2d(skips[i], 2);
        }
        x = encoders[Config.Depth].Forward(x);
        for (var i = Config.Depth - 1; i >= 0; i--)
        {
            var up = ups[i].Forward(x);
            x = decoders[i].Forward(Tensor.Cat([up, skips[i]], 1));
        }
        return scope.Keep(head.Forward(x));
    }
}
