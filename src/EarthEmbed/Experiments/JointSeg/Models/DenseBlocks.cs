using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>ESRGAN's residual dense block (Wang et al. 2018): five 3x3 convolutions, each seeing the block input and
/// every earlier output (dense connections, <c>growth</c> new channels each), LeakyReLU(0.2) between them, and the
/// result scaled by 0.2 and added to the input. Parameter names follow ESRGAN (<c>conv1</c> ... <c>conv5</c>).</summary>
internal sealed class ResidualDenseBlock : nn.Module<Tensor, Tensor>
{
    // Fields carry ESRGAN's attribute names: TorchSharp registers a module's fields by name.
    private readonly Conv2d conv1, conv2, conv3, conv4, conv5;

    /// <summary>A block on <paramref name="channels"/> features with <paramref name="growth"/> channels per layer.</summary>
    public ResidualDenseBlock(long channels, long growth) : base(nameof(ResidualDenseBlock))
    {
        Conv2d Make(int i) => nn.Conv2d(channels + (i * growth), i == 4 ? channels : growth, 3, padding: 1);
        conv1 = Make(0);
        conv2 = Make(1);
        conv3 = Make(2);
        conv4 = Make(3);
        conv5 = Make(4);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var features = new List<Tensor> { input };
        foreach (var conv in new[] { conv1, conv2, conv3, conv4 })
            features.Add(F.leaky_relu(conv.call(torch.cat(features, 1)), 0.2));
        return conv5.call(torch.cat(features, 1)).mul(0.2).add(input);
    }
}

/// <summary>ESRGAN's residual-in-residual dense block: three <see cref="ResidualDenseBlock"/>s in a row
/// (<c>rdb1..rdb3</c>), their output scaled by 0.2 and added to the input.</summary>
internal sealed class Rrdb : nn.Module<Tensor, Tensor>
{
    private readonly ResidualDenseBlock rdb1, rdb2, rdb3;

    /// <summary>An RRDB on <paramref name="channels"/> features with dense growth <paramref name="growth"/>.</summary>
    public Rrdb(long channels, long growth) : base(nameof(Rrdb))
    {
        rdb1 = new ResidualDenseBlock(channels, growth);
        rdb2 = new ResidualDenseBlock(channels, growth);
        rdb3 = new ResidualDenseBlock(channels, growth);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => rdb3.call(rdb2.call(rdb1.call(input))).mul(0.2).add(input);
}
