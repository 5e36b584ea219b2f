using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The StefaLand encoder: the V dynamic variables of each day are embedded (<see cref="VariableEmbedding"/>)
/// and summed into one token per day; the A static attributes are embedded the same way into one static token
/// appended after the T daily tokens; a learnable positional embedding is added to the T + 1 tokens; a post-norm
/// transformer encoder (LayerNorm after each residual, PyTorch's <c>norm_first=False</c>) mixes them. Output
/// [batch, T + 1, d]: rows 0..T-1 are the days, row T the static token. Call it with
/// <c>call(dynamic, statics, dynamicMask, staticMask)</c> (masks may be null).</summary>
internal sealed class StefaLandEncoder : nn.Module<Tensor, Tensor, Tensor?, Tensor?, Tensor>
{
    // Named as the state-dict keys (TorchSharp registers fields by name).
    private readonly VariableEmbedding dynamic_embedding, static_embedding;
    private readonly Parameter position;
    private readonly TransformerEncoder transformer;

    /// <summary>An encoder for windows of up to <paramref name="maxDays"/> days of <paramref name="variables"/>
    /// forcings and <paramref name="attributes"/> statics.</summary>
    public StefaLandEncoder(int variables, int attributes, int maxDays, int dModel, int heads, int layers,
        int feedForward, int embedHidden, double dropout) : base(nameof(StefaLandEncoder))
    {
        Variables = variables;
        Attributes = attributes;
        MaxDays = maxDays;
        DModel = dModel;
        dynamic_embedding = new VariableEmbedding(variables, embedHidden, dModel);
        static_embedding = new VariableEmbedding(attributes, embedHidden, dModel);
        position = (Parameter)nn.Parameter(torch.empty(maxDays + 1, dModel)).DetachFromDisposeScope();
        nn.init.normal_(position, 0, 0.02);
        // libtorch's layer is sequence-first and post-norm (ReLU, LayerNorm eps 1e-5), as PyTorch's default; the
        // encoder clones the prototype into layers.0..n-1 (all start with the same weights, as PyTorch's deep
        // copies), so the prototype itself is not kept.
        using (var prototype = nn.TransformerEncoderLayer(dModel, heads, feedForward, dropout))
            transformer = nn.TransformerEncoder(prototype, layers);
        RegisterComponents();
    }

    /// <summary>An encoder sized by <paramref name="config"/>.</summary>
    public StefaLandEncoder(StefaLandConfig config, int variables, int attributes)
        : this(variables, attributes, config.SequenceLength, config.DModel, config.Heads, config.Layers, config.FeedForward,
            config.EmbedHidden, config.Dropout)
    {
    }

    /// <summary>Dynamic variables per day.</summary>
    public int Variables { get; }

    /// <summary>Static attributes.</summary>
    public int Attributes { get; }

    /// <summary>Longest window.</summary>
    public int MaxDays { get; }

    /// <summary>Token width.</summary>
    public int DModel { get; }

    /// <summary>The per-variable embeddings of the forcings.</summary>
    public VariableEmbedding DynamicEmbedding => dynamic_embedding;

    /// <summary>The per-attribute embeddings of the statics.</summary>
    public VariableEmbedding StaticEmbedding => static_embedding;

    /// <summary>Learnable positions [MaxDays + 1, d] (the last row is the static token's when T = MaxDays).</summary>
    public Parameter Position => position;

    /// <summary>The post-norm transformer (libtorch's, sequence-first: [T + 1, B, d]).</summary>
    public TransformerEncoder Transformer => transformer;

    /// <summary>[B, T, V] forcings and [B, A] statics (z-scored, NaN = missing), optional boolean masks of the same
    /// shapes (true = hidden; null = none, NaN inputs are still swapped for mask vectors), to [B, T + 1, d].</summary>
    public override Tensor forward(Tensor dynamic, Tensor statics, Tensor? dynamicMask, Tensor? staticMask)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        ArgumentNullException.ThrowIfNull(statics);
        var ds = dynamic.shape;
        if (ds.Length != 3 || ds[2] != Variables || ds[1] > MaxDays || ds[1] < 1)
            throw new ArgumentException($"StefaLandEncoder: dynamic input must be [batch, days <= {MaxDays}, {Variables}], got [{string.Join(", ", ds)}]", nameof(dynamic));
        var ss = statics.shape;
        if (ss.Length != 2 || ss[1] != Attributes || ss[0] != ds[0])
            throw new ArgumentException($"StefaLandEncoder: static input must be [{ds[0]}, {Attributes}], got [{string.Join(", ", ss)}]", nameof(statics));
        using var scope = torch.NewDisposeScope();
        var days = dynamic_embedding.call(dynamic, dynamicMask);                  // [B, T, d]
        var stat = static_embedding.call(statics, staticMask).unsqueeze(1);       // [B, 1, d]
        var positions = torch.cat([position.narrow(0, 0, ds[1]), position.narrow(0, MaxDays, 1)], 0);
        var tokens = torch.cat([days, stat], 1) + positions;
        return transformer.call(tokens.transpose(0, 1)).transpose(0, 1).MoveToOuterDisposeScope();
    }
}
