using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>A model that maps a window of z-scored forcings [B, T, V] and statics [B, A] (NaN = missing) to one
/// daily target [B, T]. Only <see cref="TrainableParameters"/> are optimised (a frozen encoder is not).</summary>
public abstract class SiteSequenceModel : Module<(Tensor Dynamic, Tensor Static), Tensor>
{
    /// <summary>The parameters fine-tuning updates.</summary>
    public virtual IEnumerable<Tensor> TrainableParameters() => Parameters();
}

/// <summary>StefaLand fine-tuning: an encoder (frozen and pretrained for "stefaland"; trained end to end from a
/// random start for "scratch", the same architecture without pretraining) followed by the resConn adapter.</summary>
public sealed class AdapterModel : SiteSequenceModel
{
    /// <summary>Wraps <paramref name="encoder"/> and <paramref name="adapter"/>.</summary>
    public AdapterModel(StefaLandEncoder encoder, ResConnAdapter adapter, bool freezeEncoder)
    {
        Encoder = RegisterModule("encoder", encoder);
        Adapter = RegisterModule("adapter", adapter);
        FreezeEncoder = freezeEncoder;
    }

    /// <summary>The encoder.</summary>
    public StefaLandEncoder Encoder { get; }

    /// <summary>The adapter.</summary>
    public ResConnAdapter Adapter { get; }

    /// <summary>True when the encoder is frozen: run without gradients and in evaluation mode (no dropout).</summary>
    public bool FreezeEncoder { get; }

    /// <inheritdoc />
    public override IEnumerable<Tensor> TrainableParameters() => FreezeEncoder ? Adapter.Parameters() : Parameters();

    /// <inheritdoc />
    public override Tensor Forward((Tensor Dynamic, Tensor Static) input)
    {
        using var scope = DisposeScope.Enter();
        var encoded = Frozen.Encode(Encoder, FreezeEncoder, input.Dynamic, input.Static);
        var daily = encoded.Narrow(1, 0, input.Dynamic.Shape[1]);
        return scope.Keep(Adapter.Forward((daily, input.Dynamic, input.Static)).Squeeze(-1));
    }
}

/// <summary>The linear probe: a frozen pretrained encoder and one Linear(d→1) on each day's encoding.</summary>
public sealed class LinearProbeModel : SiteSequenceModel
{
    private readonly Linear head;

    /// <summary>A probe on <paramref name="encoder"/> (kept frozen).</summary>
    public LinearProbeModel(StefaLandEncoder encoder)
    {
        Encoder = RegisterModule("encoder", encoder);
        head = RegisterModule("head", new Linear(encoder.DModel, 1));
    }

    /// <summary>The frozen encoder.</summary>
    public StefaLandEncoder Encoder { get; }

    /// <inheritdoc />
    public override IEnumerable<Tensor> TrainableParameters() => head.Parameters();

    /// <inheritdoc />
    public override Tensor Forward((Tensor Dynamic, Tensor Static) input)
    {
        using var scope = DisposeScope.Enter();
        var encoded = Frozen.Encode(Encoder, true, input.Dynamic, input.Static);
        return scope.Keep(head.Forward(encoded.Narrow(1, 0, input.Dynamic.Shape[1])).Squeeze(-1));
    }
}

/// <summary>The supervised baseline (Kratzert et al. 2019 style): forcings and statics concatenated per day into an
/// LSTM, a dropout and a linear head, trained from scratch. NaN inputs become 0.</summary>
public sealed class LstmModel : SiteSequenceModel
{
    private readonly LSTM lstm;
    private readonly Dropout dropout;
    private readonly Linear head;

    /// <summary>An LSTM of <paramref name="hidden"/> units over V + A inputs per day.</summary>
    public LstmModel(int variables, int attributes, int hidden, double dropoutP)
    {
        lstm = RegisterModule("lstm", new LSTM(variables + attributes, hidden, batchFirst: true));
        dropout = RegisterModule("dropout", new Dropout(dropoutP));
        head = RegisterModule("head", new Linear(hidden, 1));
    }

    /// <inheritdoc />
    public override Tensor Forward((Tensor Dynamic, Tensor Static) input)
    {
        using var scope = DisposeScope.Enter();
        var (dynamic, statics) = input;
        var days = dynamic.Shape[1];
        var stat = statics.MaskedFill(statics.IsNan(), 0.0).Unsqueeze(1).Expand(-1, days, -1);
        var x = Tensor.Cat([dynamic.MaskedFill(dynamic.IsNan(), 0.0), stat], 2);
        var (sequence, _) = lstm.Forward(x);
        return scope.Keep(head.Forward(dropout.Forward(sequence)).Squeeze(-1));
    }
}

/// <summary>Runs an encoder either normally or frozen (no gradients, evaluation mode, training mode restored).</summary>
internal static class Frozen
{
    internal static Tensor Encode(StefaLandEncoder encoder, bool frozen, Tensor dynamic, Tensor statics)
    {
        if (!frozen) return encoder.Forward(dynamic, statics, null, null);
        var wasTraining = encoder.Training;
        encoder.Eval();
        try
        {
            using var noGrad = GradMode.Disable();
            return encoder.Forward(dynamic, statics, null, null);
        }
        finally
        {
            encoder.Train(wasTraining);
        }
    }
}
