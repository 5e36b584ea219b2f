namespace EarthEmbed.Torch.Nn;

/// <summary>A stack of identical <see cref="TransformerEncoderLayer"/>s with an optional final norm, like
/// <c>torch.nn.TransformerEncoder</c>: state dict keys "layers.0.self_attn.in_proj_weight", ..., "norm.weight".
/// Always computes the standard (non-nested-tensor) path, so padded positions get ordinary outputs.</summary>
public sealed class TransformerEncoder : Module<Tensor, Tensor>
{
    /// <summary>Stacks <paramref name="numLayers"/> layers: <paramref name="encoderLayer"/> becomes layers.0 (the
    /// encoder owns it from now on) and the others are copies of it, so all start with the same weights, as the
    /// deep copies of PyTorch do.</summary>
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(encoderLayer);
        ArgumentOutOfRangeException.ThrowIfLessThan(numLayers, 1);
        var layers = new List<TransformerEncoderLayer> { encoderLayer };
        for (var i = 1; i < numLayers; i++) layers.Add(encoderLayer.Copy());
        Layers = RegisterModule("layers", new ModuleList<TransformerEncoderLayer>(layers));
        if (norm is not null) Norm = RegisterModule("norm", norm);
    }

    /// <summary>The layers, in order.</summary>
    public ModuleList<TransformerEncoderLayer> Layers { get; }

    /// <summary>The norm applied after the last layer, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>Number of layers.</summary>
    public int NumLayers => Layers.Count;

    /// <summary>Encodes without masks.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null, null);

    /// <summary>Runs every layer with the same <paramref name="mask"/> and <paramref name="srcKeyPaddingMask"/>
    /// (see <see cref="TransformerEncoderLayer.Forward(Tensor, Tensor?, Tensor?)"/>), then the final norm.</summary>
    public Tensor Forward(Tensor src, Tensor? mask, Tensor? srcKeyPaddingMask)
    {
        ArgumentNullException.ThrowIfNull(src);
        using var scope = DisposeScope.Enter();
        var x = src;
        foreach (var layer in Layers) x = layer.Forward(x, mask, srcKeyPaddingMask);
        if (Norm is not null) x = Norm.Forward(x);
        if (ReferenceEquals(x, src)) x = src.Alias();
        return scope.Keep(x);
    }

    /// <summary>PyTorch's multi-line repr of the children.</summary>
    public override string ToString() => ModuleRepr.Format("TransformerEncoder", this);
}
