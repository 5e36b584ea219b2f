using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>A multi-layer long short-term memory network, like <c>torch.nn.LSTM</c>, run by libtorch's fused kernel.
/// Parameters are named as PyTorch's (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..., with a "_reverse"
/// suffix for the backward direction) and drawn from U(-1/sqrt(hidden), 1/sqrt(hidden)). Forward returns the last
/// layer's output at every step and the final (h, c) of every layer:
/// <code>var (output, (h, c)) = lstm.Forward(x);</code></summary>
public sealed class LSTM : Module<Tensor, (Tensor Output, (Tensor H, Tensor C) State)>
{
    private readonly List<Tensor> flatWeights = new();

    /// <summary>Creates the network with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Features per step of the input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="numLayers">Stacked LSTM layers.</param>
    /// <param name="bias">Whether the gates have biases b_ih and b_hh.</param>
    /// <param name="batchFirst">Input and output are (N, L, features) instead of (L, N, features); the states stay
    /// (layers, N, hidden) either way, as in PyTorch.</param>
    /// <param name="dropout">Dropout on the outputs of every layer but the last, in training mode.</param>
    /// <param name="bidirectional">Also run each layer backwards in time, concatenating both directions.</param>
    public LSTM(long inputSize, long hiddenSize, long numLayers = 1, bool bias = true, bool batchFirst = false,
        double dropout = 0, bool bidirectional = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numLayers, 1);
        if (!(dropout >= 0 && dropout <= 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "dropout must be in [0, 1]");
        (InputSize, HiddenSize, NumLayers, HasBias, BatchFirst, DropoutP, Bidirectional) =
            (inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        var directions = bidirectional ? 2 : 1;
        for (var layer = 0; layer < numLayers; layer++)
            for (var direction = 0; direction < directions; direction++)
            {
                var layerInput = layer == 0 ? inputSize : hiddenSize * directions;
                var suffix = string.Create(CultureInfo.InvariantCulture, $"_l{layer}{(direction == 1 ? "_reverse" : "")}");
                flatWeights.Add(RegisterParameter("weight_ih" + suffix, Tensor.Empty([4 * hiddenSize, layerInput])));
                flatWeights.Add(RegisterParameter("weight_hh" + suffix, Tensor.Empty([4 * hiddenSize, hiddenSize])));
                if (!bias) continue;
                flatWeights.Add(RegisterParameter("bias_ih" + suffix, Tensor.Empty([4 * hiddenSize])));
                flatWeights.Add(RegisterParameter("bias_hh" + suffix, Tensor.Empty([4 * hiddenSize])));
            }
        ResetParameters();
    }

    /// <summary>Features per input step.</summary>
    public long InputSize { get; }
    /// <summary>Features of the hidden state.</summary>
    public long HiddenSize { get; }
    /// <summary>Stacked layers.</summary>
    public long NumLayers { get; }
    /// <summary>Whether the gates have biases.</summary>
    public bool HasBias { get; }
    /// <summary>Whether input and output put the batch first.</summary>
    public bool BatchFirst { get; }
    /// <summary>Dropout between layers (training mode only).</summary>
    public double DropoutP { get; }
    /// <summary>Whether each layer also runs backwards in time.</summary>
    public bool Bidirectional { get; }

    /// <summary>The parameters in libtorch's order (per layer and direction: w_ih, w_hh, b_ih, b_hh).</summary>
    public IReadOnlyList<Tensor> FlatWeights => flatWeights;

    private long Directions => Bidirectional ? 2 : 1;

    /// <summary>Re-draws every parameter from U(-1/sqrt(hidden), 1/sqrt(hidden)), in registration order as PyTorch.</summary>
    public void ResetParameters()
    {
        var bound = 1 / Math.Sqrt(HiddenSize);
        foreach (var w in flatWeights) Init.Uniform_(w, -bound, bound);
    }

    /// <summary>Runs the sequence from zero initial states.</summary>
    public override (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input) => Forward(input, null);

    /// <summary>Runs the sequence: input (N, L, in) with batch-first, (L, N, in) without, or unbatched (L, in);
    /// <paramref name="state"/> (h0, c0), each (layers * directions, N, hidden) or (layers * directions, hidden)
    /// unbatched, zeros when null. Returns the output (N, L, D * hidden) (or as the input is laid out) and the
    /// final (h, c).</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H, Tensor C)? state)
    {
        var name = ToString();
        var shape = Shapes.CheckRank(input, name, BatchFirst ? "(N, L, features) or unbatched (L, features)" : "(L, N, features) or unbatched (L, features)", 2, 3);
        Shapes.CheckSize(shape, shape.Length - 1, InputSize, name, "features in its last dimension");
        var batched = shape.Length == 3;
        var batch = !batched ? 1 : BatchFirst ? shape[0] : shape[1];
        var stateShape = new[] { NumLayers * Directions, batch, HiddenSize };
        using var scope = DisposeScope.Enter();
        var x = batched ? input : input.Unsqueeze(BatchFirst ? 0 : 1);
        Tensor h0, c0;
        if (state is { } s)
        {
            ArgumentNullException.ThrowIfNull(s.H, nameof(state));
            ArgumentNullException.ThrowIfNull(s.C, nameof(state));
            (h0, c0) = batched ? (s.H, s.C) : (s.H.Unsqueeze(1), s.C.Unsqueeze(1));
            foreach (var (t, what) in new[] { (h0, "h0"), (c0, "c0") })
                if (!t.Shape.SequenceEqual(stateShape))
                    throw new ArgumentException($"{name}: {what} must have shape {Shapes.Format(batched ? stateShape : [stateShape[0], stateShape[2]])}, " +
                        $"got {Shapes.Format(batched ? t.Shape : [t.Size(0), t.Size(2)])}", nameof(state));
        }
        else
        {
            h0 = Tensor.Zeros(stateShape, input.DType, input.Device);
            c0 = Tensor.Zeros(stateShape, input.DType, input.Device);
        }
        var (output, h, c) = Functional.Lstm(x, h0, c0, flatWeights, HasBias, NumLayers, DropoutP, Training, Bidirectional, BatchFirst);
        if (!batched) (output, h, c) = (output.Squeeze(BatchFirst ? 0 : 1), h.Squeeze(1), c.Squeeze(1));
        scope.Keep(output, h, c);
        return (output, (h, c));
    }

    /// <summary>PyTorch's repr, e.g. "LSTM(4, 8, num_layers=2, batch_first=True, dropout=0.1)".</summary>
    public override string ToString()
    {
        var s = string.Create(CultureInfo.InvariantCulture, $"LSTM({InputSize}, {HiddenSize}");
        if (NumLayers != 1) s += string.Create(CultureInfo.InvariantCulture, $", num_layers={NumLayers}");
        if (!HasBias) s += ", bias=False";
        if (BatchFirst) s += ", batch_first=True";
        if (DropoutP != 0) s += ", dropout=" + Shapes.Py(DropoutP);
        if (Bidirectional) s += ", bidirectional=True";
        return s + ")";
    }
}
