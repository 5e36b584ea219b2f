using System.Globalization;
using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Data.Benchmarks;

/// <summary>The small U-Net of the tiles benchmark: <c>depth</c> levels of two 3x3 conv + batch norm + ReLU blocks,
/// max-pool down, transposed conv up, skip connections by concatenation, a 1x1 head. Input sizes must be multiples
/// of 2^depth. Parameter names follow the usual layout (enc0.0.weight, up0.weight, dec0.3.weight, head.weight).</summary>
public sealed class BenchUNet : Module<Tensor, Tensor>
{
    private readonly Sequential[] encoders;
    private readonly Sequential bottleneck;
    private readonly ConvTranspose2d[] ups;
    private readonly Sequential[] decoders;
    private readonly Conv2d head;

    /// <summary>A U-Net from <paramref name="inChannels"/> to <paramref name="outChannels"/> with
    /// <paramref name="baseChannels"/> at full resolution, doubling per level.</summary>
    public BenchUNet(int inChannels, int outChannels, int baseChannels = 16, int depth = 3)
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
            encoders[d] = RegisterModule(Name("enc", d), Block(c, w));
            c = w;
        }
        bottleneck = RegisterModule("bottleneck", Block(c, c * 2));
        c *= 2;
        for (var d = depth - 1; d >= 0; d--)
        {
            var w = baseChannels << d;
            ups[d] = RegisterModule(Name("up", d), new ConvTranspose2d(c, w, 2, stride: 2));
            decoders[d] = RegisterModule(Name("dec", d), Block(2 * w, w));
            c = w;
        }
        head = RegisterModule("head", new Conv2d(c, outChannels, 1));
    }

    /// <summary>Levels; input height and width must be multiples of 2^Depth.</summary>
    public int Depth { get; }

    /// <summary>The size multiple inputs need (2^Depth).</summary>
    public int SizeMultiple => 1 << Depth;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Shape;
        if (shape[^1] % SizeMultiple != 0 || shape[^2] % SizeMultiple != 0)
            throw new ArgumentException(
                $"input {shape[^2]}x{shape[^1]} is not a multiple of {SizeMultiple}; pad it to " +
                $"{(shape[^2] + SizeMultiple - 1) / SizeMultiple * SizeMultiple}x{(shape[^1] + SizeMultiple - 1) / SizeMultiple * SizeMultiple}",
                nameof(input));
        var skips = new Tensor[Depth];
        var x = input;
        for (var d = 0; d < Depth; d++)
        {
            skips[d] = encoders[d].Forward(x);
            x = Functional.MaxPool2d(skips[d], 2);
        }
        x = bottleneck.Forward(x);
        for (var d = Depth - 1; d >= 0; d--)
            x = decoders[d].Forward(Tensor.Cat([ups[d].Forward(x), skips[d]], 1));
        return head.Forward(x);
    }

    private static Sequential Block(int inChannels, int outChannels) => new(
        new Conv2d(inChannels, outChannels, 3, padding: 1, bias: false), new BatchNorm2d(outChannels), new ReLU(inplace: true),
        new Conv2d(outChannels, outChannels, 3, padding: 1, bias: false), new BatchNorm2d(outChannels), new ReLU(inplace: true));

    private static string Name(string prefix, int d) => prefix + d.ToString(CultureInfo.InvariantCulture);
}
