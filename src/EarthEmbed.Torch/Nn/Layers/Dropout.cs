namespace EarthEmbed.Torch.Nn;

/// <summary>Zeroes each element with probability p and scales the others by 1/(1-p), in training mode only, like
/// <c>torch.nn.Dropout</c>; the identity in evaluation mode.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public Dropout(double p = 0.5)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        P = p;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Dropout(input, P, Training);
    }

    /// <summary>PyTorch's repr, e.g. "Dropout(p=0.1, inplace=False)".</summary>
    public override string ToString() => $"Dropout(p={Shapes.Py(P)}, inplace=False)";
}
