using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The masked autoencoder used for pretraining: <see cref="StefaLandEncoder"/> ("encoder") plus the paper's
/// reconstruction head ("head"): a linear projection of every token, one LSTM layer over the projected daily tokens
/// and one small decoder per variable (stacked as Linear(d→V) for the forcings and Linear(d→A) for the statics,
/// the latter reading the projected static token).</summary>
public sealed class StefaLandPretrainModel : Module<(Tensor Dynamic, Tensor Static), (Tensor Dynamic, Tensor Static)>
{
    private readonly Linear projection, dynamicDecoder, staticDecoder;
    private readonly LSTM lstm;

    /// <summary>Wraps <paramref name="encoder"/> with a fresh reconstruction head.</summary>
    public StefaLandPretrainModel(StefaLandEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        Encoder = RegisterModule("encoder", encoder);
        var d = encoder.DModel;
        projection = RegisterModule("projection", new Linear(d, d));
        lstm = RegisterModule("lstm", new LSTM(d, d, batchFirst: true));
        dynamicDecoder = RegisterModule("dynamic_decoder", new Linear(d, encoder.Variables));
        staticDecoder = RegisterModule("static_decoder", new Linear(d, encoder.Attributes));
    }

    /// <summary>The encoder being pretrained.</summary>
    public StefaLandEncoder Encoder { get; }

    /// <summary>Reconstructs unmasked inputs.</summary>
    public override (Tensor Dynamic, Tensor Static) Forward((Tensor Dynamic, Tensor Static) input) =>
        Forward(input.Dynamic, input.Static, null, null);

    /// <summary>Reconstructions [B, T, V] and [B, A] of the inputs from the masked encoding.</summary>
    public (Tensor Dynamic, Tensor Static) Forward(Tensor dynamic, Tensor statics, Tensor? dynamicMask, Tensor? staticMask)
    {
        using var scope = DisposeScope.Enter();
        var encoded = Encoder.Forward(dynamic, statics, dynamicMask, staticMask);
        var days = dynamic.Shape[1];
        var projected = projection.Forward(encoded);
        var (sequence, _) = lstm.Forward(projected.Narrow(1, 0, days));
        var dyn = dynamicDecoder.Forward(sequence);
        var stat = staticDecoder.Forward(projected.Select(1, days));
        return (scope.Keep(dyn), scope.Keep(stat));
    }
}
