using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The "resConn" residual adapter of StefaLand's fine-tuning (the paper and the authors' code): the frozen
/// encoder's daily outputs E are layer-normed and scaled by a learnable factor (initialised at 0.1); the raw
/// forcings and statics each go Linear-ReLU-Dropout to d; an MLP maps concat[E, time, static] (3d → 2d → d);
/// then y = LayerNorm(E + mlp), y = LayerNorm(y + time + static), an LSTM and a linear head give one value per day.
/// Inputs are z-scored with NaN replaced by 0 here.</summary>
public sealed class ResConnAdapter : Module<(Tensor Encoded, Tensor Dynamic, Tensor Static), Tensor>
{
    private readonly LayerNorm encodedNorm, norm1, norm2;
    private readonly Linear timeProjection, staticProjection, mlp1, mlp2, head;
    private readonly Dropout dropout;
    private readonly LSTM lstm;

    /// <summary>An adapter from d-wide encodings, <paramref name="variables"/> forcings and
    /// <paramref name="attributes"/> statics to <paramref name="outputs"/> daily values.</summary>
    public ResConnAdapter(int dModel, int variables, int attributes, int lstmHidden, double dropoutP, int outputs = 1)
    {
        encodedNorm = RegisterModule("encoded_norm", new LayerNorm(dModel));
        Scale = RegisterParameter("scale", Tensor.Full([1], 0.1));
        timeProjection = RegisterModule("time_projection", new Linear(variables, dModel));
        staticProjection = RegisterModule("static_projection", new Linear(attributes, dModel));
        dropout = RegisterModule("dropout", new Dropout(dropoutP));
        mlp1 = RegisterModule("mlp1", new Linear(3 * dModel, 2 * dModel));
        mlp2 = RegisterModule("mlp2", new Linear(2 * dModel, dModel));
        norm1 = RegisterModule("norm1", new LayerNorm(dModel));
        norm2 = RegisterModule("norm2", new LayerNorm(dModel));
        lstm = RegisterModule("lstm", new LSTM(dModel, lstmHidden, batchFirst: true));
        head = RegisterModule("head", new Linear(lstmHidden, outputs));
    }

    /// <summary>The learnable scale of the encoder's contribution.</summary>
    public Tensor Scale { get; }

    /// <summary>[B, T, d] daily encodings, [B, T, V] forcings, [B, A] statics to [B, T, outputs].</summary>
    public override Tensor Forward((Tensor Encoded, Tensor Dynamic, Tensor Static) input)
    {
        var (encoded, dynamic, statics) = input;
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(dynamic);
        ArgumentNullException.ThrowIfNull(statics);
        using var scope = DisposeScope.Enter();
        var days = dynamic.Shape[1];
        var e = encodedNorm.Forward(encoded) * Scale;
        var time = dropout.Forward(F.Relu(timeProjection.Forward(dynamic.MaskedFill(dynamic.IsNan(), 0.0))));
        var stat = dropout.Forward(F.Relu(staticProjection.Forward(statics.MaskedFill(statics.IsNan(), 0.0))));
        stat = stat.Unsqueeze(1).Expand(-1, days, -1);
        var mixed = mlp2.Forward(F.Relu(mlp1.Forward(Tensor.Cat([e, time, stat], 2))));
        var y = norm1.Forward(e + mixed);
        y = norm2.Forward(y + time + stat);
        var (sequence, _) = lstm.Forward(y);
        return scope.Keep(head.Forward(sequence));
    }
}
