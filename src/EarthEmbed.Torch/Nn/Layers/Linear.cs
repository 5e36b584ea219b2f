using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>y = x W^T + b over the last dimension, like <c>torch.nn.Linear</c>: weight (out, in), bias (out),
/// initialised as PyTorch does (kaiming_uniform_ with a = sqrt 5, bias U(-1/sqrt(in), 1/sqrt(in))).</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public Linear(long inFeatures, long outFeatures, bool bias = true) : this(inFeatures, outFeatures, bias, initialise: true)
    {
    }

    /// <summary>Creates the layer, drawing the initial values only with <paramref name="initialise"/> (copies made
    /// for a state dict load skip the draw so the random stream stays as PyTorch's deep copy leaves it).</summary>
    internal Linear(long inFeatures, long outFeatures, bool bias, bool initialise)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Empty([outFeatures, inFeatures]));
        Bias = bias ? RegisterParameter("bias", Tensor.Empty([outFeatures])) : null;
        if (initialise) ResetParameters();
    }

    /// <summary>Size of each input sample.</summary>
    public long InFeatures { get; }

    /// <summary>Size of each output sample.</summary>
    public long OutFeatures { get; }

    /// <summary>The (out, in) weight.</summary>
    public Tensor Weight { get; }

    /// <summary>The (out) bias, or null when created without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
    public void ResetParameters()
    {
        Init.KaimingUniform_(Weight, a: Math.Sqrt(5));
        if (Bias is not null) Layers.InitBiasFromFanIn(Bias, Weight);
    }

    /// <summary>(*, in) to (*, out).</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Shape;
        var name = $"Linear({InFeatures}->{OutFeatures})";
        if (shape.Length == 0)
            throw new ArgumentException($"{name}: expected an input of shape (*, {InFeatures}), got a 0-D tensor", nameof(input));
        Shapes.CheckSize(shape, shape.Length - 1, InFeatures, name, "features in its last dimension");
        return Functional.Linear(input, Weight, Bias);
    }

    /// <summary>PyTorch's repr, e.g. "Linear(in_features=4, out_features=3, bias=True)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Linear(in_features={InFeatures}, out_features={OutFeatures}, bias={Shapes.Py(Bias is not null)})");
}

/// <summary>Initialisation shared by the linear and convolution layers.</summary>
internal static class Layers
{
    /// <summary>PyTorch's bias rule for Linear and conv layers: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in
    /// taken from the weight (0 bound when the fan is 0).</summary>
    public static void InitBiasFromFanIn(Tensor bias, Tensor weight)
    {
        var (fanIn, _) = Init.CalculateFanInAndFanOut(weight);
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Init.Uniform_(bias, -bound, bound);
    }
}
