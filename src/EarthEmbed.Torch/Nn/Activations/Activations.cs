using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>max(0, x), like <c>torch.nn.ReLU</c>; with <paramref name="inplace"/> the input is overwritten (saves
/// memory, but the input must not be needed by autograd).</summary>
/// <param name="inplace">Overwrite the input instead of allocating the output.</param>
public sealed class ReLU(bool inplace = false) : Module<Tensor, Tensor>
{
    /// <summary>Whether the input is overwritten.</summary>
    public bool Inplace { get; } = inplace;
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Inplace ? Functional.Relu_(input) : Functional.Relu(input);
    /// <summary>PyTorch's repr: "ReLU()" or "ReLU(inplace=True)".</summary>
    public override string ToString() => Inplace ? "ReLU(inplace=True)" : "ReLU()";
}

/// <summary>x for x &gt; 0, slope * x otherwise, like <c>torch.nn.LeakyReLU</c>.</summary>
/// <param name="negativeSlope">Slope for negative inputs.</param>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module<Tensor, Tensor>
{
    /// <summary>Slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope;
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);
    /// <summary>PyTorch's repr, e.g. "LeakyReLU(negative_slope=0.01)".</summary>
    public override string ToString() => $"LeakyReLU(negative_slope={Shapes.Py(NegativeSlope)})";
}

/// <summary>Gaussian error linear unit x Phi(x), like <c>torch.nn.GELU</c> ("none" exact, "tanh" approximate).</summary>
public sealed class GELU : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation; <paramref name="approximate"/> is "none" or "tanh".</summary>
    public GELU(string approximate = "none")
    {
        if (approximate is not ("none" or "tanh"))
            throw new ArgumentException($"GELU approximate must be 'none' or 'tanh', got '{approximate}'", nameof(approximate));
        Approximate = approximate;
    }

    /// <summary>"none" (erf form) or "tanh".</summary>
    public string Approximate { get; }
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Gelu(input, Approximate);
    /// <summary>PyTorch's repr, e.g. "GELU(approximate='none')".</summary>
    public override string ToString() => $"GELU(approximate='{Approximate}')";
}

/// <summary>x * sigmoid(x) (swish), like <c>torch.nn.SiLU</c>.</summary>
public sealed class SiLU : Module<Tensor, Tensor>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Silu(input);
    /// <summary>"SiLU()".</summary>
    public override string ToString() => "SiLU()";
}

/// <summary>1 / (1 + e^-x), like <c>torch.nn.Sigmoid</c>.</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
    /// <summary>"Sigmoid()".</summary>
    public override string ToString() => "Sigmoid()";
}

/// <summary>Hyperbolic tangent, like <c>torch.nn.Tanh</c>.</summary>
public sealed class Tanh : Module<Tensor, Tensor>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Tanh(input);
    /// <summary>"Tanh()".</summary>
    public override string ToString() => "Tanh()";
}

/// <summary>Softmax along one dimension, like <c>torch.nn.Softmax</c>.</summary>
/// <param name="dim">The dimension whose entries sum to 1.</param>
public sealed class Softmax(int dim) : Module<Tensor, Tensor>
{
    /// <summary>The dimension whose entries sum to 1.</summary>
    public int Dim { get; } = dim;
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);
    /// <summary>PyTorch's repr, e.g. "Softmax(dim=1)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Softmax(dim={Dim})");
}

/// <summary>Returns its input (a new handle to it), like <c>torch.nn.Identity</c>: a placeholder where a
/// configurable model has no layer.</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Alias();
    }

    /// <summary>"Identity()".</summary>
    public override string ToString() => "Identity()";
}

/// <summary>Merges dimensions <c>startDim..endDim</c>, like <c>torch.nn.Flatten</c> (default: all but the batch).</summary>
/// <param name="startDim">First dimension merged.</param>
/// <param name="endDim">Last dimension merged (negative counts from the end).</param>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module<Tensor, Tensor>
{
    /// <summary>First dimension merged.</summary>
    public int StartDim { get; } = startDim;
    /// <summary>Last dimension merged.</summary>
    public int EndDim { get; } = endDim;
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(StartDim, EndDim);
    }
    /// <summary>PyTorch's repr, e.g. "Flatten(start_dim=1, end_dim=-1)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Flatten(start_dim={StartDim}, end_dim={EndDim})");
}
