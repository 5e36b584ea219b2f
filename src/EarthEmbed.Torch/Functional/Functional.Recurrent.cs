using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Recurrent layers as functions: libtorch's fused multi-layer kernels, as torch.nn.LSTM calls them.
public static partial class Functional
{
    private static readonly Op LstmOp = new("aten::lstm.input");

    /// <summary>A multi-layer LSTM over a whole sequence through libtorch's kernel (<c>aten::lstm.input</c>, what
    /// <c>torch.nn.LSTM</c> runs). <paramref name="parameters"/> lists, per layer and direction, w_ih (4H, in),
    /// w_hh (4H, H) and, with <paramref name="hasBiases"/>, b_ih and b_hh (4H), gates ordered input, forget, cell,
    /// output. <paramref name="h0"/> and <paramref name="c0"/> are (layers * directions, N, H). Dropout
    /// <paramref name="dropout"/> is applied between layers when <paramref name="training"/>. Returns the last
    /// layer's output for every step ((N, L, D*H) with <paramref name="batchFirst"/>, else (L, N, D*H)) and the final
    /// hidden and cell states of every layer.</summary>
    public static (Tensor Output, Tensor H, Tensor C) Lstm(Tensor input, Tensor h0, Tensor c0, IReadOnlyList<Tensor> parameters,
        bool hasBiases, long numLayers, double dropout = 0, bool training = false, bool bidirectional = false,
        bool batchFirst = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var perLayer = (hasBiases ? 4 : 2) * (bidirectional ? 2 : 1);
        if (parameters.Count != perLayer * numLayers)
            throw new ArgumentException($"LSTM with {numLayers} layers{(bidirectional ? " (bidirectional)" : "")} and " +
                $"{(hasBiases ? "biases" : "no biases")} needs {perLayer * numLayers} parameter tensors, got {parameters.Count}", nameof(parameters));
        var result = LstmOp.Tensors(input, new Tensor?[] { h0, c0 }, parameters.ToArray<Tensor?>(), hasBiases, numLayers,
            dropout, training, bidirectional, batchFirst);
        return (result[0]!, result[1]!, result[2]!);
    }
}
