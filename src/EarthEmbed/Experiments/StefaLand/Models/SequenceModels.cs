using EarthEmbed.Engine.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>A model that maps a window of z-scored forcings [B, T, V] and statics [B, A] (NaN = missing) to one
/// daily target [B, T]: <c>call(dynamic, statics)</c>. Only <see cref="TrainableParameters"/> are optimised (a
/// frozen encoder is not).</summary>
internal abstract class SiteSequenceModel : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>A model registered under <paramref name="name"/>.</summary>
    protected SiteSequenceModel(string name) : base(name)
    {
    }

    /// <summary>The parameters fine-tuning updates.</summary>
    public virtual IEnumerable<Parameter> TrainableParameters() => parameters();
}

/// <summary>StefaLand fine-tuning: an encoder (frozen and pretrained for "stefaland"; trained end to end from a
/// random start for "scratch", the same architecture without pretraining) followed by the resConn adapter.</summary>
internal sealed class AdapterModel : SiteSequenceModel
{
    // Named as the state-dict keys (TorchSharp registers fields by name).
    private readonly StefaLandEncoder encoder;
    private readonly ResConnAdapter adapter;

    /// <summary>Wraps <paramref name="encoder"/> and <paramref name="adapter"/>.</summary>
    public AdapterModel(StefaLandEncoder encoder, ResConnAdapter adapter, bool freezeEncoder) : base(nameof(AdapterModel))
    {
        this.encoder = encoder;
        this.adapter = adapter;
        FreezeEncoder = freezeEncoder;
        RegisterComponents();
    }

    /// <summary>The encoder.</summary>
    public StefaLandEncoder Encoder => encoder;

    /// <summary>The adapter.</summary>
    public ResConnAdapter Adapter => adapter;

    /// <summary>True when the encoder is frozen: run without gradients and in evaluation mode (no dropout).</summary>
    public bool FreezeEncoder { get; }

    /// <inheritdoc />
    public override IEnumerable<Parameter> TrainableParameters() => FreezeEncoder ? adapter.parameters() : parameters();

    /// <inheritdoc />
    public override Tensor forward(Tensor dynamic, Tensor statics)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        using var scope = torch.NewDisposeScope();
        var encoded = Frozen.Encode(encoder, FreezeEncoder, dynamic, statics);
        var daily = encoded.narrow(1, 0, dynamic.shape[1]);
        return adapter.call(daily, dynamic, statics).squeeze(-1).MoveToOuterDisposeScope();
    }
}

/// <summary>The linear probe: a frozen pretrained encoder and one Linear(d→1) on each day's encoding.</summary>
internal sealed class LinearProbeModel : SiteSequenceModel
{
    // Named as the state-dict keys (TorchSharp registers fields by name).
    private readonly StefaLandEncoder encoder;
    private readonly Linear head;

    /// <summary>A probe on <paramref name="encoder"/> (kept frozen).</summary>
    public LinearProbeModel(StefaLandEncoder encoder) : base(nameof(LinearProbeModel))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        this.encoder = encoder;
        head = nn.Linear(encoder.DModel, 1);
        RegisterComponents();
    }

    /// <summary>The frozen encoder.</summary>
    public StefaLandEncoder Encoder => encoder;

    /// <inheritdoc />
    public override IEnumerable<Parameter> TrainableParameters() => head.parameters();

    /// <inheritdoc />
    public override Tensor forward(Tensor dynamic, Tensor statics)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        using var scope = torch.NewDisposeScope();
        var encoded = Frozen.Encode(encoder, true, dynamic, statics);
        return head.call(encoded.narrow(1, 0, dynamic.shape[1])).squeeze(-1).MoveToOuterDisposeScope();
    }
}

/// <summary>The supervised baseline (Kratzert et al. 2019 style): forcings and statics concatenated per day into an
/// LSTM, a dropout and a linear head, trained from scratch. NaN inputs become 0.</summary>
internal sealed class LstmModel : SiteSequenceModel
{
    // Named as the state-dict keys (TorchSharp registers fields by name).
    private readonly LSTM lstm;
    private readonly Dropout dropout;
    private readonly Linear head;

    /// <summary>An LSTM of <paramref name="hidden"/> units over V + A inputs per day.</summary>
    public LstmModel(int variables, int attributes, int hidden, double dropoutP) : base(nameof(LstmModel))
    {
        lstm = nn.LSTM(variables + attributes, hidden, batchFirst: true);
        dropout = nn.Dropout(dropoutP);
        head = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor dynamic, Tensor statics)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        ArgumentNullException.ThrowIfNull(statics);
        using var scope = torch.NewDisposeScope();
        var days = dynamic.shape[1];
        var stat = statics.FillMasked(statics.isnan(), 0.0).unsqueeze(1).expand(-1, days, -1);
        var x = torch.cat([dynamic.FillMasked(dynamic.isnan(), 0.0), stat], 2);
        var (sequence, _, _) = lstm.call(x);
        return head.call(dropout.call(sequence)).squeeze(-1).MoveToOuterDisposeScope();
    }
}

/// <summary>Runs an encoder either normally or frozen (no gradients, evaluation mode, training mode restored).</summary>
internal static class Frozen
{
    internal static Tensor Encode(StefaLandEncoder encoder, bool frozen, Tensor dynamic, Tensor statics)
    {
        if (!frozen) return encoder.call(dynamic, statics, null, null);
        var wasTraining = encoder.training;
        encoder.eval();
        try
        {
            using var noGrad = torch.no_grad();
            return encoder.call(dynamic, statics, null, null);
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }
}
