using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The engine benchmark's U-Net, layer for layer the model in benchmarks/pytorch/unet_train.py so the two
/// engines train the same thing: per level a block of Conv3x3 (no bias, BN follows) - BatchNorm - ReLU, twice;
/// 2x2 max-pool down-sampling; a bottleneck block at level <see cref="UNetConfig.Depth"/>; up-sampling by a
/// stride-2, kernel-2 transposed convolution, concatenation with the skip (up-sampled first), a block; a 1x1
/// convolution head. Parameter names (enc0.0.weight, up3.weight, dec0.4.bias, head.weight, ...) and their order
/// are PyTorch's, so state dicts move between the two. TorchSharp's layers initialise as PyTorch's do.</summary>
public sealed class ReferenceUNet : nn.Module<Tensor, Tensor>
{
    // The levels are registered by name (enc0, up3, dec3, ...) in the order PyTorch's add_module calls run; the
    // arrays are for forward() only (RegisterComponents skips them).
    private readonly Sequential[] encoders;
    private readonly ConvTranspose2d[] ups;
    private readonly Sequential[] decoders;
    private readonly Conv2d head;

    /// <summary>Builds the model with TorchSharp's (PyTorch's) default initialisation from the global generator.</summary>
    public ReferenceUNet(UNetConfig config) : base(nameof(ReferenceUNet))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        config.CheckInputSize(1L << config.Depth, 1L << config.Depth);
        encoders = new Sequential[config.Depth + 1];
        ups = new ConvTranspose2d[config.Depth];
        decoders = new Sequential[config.Depth];
        for (var i = 0; i <= config.Depth; i++)
        {
            encoders[i] = Block(i == 0 ? config.InChannels : config.Width(i - 1), config.Width(i));
            register_module($"enc{i}", encoders[i]);
        }
        for (var i = config.Depth - 1; i >= 0; i--)
        {
            ups[i] = nn.ConvTranspose2d(config.Width(i + 1), config.Width(i), 2, stride: 2);
            register_module($"up{i}", ups[i]);
            decoders[i] = Block(2 * config.Width(i), config.Width(i));
            register_module($"dec{i}", decoders[i]);
        }
        head = nn.Conv2d(config.Width(0), config.OutChannels, 1);
        RegisterComponents(); // "head", last, as in PyTorch
    }

    /// <summary>The model's shape.</summary>
    public UNetConfig Config { get; }

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>Conv3x3-BN-ReLU twice; children 0..5 as in PyTorch's nn.Sequential; in-place ReLU as the script has.</summary>
    private static Sequential Block(long inChannels, long outChannels) => nn.Sequential(
        nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false), nn.BatchNorm2d(outChannels), nn.ReLU(inplace: true),
        nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false), nn.BatchNorm2d(outChannels), nn.ReLU(inplace: true));

    /// <summary>(N, InChannels, H, W) to (N, OutChannels, H, W); H and W must be multiples of 2^Depth. The
    /// intermediate tensors are freed when the call returns (autograd keeps what backward needs).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != Config.InChannels)
            throw new ArgumentException(
                $"expected input (N, {Config.InChannels}, H, W), got [{string.Join(", ", input.shape)}]", nameof(input));
        Config.CheckInputSize(input.shape[2], input.shape[3]);
        using var scope = NewDisposeScope();
        var skips = new Tensor[Config.Depth];
        var x = input;
        for (var i = 0; i < Config.Depth; i++)
        {
            skips[i] = encoders[i].forward(x);
            x = F.max_pool2d(skips[i], 2);
        }
        x = encoders[Config.Depth].forward(x);
        for (var i = Config.Depth - 1; i >= 0; i--)
            x = decoders[i].forward(cat([ups[i].forward(x), skips[i]], 1));
        return head.forward(x).MoveToOuterDisposeScope();
    }
}
