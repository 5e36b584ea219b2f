using EarthEmbed.Engine.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The "resConn" residual adapter of StefaLand's fine-tuning (the paper and the authors' code): the frozen
/// encoder's daily outputs E are layer-normed and scaled by a learnable factor (initialised at 0.1); the raw
/// forcings and statics each go Linear-ReLU-Dropout to d; an MLP maps concat[E, time, static] (3d → 2d → d);
/// then y = LayerNorm(E + mlp), y = LayerNorm(y + time + static), an LSTM and a linear head give one value per day.
/// Inputs are z-scored with NaN replaced by 0 here.</summary>
internal sealed class ResConnAdapter : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    // Named as the state-dict keys (TorchSharp registers fields by name), in the old registration order.
    private readonly LayerNorm encoded_norm;
    private readonly Parameter scale;
    private readonly Linear time_projection, static_projection;
    private readonly Dropout dropout;
    private readonly Linear mlp1, mlp2;
    private readonly LayerNorm norm1, norm2;
    private readonly LSTM lstm;
    private readonly Linear head;

    /// <summary>An adapter from d-wide encodings, <paramref name="variables"/> forcings and
    /// <paramref name="attributes"/> statics to <paramref name="outputs"/> daily values.</summary>
    public ResConnAdapter(int dModel, int variables, int attributes, int lstmHidden, double dropoutP, int outputs = 1)
        : base(nameof(ResConnAdapter))
    {
        encoded_norm = nn.LayerNorm(dModel);
        scale = (Parameter)nn.Parameter(torch.full(new long[] { 1 }, 0.1, ScalarType.Float32)).DetachFromDisposeScope();
        time_projection = nn.Linear(variables, dModel);
        static_projection = nn.Linear(attributes, dModel);
        dropout = nn.Dropout(dropoutP);
        mlp1 = nn.Linear(3 * dModel, 2 * dModel);
        mlp2 = nn.Linear(2 * dModel, dModel);
        norm1 = nn.LayerNorm(dModel);
        norm2 = nn.LayerNorm(dModel);
        lstm = nn.LSTM(dModel, lstmHidden, batchFirst: true);
        head = nn.Linear(lstmHidden, outputs);
        RegisterComponents();
    }

    /// <summary>The learnable scale of the encoder's contribution.</summary>
    public Parameter Scale => scale;

    /// <summary>[B, T, d] daily encodings, [B, T, V] forcings, [B, A] statics to [B, T, outputs].</summary>
    public override Tensor forward(Tensor encoded, Tensor dynamic, Tensor statics)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(dynamic);
        ArgumentNullException.ThrowIfNull(statics);
        using var scope = torch.NewDisposeScope();
        var days = dynamic.shape[1];
        var e = encoded_norm.call(encoded) * scale;
        var time = dropout.call(F.relu(time_projection.call(dynamic.FillMasked(dynamic.isnan(), 0.0))));
        var stat = dropout.call(F.relu(static_projection.call(statics.FillMasked(statics.isnan(), 0.0))));
        stat = stat.unsqueeze(1).expand(-1, days, -1);
        var mixed = mlp2.call(F.relu(mlp1.call(torch.cat([e, time, stat], 2))));
        var y = norm1.call(e + mixed);
        y = norm2.call(y + time + stat);
        var (sequence, _, _) = lstm.call(y);
        return head.call(sequence).MoveToOuterDisposeScope();
    }
}
