using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>StefaLand's tokeniser: every variable v has its own MLP Linear(1→h) GELU Linear(h→d), and the
/// embeddings of all variables are summed into one token; a hidden (masked or NaN) variable contributes its learned
/// mask vector instead. The V small MLPs are stored stacked so that one einsum runs them all:
/// token = Σ_v keep_v · (GELU(x_v w1_v + b1_v) W2_v + b2_v) + Σ_v hide_v · mask_v, with
/// weight1, bias1 [V, h], weight2 [V, h, d], bias2 [V, d] and mask_tokens [V, d]. Each MLP starts as a PyTorch
/// Linear would (U(±1/sqrt(fan_in))); mask vectors start N(0, 0.02²).</summary>
public sealed class VariableEmbedding : Module<Tensor, Tensor>
{
    /// <summary>Embeddings for <paramref name="variables"/> variables into <paramref name="dModel"/> through a
    /// hidden width of <paramref name="hidden"/>.</summary>
    public VariableEmbedding(long variables, long hidden, long dModel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(variables, 1);
        Variables = variables;
        DModel = dModel;
        Weight1 = RegisterParameter("weight1", Tensor.Empty([variables, hidden]));
        Bias1 = RegisterParameter("bias1", Tensor.Empty([variables, hidden]));
        Weight2 = RegisterParameter("weight2", Tensor.Empty([variables, hidden, dModel]));
        Bias2 = RegisterParameter("bias2", Tensor.Empty([variables, dModel]));
        MaskTokens = RegisterParameter("mask_tokens", Tensor.Empty([variables, dModel]));
        Init.Uniform_(Weight1, -1, 1);
        Init.Uniform_(Bias1, -1, 1);
        var bound = 1 / Math.Sqrt(hidden);
        Init.Uniform_(Weight2, -bound, bound);
        Init.Uniform_(Bias2, -bound, bound);
        Init.Normal_(MaskTokens, 0, 0.02);
    }

    /// <summary>Number of variables V.</summary>
    public long Variables { get; }

    /// <summary>Token width d.</summary>
    public long DModel { get; }

    /// <summary>First-layer weights [V, h] (the Linear(1→h) of each variable).</summary>
    public Tensor Weight1 { get; }

    /// <summary>First-layer biases [V, h].</summary>
    public Tensor Bias1 { get; }

    /// <summary>Second-layer weights [V, h, d] (transposed Linear(h→d) weights).</summary>
    public Tensor Weight2 { get; }

    /// <summary>Second-layer biases [V, d].</summary>
    public Tensor Bias2 { get; }

    /// <summary>Learned mask vectors [V, d].</summary>
    public Tensor MaskTokens { get; }

    /// <summary>Tokens of (*, V) values with no explicit mask (NaN values still count as hidden).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>(*, V) values and an optional (*, V) boolean mask (true = hidden) to (*, d) tokens.</summary>
    public Tensor Forward(Tensor input, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Shape;
        if (shape.Length == 0 || shape[^1] != Variables)
            throw new ArgumentException($"VariableEmbedding({Variables}): expected (*, {Variables}) values, got [{string.Join(", ", shape)}]", nameof(input));
        using var scope = DisposeScope.Enter();
        var flat = input.Reshape(-1, Variables);
        var hide = flat.IsNan();
        if (mask is not null) hide = hide.LogicalOr(mask.Reshape(-1, Variables));
        var keep = hide.LogicalNot().To(ScalarType.Float32);
        var x = flat.MaskedFill(hide, 0.0);
        var hidden = Gelu(x.Unsqueeze(-1) * Weight1 + Bias1) * keep.Unsqueeze(-1);
        var tokens = Tensor.Einsum("nvh,vhd->nd", hidden, Weight2) + keep.MatMul(Bias2) + hide.To(ScalarType.Float32).MatMul(MaskTokens);
        var outShape = shape[..^1].Append(DModel).ToArray();
        return scope.Keep(tokens.Reshape(outShape));
    }

    /// <summary>Exact GELU x Φ(x) = 0.5 x (1 + erf(x / √2)), composed from erf: libtorch 1.13's CPU gelu_backward is
    /// wrong when the incoming gradient is not contiguous, as it is here after the einsum (Functional.Gelu now works
    /// around it the same way when autograd is on).</summary>
    internal static Tensor Gelu(Tensor x)
    {
        using var scope = DisposeScope.Enter();
        return scope.Keep(x * 0.5 * ((x * (1 / Math.Sqrt(2))).Erf() + 1.0));
    }
}
