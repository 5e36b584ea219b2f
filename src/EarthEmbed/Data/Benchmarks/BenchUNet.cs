using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Data.Benchmarks;

/// <summary>The small U-Net of the tiles benchmark: <c>depth</c> levels of two 3x3 conv + batch norm + ReLU blocks,
/// max-pool down, transposed conv up, skip connections by concatenation, a 1x1 head. Input sizes must be multiples
/// of 2^depth. Parameter names follow the usual layout (enc0.0.weight, up0.weight, dec0.3.weight, head.weight).</summary>
public sealed class BenchUNet : nn.Module<Tensor, Tensor>
{
    // The per-level modules are registered under computed names (enc0, up0, dec0, ...) with register_module; these
    // arrays are second references that TorchSharp's field reflection skips (an array is not a module).
    private readonly Sequential[] encoders;
    private readonly ConvTranspose2d[] ups;
    private readonly Sequential[] decoders;
    private readonly Sequential bottleneck;
    private readonly Conv2d head;

    /// <summary>A U-Net from <paramref name="inChannels"/> to <paramref name="outChannels"/> with
    /// <paramref name="baseChannels"/> at full resolution, doubling per level.</summary>
    public BenchUNet(int inChannels, int outChannels, int baseChannels = 16, int depth = 3) : base(nameof(BenchUNet))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        Depth = depth;
        encoders = new Sequential[depth];
        ups = new ConvTranspose2d[depth];
        decoders = new Sequential[depth];
        var c = inChannels;
        for (var d = 0; d < depth; d++)
        {
            var w = baseChannels << d;
            encoders[d] = Block(c, w);
            register_module(Name("enc", d), encoders[d]);
            c = w;
        }
        bottleneck = Block(c, c * 2);
        register_module(nameof(bottleneck), bottleneck);
        c *= 2;
        for (var d = depth - 1; d >= 0; d--)
        {
            var w = baseChannels << d;
            ups[d] = nn.ConvTranspose2d(c, w, kernel_size: 2, stride: 2);
            register_module(Name("up", d), ups[d]);
            decoders[d] = Block(2 * w, w);
            register_module(Name("dec", d), decoders[d]);
            c = w;
        }
        head = nn.Conv2d(c, outChannels, kernel_size: 1);
        register_module(nameof(head), head);
        RegisterComponents();
    }

    /// <summary>Levels; input height and width must be multiples of 2^Depth.</summary>
    public int Depth { get; }

    /// <summary>The size multiple inputs need (2^Depth).</summary>
    public int SizeMultiple => 1 << Depth;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape[^1] % SizeMultiple != 0 || shape[^2] % SizeMultiple != 0)
            throw new ArgumentException(
                $"input {shape[^2]}x{shape[^1]} is not a multiple of {SizeMultiple}; pad it to " +
                $"{(shape[^2] + SizeMultiple - 1) / SizeMultiple * SizeMultiple}x{(shape[^1] + SizeMultiple - 1) / SizeMultiple * SizeMultiple}",
                nameof(input));
        var skips = new Tensor[Depth];
        var x = input;
        for (var d = 0; d < Depth; d++)
        {
            skips[d] = encoders[d].call(x);
            x = F.max_pool2d(skips[d], 2);
        }
        x = bottleneck.call(x);
        for (var d = Depth - 1; d >= 0; d--)
            x = decoders[d].call(cat([ups[d].call(x), skips[d]], 1));
        return head.call(x);
    }

    private static Sequential Block(int inChannels, int outChannels) => nn.Sequential(
        nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1, bias: false), nn.BatchNorm2d(outChannels), nn.ReLU(inplace: true),
        nn.Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, bias: false), nn.BatchNorm2d(outChannels), nn.ReLU(inplace: true));

    private static string Name(string prefix, int d) => prefix + d.ToString(CultureInfo.InvariantCulture);
}
