using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The masked autoencoder used for pretraining: <see cref="StefaLandEncoder"/> ("encoder") plus the paper's
/// reconstruction head ("head"): a linear projection of every token, one LSTM layer over the projected daily tokens
/// and one small decoder per variable (stacked as Linear(d→V) for the forcings and Linear(d→A) for the statics,
/// the latter reading the projected static token). Call it with <c>call(dynamic, statics, dynamicMask, staticMask)</c>
/// (masks may be null).</summary>
internal sealed class StefaLandPretrainModel : nn.Module<Tensor, Tensor, Tensor?, Tensor?, (Tensor Dynamic, Tensor Static)>
{
    // Named as the state-dict keys (TorchSharp registers fields by name).
    // Declared in the old registration order, which state_dict() follows.
    private readonly StefaLandEncoder encoder;
    private readonly Linear projection;
    private readonly LSTM lstm;
    private readonly Linear dynamic_decoder, static_decoder;

    /// <summary>Wraps <paramref name="encoder"/> with a fresh reconstruction head.</summary>
    public StefaLandPretrainModel(StefaLandEncoder encoder) : base(nameof(StefaLandPretrainModel))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        this.encoder = encoder;
        var d = encoder.DModel;
        projection = nn.Linear(d, d);
        lstm = nn.LSTM(d, d, batchFirst: true);
        dynamic_decoder = nn.Linear(d, encoder.Variables);
        static_decoder = nn.Linear(d, encoder.Attributes);
        RegisterComponents();
    }

    /// <summary>The encoder being pretrained.</summary>
    public StefaLandEncoder Encoder => encoder;

    /// <summary>Reconstructions [B, T, V] and [B, A] of the inputs from the masked encoding (masks may be null).</summary>
    public override (Tensor Dynamic, Tensor Static) forward(Tensor dynamic, Tensor statics, Tensor? dynamicMask, Tensor? staticMask)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        using var scope = torch.NewDisposeScope();
        var encoded = encoder.call(dynamic, statics, dynamicMask, staticMask);
        var days = dynamic.shape[1];
        var projected = projection.call(encoded);
        var (sequence, _, _) = lstm.call(projected.narrow(1, 0, days));
        var dyn = dynamic_decoder.call(sequence);
        var stat = static_decoder.call(projected.select(1, days));
        return (dyn.MoveToOuterDisposeScope(), stat.MoveToOuterDisposeScope());
    }
}

/// <summary>Owns the reconstruction head around an encoder it does not own (the encoder outlives pretraining).</summary>
internal sealed class StefaLandPretrainModelOwner(StefaLandEncoder encoder) : IDisposable
{
    internal StefaLandPretrainModel Model { get; } = new(encoder);

    public void Dispose()
    {
        foreach (var (name, child) in Model.named_children())
            if (name != "encoder") child.Dispose();
    }
}
