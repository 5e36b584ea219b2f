using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>One transformer encoder block, like <c>torch.nn.TransformerEncoderLayer</c>: self-attention then a
/// feed-forward network (linear1, activation, dropout, linear2), each with a residual connection and layer norm,
/// applied after the residual (post-norm, the original transformer) or before the sublayer with
/// <c>normFirst</c> (pre-norm, as in most vision transformers). Children are named as PyTorch's
/// (self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2).</summary>
public sealed class TransformerEncoderLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="dModel">Model dimension E.</param>
    /// <param name="nHead">Attention heads.</param>
    /// <param name="dimFeedforward">Hidden size of the feed-forward network.</param>
    /// <param name="dropout">Dropout on attention weights, sublayer outputs and the feed-forward hidden layer.</param>
    /// <param name="activation">"relu" or "gelu".</param>
    /// <param name="layerNormEps">The layer norms' epsilon.</param>
    /// <param name="batchFirst">Input (N, L, E) instead of (L, N, E).</param>
    /// <param name="normFirst">Pre-norm instead of post-norm.</param>
    public TransformerEncoderLayer(long dModel, long nHead, long dimFeedforward = 2048, double dropout = 0.1,
        string activation = "relu", double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false)
        : this(dModel, nHead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, initialise: true)
    {
    }

    private TransformerEncoderLayer(long dModel, long nHead, long dimFeedforward, double dropout, string activation,
        double layerNormEps, bool batchFirst, bool normFirst, bool initialise)
    {
        if (activation is not ("relu" or "gelu"))
            throw new ArgumentException($"activation must be \"relu\" or \"gelu\", got \"{activation}\"", nameof(activation));
        ArgumentOutOfRangeException.ThrowIfLessThan(dimFeedforward, 1);
        (DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst) =
            (dModel, nHead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst);
        SelfAttn = RegisterModule("self_attn", new MultiheadAttention(dModel, nHead, dropout, true, batchFirst, initialise));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, true, initialise));
        Dropout = RegisterModule("dropout", new Dropout(dropout));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, true, initialise));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout));
    }

    /// <summary>Model dimension E.</summary>
    public long DModel { get; }
    /// <summary>Attention heads.</summary>
    public long NHead { get; }
    /// <summary>Feed-forward hidden size.</summary>
    public long DimFeedforward { get; }
    /// <summary>Dropout probability.</summary>
    public double DropoutP { get; }
    /// <summary>"relu" or "gelu".</summary>
    public string Activation { get; }
    /// <summary>Layer norm epsilon.</summary>
    public double LayerNormEps { get; }
    /// <summary>Whether input is (N, L, E).</summary>
    public bool BatchFirst { get; }
    /// <summary>Pre-norm (true) or post-norm (false).</summary>
    public bool NormFirst { get; }

    /// <summary>The self-attention.</summary>
    public MultiheadAttention SelfAttn { get; }
    /// <summary>First feed-forward layer (E to feed-forward size).</summary>
    public Linear Linear1 { get; }
    /// <summary>Dropout after the activation.</summary>
    public Dropout Dropout { get; }
    /// <summary>Second feed-forward layer (back to E).</summary>
    public Linear Linear2 { get; }
    /// <summary>Norm around the attention sublayer.</summary>
    public LayerNorm Norm1 { get; }
    /// <summary>Norm around the feed-forward sublayer.</summary>
    public LayerNorm Norm2 { get; }
    /// <summary>Dropout on the attention output.</summary>
    public Dropout Dropout1 { get; }
    /// <summary>Dropout on the feed-forward output.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>A layer with the same configuration and a copy of this one's parameters (on the same device and
    /// type), made without drawing random numbers, as PyTorch's deep copy.</summary>
    public TransformerEncoderLayer Copy()
    {
        var copy = new TransformerEncoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps,
            BatchFirst, NormFirst, initialise: false);
        copy.To(SelfAttn.InProjWeight.Device, SelfAttn.InProjWeight.DType);
        using (var scope = DisposeScope.Enter()) copy.LoadStateDict(StateDict());
        copy.Train(Training);
        return copy;
    }

    /// <summary>Encodes without masks.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null, null);

    /// <summary>Encodes <paramref name="src"/> (N, L, E) with batch-first, else (L, N, E), or unbatched (L, E).
    /// <paramref name="srcMask"/> (L, L) or (N * heads, L, L): true (or -inf) stops a position attending to another;
    /// <paramref name="srcKeyPaddingMask"/> (N, L): true marks padding that no position attends to.</summary>
    public Tensor Forward(Tensor src, Tensor? srcMask, Tensor? srcKeyPaddingMask)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"TransformerEncoderLayer(d_model={DModel}, nhead={NHead})");
        var shape = Shapes.CheckRank(src, name, BatchFirst ? "(N, L, E) or unbatched (L, E)" : "(L, N, E) or unbatched (L, E)", 2, 3);
        Shapes.CheckSize(shape, shape.Length - 1, DModel, name, "features in its last dimension");
        if (srcKeyPaddingMask is not null && srcKeyPaddingMask.DType != ScalarType.Bool && !srcKeyPaddingMask.DType.IsFloatingPoint())
            throw new ArgumentException($"{name}: src_key_padding_mask must be bool or floating point, got {srcKeyPaddingMask.DType}", nameof(srcKeyPaddingMask));
        using var scope = DisposeScope.Enter();
        var x = src;
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(Norm1.Forward(x), srcMask, srcKeyPaddingMask);
            x = x + FeedForwardBlock(Norm2.Forward(x));
        }
        else
        {
            x = Norm1.Forward(x + SelfAttentionBlock(x, srcMask, srcKeyPaddingMask));
            x = Norm2.Forward(x + FeedForwardBlock(x));
        }
        return scope.Keep(x);
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask) =>
        Dropout1.Forward(SelfAttn.Forward(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask).Output);

    private Tensor FeedForwardBlock(Tensor x)
    {
        var hidden = Linear1.Forward(x);
        hidden = Activation == "gelu" ? Functional.Gelu(hidden) : Functional.Relu(hidden);
        return Dropout2.Forward(Linear2.Forward(Dropout.Forward(hidden)));
    }

    /// <summary>PyTorch's multi-line repr of the children.</summary>
    public override string ToString() => ModuleRepr.Format("TransformerEncoderLayer", this);
}
