using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The StefaLand encoder: the V dynamic variables of each day are embedded (<see cref="VariableEmbedding"/>)
/// and summed into one token per day; the A static attributes are embedded the same way into one static token
/// appended after the T daily tokens; a learnable positional embedding is added to the T + 1 tokens; a post-norm
/// transformer encoder (LayerNorm after each residual, PyTorch's <c>norm_first=False</c>) mixes them. Output
/// [batch, T + 1, d]: rows 0..T-1 are the days, row T the static token.</summary>
public sealed class StefaLandEncoder : Module<(Tensor Dynamic, Tensor Static), Tensor>
{
    /// <summary>An encoder for windows of up to <paramref name="maxDays"/> days of <paramref name="variables"/>
    /// forcings and <paramref name="attributes"/> statics.</summary>
    public StefaLandEncoder(int variables, int attributes, int maxDays, int dModel, int heads, int layers,
        int feedForward, int embedHidden, double dropout)
    {
        Variables = variables;
        Attributes = attributes;
        MaxDays = maxDays;
        DModel = dModel;
        DynamicEmbedding = RegisterModule("dynamic_embedding", new VariableEmbedding(variables, embedHidden, dModel));
        StaticEmbedding = RegisterModule("static_embedding", new VariableEmbedding(attributes, embedHidden, dModel));
        Position = RegisterParameter("position", Tensor.Empty([maxDays + 1, dModel]));
        Init.Normal_(Position, 0, 0.02);
        Transformer = RegisterModule("transformer", new TransformerEncoder(
            new TransformerEncoderLayer(dModel, heads, feedForward, dropout, batchFirst: true, normFirst: false), layers));
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
    public VariableEmbedding DynamicEmbedding { get; }

    /// <summary>The per-attribute embeddings of the statics.</summary>
    public VariableEmbedding StaticEmbedding { get; }

    /// <summary>Learnable positions [MaxDays + 1, d] (the last row is the static token's when T = MaxDays).</summary>
    public Tensor Position { get; }

    /// <summary>The post-norm transformer.</summary>
    public TransformerEncoder Transformer { get; }

    /// <summary>Encodes without masks (NaN inputs are still swapped for mask vectors).</summary>
    public override Tensor Forward((Tensor Dynamic, Tensor Static) input) => Forward(input.Dynamic, input.Static, null, null);

    /// <summary>[B, T, V] forcings and [B, A] statics (z-scored, NaN = missing), optional boolean masks of the same
    /// shapes (true = hidden), to [B, T + 1, d].</summary>
    public Tensor Forward(Tensor dynamic, Tensor statics, Tensor? dynamicMask, Tensor? staticMask)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        ArgumentNullException.ThrowIfNull(statics);
        var ds = dynamic.Shape;
        if (ds.Length != 3 || ds[2] != Variables || ds[1] > MaxDays || ds[1] < 1)
            throw new ArgumentException($"StefaLandEncoder: dynamic input must be [batch, days <= {MaxDays}, {Variables}], got [{string.Join(", ", ds)}]", nameof(dynamic));
        var ss = statics.Shape;
        if (ss.Length != 2 || ss[1] != Attributes || ss[0] != ds[0])
            throw new ArgumentException($"StefaLandEncoder: static input must be [{ds[0]}, {Attributes}], got [{string.Join(", ", ss)}]", nameof(statics));
        using var scope = DisposeScope.Enter();
        var days = DynamicEmbedding.Forward(dynamic, dynamicMask);                  // [B, T, d]
        var stat = StaticEmbedding.Forward(statics, staticMask).Unsqueeze(1);       // [B, 1, d]
        var position = Tensor.Cat([Position.Narrow(0, 0, ds[1]), Position.Narrow(0, MaxDays, 1)], 0);
        var tokens = Tensor.Cat([days, stat], 1) + position;
        return scope.Keep(Transformer.Forward(tokens));
    }
}
