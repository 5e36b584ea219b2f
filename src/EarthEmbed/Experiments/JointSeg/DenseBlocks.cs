using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>ESRGAN's residual dense block (Wang et al. 2018): five 3x3 convolutions, each seeing the block input and
/// every earlier output (dense connections, <c>growth</c> new channels each), LeakyReLU(0.2) between them, and the
/// result scaled by 0.2 and added to the input. Parameter names follow ESRGAN (<c>conv1</c> ... <c>conv5</c>).</summary>
public sealed class ResidualDenseBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d[] convs = new Conv2d[5];

    /// <summary>A block on <paramref name="channels"/> features with <paramref name="growth"/> channels per layer.</summary>
    public ResidualDenseBlock(long channels, long growth)
    {
        for (var i = 0; i < 5; i++)
            convs[i] = RegisterModule($"conv{i + 1}", new Conv2d(channels + (i * growth), i == 4 ? channels : growth, 3, padding: 1));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var features = new List<Tensor> { input };
        for (var i = 0; i < 4; i++) features.Add(F.LeakyRelu(convs[i].Forward(Tensor.Cat(features, 1)), 0.2));
        return convs[4].Forward(Tensor.Cat(features, 1)).Mul(0.2).Add(input);
    }
}

/// <summary>ESRGAN's residual-in-residual dense block: three <see cref="ResidualDenseBlock"/>s in a row
/// (<c>rdb1..rdb3</c>), their output scaled by 0.2 and added to the input.</summary>
public sealed class Rrdb : Module<Tensor, Tensor>
{
    private readonly ResidualDenseBlock rdb1, rdb2, rdb3;

    /// <summary>An RRDB on <paramref name="channels"/> features with dense growth <paramref name="growth"/>.</summary>
    public Rrdb(long channels, long growth)
    {
        rdb1 = RegisterModule("rdb1", new ResidualDenseBlock(channels, growth));
        rdb2 = RegisterModule("rdb2", new ResidualDenseBlock(channels, growth));
        rdb3 = RegisterModule("rdb3", new ResidualDenseBlock(channels, growth));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => rdb3.Forward(rdb2.Forward(rdb1.Forward(input))).Mul(0.2).Add(input);
}
