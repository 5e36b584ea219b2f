using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>Group normalisation, like <c>torch.nn.GroupNorm</c>: channels are split into groups, each normalised
/// over its channels and all positions of one sample, then scaled and shifted per channel. Independent of the batch
/// size, so the same in training and evaluation.</summary>
public sealed class GroupNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer: weight 1, bias 0.</summary>
    public GroupNorm(long numGroups, long numChannels, double eps = 1e-5, bool affine = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numGroups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numChannels, 1);
        if (numChannels % numGroups != 0)
            throw new ArgumentException($"numChannels ({numChannels}) must be divisible by numGroups ({numGroups})", nameof(numGroups));
        (NumGroups, NumChannels, Eps, Affine) = (numGroups, numChannels, eps, affine);
        if (affine)
        {
            Weight = RegisterParameter("weight", Init.Ones_(Tensor.Empty([numChannels])));
            Bias = RegisterParameter("bias", Init.Zeros_(Tensor.Empty([numChannels])));
        }
    }

    /// <summary>Number of channel groups.</summary>
    public long NumGroups { get; }
    /// <summary>Channels (C of (N, C, *)).</summary>
    public long NumChannels { get; }
    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }
    /// <summary>Whether the layer has a learnable per-channel scale and shift.</summary>
    public bool Affine { get; }
    /// <summary>The per-channel scale, or null without <see cref="Affine"/>.</summary>
    public Tensor? Weight { get; }
    /// <summary>The per-channel shift, or null without <see cref="Affine"/>.</summary>
    public Tensor? Bias { get; }

    /// <summary>(N, C, *) to the same shape.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = string.Create(CultureInfo.InvariantCulture, $"GroupNorm({NumGroups}, {NumChannels})");
        var shape = input.Shape;
        if (shape.Length < 2)
            throw new ArgumentException($"{name}: expected an (N, C, *) input, got shape {Shapes.Format(shape)}", nameof(input));
        Shapes.CheckSize(shape, 1, NumChannels, name, "channels");
        return Functional.GroupNorm(input, NumGroups, Weight, Bias, Eps);
    }

    /// <summary>PyTorch's repr, e.g. "GroupNorm(4, 32, eps=1e-05, affine=True)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GroupNorm({NumGroups}, {NumChannels}, eps={Shapes.Py(Eps)}, affine={Shapes.Py(Affine)})");
}
