using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>Multi-head scaled dot-product attention, like <c>torch.nn.MultiheadAttention</c> (same embedding size
/// for query, key and value): parameters in_proj_weight (3E, E), in_proj_bias (3E), out_proj.weight (E, E) and
/// out_proj.bias (E), initialised as PyTorch (Glorot-uniform input projection, zero biases). Computed from
/// linear/bmm/softmax as <c>F.multi_head_attention_forward</c>; attention dropout applies in training mode only.</summary>
public sealed class MultiheadAttention : Module
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="embedDim">Model dimension E (features of query, key and value).</param>
    /// <param name="numHeads">Heads; E must be divisible by it.</param>
    /// <param name="dropout">Dropout on the attention weights, in training mode.</param>
    /// <param name="bias">Whether the projections have biases.</param>
    /// <param name="batchFirst">Inputs and output are (N, L, E) instead of (L, N, E).</param>
    public MultiheadAttention(long embedDim, long numHeads, double dropout = 0, bool bias = true, bool batchFirst = false)
        : this(embedDim, numHeads, dropout, bias, batchFirst, initialise: true)
    {
    }

    internal MultiheadAttention(long embedDim, long numHeads, double dropout, bool bias, bool batchFirst, bool initialise)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(embedDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numHeads, 1);
        if (embedDim % numHeads != 0)
            throw new ArgumentException($"embedDim ({embedDim}) must be divisible by numHeads ({numHeads})", nameof(numHeads));
        if (!(dropout >= 0 && dropout <= 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "dropout must be in [0, 1]");
        (EmbedDim, NumHeads, DropoutP, BatchFirst) = (embedDim, numHeads, dropout, batchFirst);
        InProjWeight = RegisterParameter("in_proj_weight", Tensor.Empty([3 * embedDim, embedDim]));
        InProjBias = bias ? RegisterParameter("in_proj_bias", Tensor.Empty([3 * embedDim])) : null;
        // PyTorch creates out_proj (drawing its Linear initialisation) before re-initialising the rest.
        OutProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias, initialise));
        if (initialise) ResetParameters();
    }

    /// <summary>Model dimension E.</summary>
    public long EmbedDim { get; }
    /// <summary>Number of heads.</summary>
    public long NumHeads { get; }
    /// <summary>Features per head (E / heads).</summary>
    public long HeadDim => EmbedDim / NumHeads;
    /// <summary>Dropout on the attention weights.</summary>
    public double DropoutP { get; }
    /// <summary>Whether inputs and output put the batch first.</summary>
    public bool BatchFirst { get; }
    /// <summary>The packed (3E, E) query/key/value projection.</summary>
    public Tensor InProjWeight { get; }
    /// <summary>The packed (3E) projection bias, or null.</summary>
    public Tensor? InProjBias { get; }
    /// <summary>The output projection.</summary>
    public Linear OutProj { get; }

    /// <summary>PyTorch's reset: Glorot-uniform in_proj_weight, zero biases (out_proj.weight keeps Linear's draw).</summary>
    public void ResetParameters()
    {
        Init.XavierUniform_(InProjWeight);
        if (InProjBias is not null) Init.Zeros_(InProjBias);
        if (OutProj.Bias is not null) Init.Zeros_(OutProj.Bias);
    }

    /// <summary>Attends <paramref name="query"/> (N, L, E) to <paramref name="key"/>/<paramref name="value"/>
    /// (N, S, E) ((L, N, E) and (S, N, E) without batch-first; (L, E) and (S, E) unbatched). Pass the same tensor
    /// three times for self-attention. <paramref name="keyPaddingMask"/> (N, S): true hides a padded key.
    /// <paramref name="attnMask"/> (L, S) or (N * heads, L, S): true hides, or float values are added to the scores.
    /// Returns the output shaped like the query and, with <paramref name="needWeights"/>, the attention weights
    /// (N, L, S) averaged over heads, or (N, heads, L, S) without <paramref name="averageAttnWeights"/>.</summary>
    public (Tensor Output, Tensor? Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null,
        bool needWeights = true, Tensor? attnMask = null, bool averageAttnWeights = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var name = string.Create(CultureInfo.InvariantCulture, $"MultiheadAttention(embed_dim={EmbedDim}, num_heads={NumHeads})");
        if (query.Dim is not (2 or 3))
            throw new ArgumentException($"{name}: query must be {(BatchFirst ? "(N, L, E)" : "(L, N, E)")} or unbatched (L, E), got shape {Shapes.Format(query.Shape)}", nameof(query));
        if (query.Size(-1) != EmbedDim)
            throw new ArgumentException($"{name}: query has {query.Size(-1)} features, expected {EmbedDim} (shape {Shapes.Format(query.Shape)})", nameof(query));
        using var scope = DisposeScope.Enter();
        var batchedFirst = BatchFirst && query.Dim == 3;
        if (batchedFirst)
        {
            // Transpose to sequence-first, keeping "key is value" and "query is key" as PyTorch does.
            var q = query.Transpose(1, 0);
            var k = ReferenceEquals(key, query) ? q : key.Transpose(1, 0);
            value = ReferenceEquals(value, key) ? k : value.Transpose(1, 0);
            (query, key) = (q, k);
        }
        var (output, weights) = Functional.MultiHeadAttentionForward(query, key, value, NumHeads, InProjWeight, InProjBias,
            OutProj.Weight, OutProj.Bias, DropoutP, Training, keyPaddingMask, needWeights, attnMask, averageAttnWeights);
        if (batchedFirst) output = output.Transpose(1, 0);
        scope.Keep(output);
        if (weights is not null) scope.Keep(weights);
        return (output, weights);
    }

    /// <summary>PyTorch's repr: the out_proj child (PyTorch prints no arguments for this module).</summary>
    public override string ToString() => ModuleRepr.Format("MultiheadAttention", this);
}
