using EarthEmbed.Engine.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>StefaLand's tokeniser: every variable v has its own MLP Linear(1→h) GELU Linear(h→d), and the
/// embeddings of all variables are summed into one token; a hidden (masked or NaN) variable contributes its learned
/// mask vector instead. The V small MLPs are stored stacked so that one einsum runs them all:
/// token = Σ_v keep_v · (GELU(x_v w1_v + b1_v) W2_v + b2_v) + Σ_v hide_v · mask_v, with
/// weight1, bias1 [V, h], weight2 [V, h, d], bias2 [V, d] and mask_tokens [V, d]. Each MLP starts as a PyTorch
/// Linear would (U(±1/sqrt(fan_in))); mask vectors start N(0, 0.02²).</summary>
internal sealed class VariableEmbedding : nn.Module<Tensor, Tensor?, Tensor>
{
    // Named as the state-dict keys (TorchSharp registers fields by name).
    private readonly Parameter weight1, bias1, weight2, bias2, mask_tokens;

    /// <summary>Embeddings for <paramref name="variables"/> variables into <paramref name="dModel"/> through a
    /// hidden width of <paramref name="hidden"/>.</summary>
    public VariableEmbedding(long variables, long hidden, long dModel) : base(nameof(VariableEmbedding))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(variables, 1);
        Variables = variables;
        DModel = dModel;
        weight1 = NewParameter(variables, hidden);
        bias1 = NewParameter(variables, hidden);
        weight2 = NewParameter(variables, hidden, dModel);
        bias2 = NewParameter(variables, dModel);
        mask_tokens = NewParameter(variables, dModel);
        nn.init.uniform_(weight1, -1, 1);
        nn.init.uniform_(bias1, -1, 1);
        var bound = 1 / Math.Sqrt(hidden);
        nn.init.uniform_(weight2, -bound, bound);
        nn.init.uniform_(bias2, -bound, bound);
        nn.init.normal_(mask_tokens, 0, 0.02);
        RegisterComponents();
    }

    /// <summary>Number of variables V.</summary>
    public long Variables { get; }

    /// <summary>Token width d.</summary>
    public long DModel { get; }

    /// <summary>First-layer weights [V, h] (the Linear(1→h) of each variable).</summary>
    public Parameter Weight1 => weight1;

    /// <summary>First-layer biases [V, h].</summary>
    public Parameter Bias1 => bias1;

    /// <summary>Second-layer weights [V, h, d] (transposed Linear(h→d) weights).</summary>
    public Parameter Weight2 => weight2;

    /// <summary>Second-layer biases [V, d].</summary>
    public Parameter Bias2 => bias2;

    /// <summary>Learned mask vectors [V, d].</summary>
    public Parameter MaskTokens => mask_tokens;

    /// <summary>(*, V) values and an optional (*, V) boolean mask (true = hidden; null = none, NaN values still
    /// count as hidden) to (*, d) tokens.</summary>
    public override Tensor forward(Tensor input, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape.Length == 0 || shape[^1] != Variables)
            throw new ArgumentException($"VariableEmbedding({Variables}): expected (*, {Variables}) values, got [{string.Join(", ", shape)}]", nameof(input));
        using var scope = torch.NewDisposeScope();
        var flat = input.reshape(-1, Variables);
        var hide = flat.isnan();
        if (mask is not null) hide = hide.logical_or(mask.reshape(-1, Variables));
        var keep = hide.logical_not().to(ScalarType.Float32);
        var x = flat.FillMasked(hide, 0.0);
        var hidden = Gelu(x.unsqueeze(-1) * weight1 + bias1) * keep.unsqueeze(-1);
        var tokens = torch.einsum("nvh,vhd->nd", hidden, weight2) + keep.mm(bias2) + hide.to(ScalarType.Float32).mm(mask_tokens);
        var outShape = shape[..^1].Append(DModel).ToArray();
        return tokens.reshape(outShape).MoveToOuterDisposeScope();
    }

    /// <summary>Exact GELU x Φ(x) = 0.5 x (1 + erf(x / √2)), composed from erf: libtorch 1.13's CPU gelu_backward was
    /// wrong when the incoming gradient is not contiguous, as it is here after the einsum. Kept under TorchSharp
    /// (libtorch 2.10) so that the maths stay exactly as before; no PyTorch parity test covers a switch to
    /// <c>nn.functional.gelu</c> yet.</summary>
    internal static Tensor Gelu(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return (x * 0.5 * ((x * (1 / Math.Sqrt(2))).erf() + 1.0)).MoveToOuterDisposeScope();
    }

    /// <summary>An uninitialised parameter that belongs to the module, not to any dispose scope open around its
    /// construction.</summary>
    private static Parameter NewParameter(params long[] shape) =>
        (Parameter)nn.Parameter(torch.empty(shape)).DetachFromDisposeScope();
}
