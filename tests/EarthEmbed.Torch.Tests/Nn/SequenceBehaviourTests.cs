using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>Modes, copies, dtype moves and input validation of the sequence layers.</summary>
public class SequenceBehaviourTests
{
    private static readonly bool[] PaddedKeys = [false, false, false, true, false, false, true, true];

    private static bool AllFinite(Tensor t) => t.IsFinite().All().ToInt64() == 1;

    [Fact]
    public void Encoder_layer_in_training_is_random_finite_and_shaped_like_its_input_and_deterministic_in_eval()
    {
        using var scope = DisposeScope.Enter();
        using var layer = new TransformerEncoderLayer(16, 4, 32, dropout: 0.3, batchFirst: true, normFirst: true);
        var x = Tensor.Randn([3, 7, 16]);
        var kpm = Tensor.Arange(7).Unsqueeze(0).Ge(Tensor.FromArray(new long[] { 7, 5, 6 }).Unsqueeze(1));
        var a = layer.Forward(x, null, kpm);
        var b = layer.Forward(x, null, kpm);
        Assert.Equal(new long[] { 3, 7, 16 }, a.Shape);
        Assert.True(AllFinite(a) && AllFinite(b));
        Assert.False(a.AllClose(b), "dropout should make two training passes differ");
        layer.Eval();
        Assert.True(layer.Forward(x, null, kpm).Equal(layer.Forward(x, null, kpm)));
        a.Sum().Backward();
        Assert.All(layer.Parameters(), p => Assert.NotNull(p.Grad));
    }

    [Fact]
    public void Encoder_stack_copies_start_equal_but_do_not_share_storage()
    {
        using var scope = DisposeScope.Enter();
        using var encoder = new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16), 3, new LayerNorm(8));
        Assert.Equal(3, encoder.NumLayers);
        var w0 = encoder.Layers[0].Linear1.Weight;
        var w2 = encoder.Layers[2].Linear1.Weight;
        Assert.True(w0.Equal(w2));
        using (GradMode.Disable()) w2.Add_(1);
        Assert.False(w0.Equal(w2));
        var keys = encoder.StateDict().Keys.ToList();
        Assert.Contains("layers.2.self_attn.out_proj.weight", keys);
        Assert.Contains("norm.bias", keys);
        Assert.Equal(3 * 12 + 2, keys.Count);
        encoder.Eval();
        Assert.All(encoder.NamedModules(), m => Assert.False(m.Module.Training, m.Name));
    }

    [Fact]
    public void Encoder_layer_copy_follows_the_originals_dtype()
    {
        using var scope = DisposeScope.Enter();
        using var layer = new TransformerEncoderLayer(8, 2, 16);
        layer.To(Device.Cpu, ScalarType.Float64);
        using var copy = layer.Copy();
        Assert.All(copy.Parameters(), p => Assert.Equal(ScalarType.Float64, p.DType));
        Assert.True(copy.Linear2.Bias!.Equal(layer.Linear2.Bias!));
    }

    [Fact]
    public void LSTM_moved_to_float64_keeps_its_flat_weights_and_runs_in_float64()
    {
        using var scope = DisposeScope.Enter();
        using var lstm = new LSTM(3, 5, numLayers: 2, batchFirst: true);
        var before = lstm.FlatWeights.ToList();
        lstm.To(Device.Cpu, ScalarType.Float64);
        Assert.Equal(before, lstm.FlatWeights);
        Assert.Same(lstm.Parameters().First(), lstm.FlatWeights[0]);
        var (output, (h, c)) = lstm.Forward(Tensor.Randn([4, 6, 3], ScalarType.Float64));
        Assert.Equal(new long[] { 4, 6, 5 }, output.Shape);
        Assert.Equal(new long[] { 2, 4, 5 }, h.Shape);
        Assert.Equal(ScalarType.Float64, c.DType);
        // The last step of the last layer's output is that layer's final hidden state.
        Assert.True(output.Select(1, 5).Equal(h.Select(0, 1)));
    }

    [Fact]
    public void LSTM_dropout_between_layers_acts_only_in_training()
    {
        using var scope = DisposeScope.Enter();
        using var lstm = new LSTM(4, 8, numLayers: 2, dropout: 0.5);
        var x = Tensor.Randn([5, 2, 4]);
        Assert.False(lstm.Forward(x).Output.Equal(lstm.Forward(x).Output));
        lstm.Eval();
        Assert.True(lstm.Forward(x).Output.Equal(lstm.Forward(x).Output));
    }

    [Fact]
    public void LSTM_names_the_wrong_feature_count_and_state_shape()
    {
        using var scope = DisposeScope.Enter();
        using var lstm = new LSTM(5, 7, numLayers: 2, batchFirst: true);
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros([3, 4, 6])));
        Assert.Contains("input has 6 features in its last dimension, expected 5", e.Message, StringComparison.Ordinal);
        var h = Tensor.Zeros([1, 3, 7]);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros([3, 4, 5]), (h, h)));
        Assert.Contains("h0 must have shape [2, 3, 7], got [1, 3, 7]", e.Message, StringComparison.Ordinal);
        Assert.Equal("LSTM(5, 7, num_layers=2, batch_first=True)", lstm.ToString());
    }

    [Fact]
    public void Attention_names_wrong_sizes_and_masks()
    {
        using var scope = DisposeScope.Enter();
        using var mha = new MultiheadAttention(8, 2, batchFirst: true);
        var e = Assert.Throws<ArgumentException>(() => mha.Forward(Tensor.Zeros([2, 3, 6]), Tensor.Zeros([2, 3, 6]), Tensor.Zeros([2, 3, 6])));
        Assert.Contains("query has 6 features, expected 8", e.Message, StringComparison.Ordinal);
        var x = Tensor.Zeros([2, 3, 8]);
        e = Assert.Throws<ArgumentException>(() => mha.Forward(x, x, x, keyPaddingMask: Tensor.Zeros([2, 4], ScalarType.Bool)));
        Assert.Contains("key_padding_mask is [2, 4], should be [2, 3]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => mha.Forward(x, x, x, attnMask: Tensor.Zeros([3, 4], ScalarType.Bool)));
        Assert.Contains("should be [3, 3]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MultiheadAttention(10, 3));
    }

    [Fact]
    public void Attention_weights_hide_padded_keys_and_rows_sum_to_one()
    {
        using var scope = DisposeScope.Enter();
        using var mha = new MultiheadAttention(8, 2, batchFirst: true);
        var x = Tensor.Randn([2, 4, 8]);
        var kpm = Tensor.FromArray(PaddedKeys, 2, 4);
        var (output, weights) = mha.Forward(x, x, x, kpm);
        Assert.Equal(new long[] { 2, 4, 8 }, output.Shape);
        Assert.Equal(new long[] { 2, 4, 4 }, weights!.Shape);
        Assert.True(weights.Sum(-1).AllClose(Tensor.Ones([2, 4]), 1e-5, 1e-6));
        Assert.Equal(0, weights.Select(0, 0).Select(1, 3).Abs().Sum().ToDouble());
        Assert.Equal(0, weights.Select(0, 1).Narrow(1, 2, 2).Abs().Sum().ToDouble());
    }

    [Fact]
    public void Sequence_layers_leave_only_their_results_in_the_callers_scope()
    {
        using var mha = new MultiheadAttention(8, 2, batchFirst: true);
        using var layer = new TransformerEncoderLayer(8, 2, 16, batchFirst: true);
        using var lstm = new LSTM(8, 4, numLayers: 2, batchFirst: true);
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([2, 5, 8]);
        var before = scope.Count;
        mha.Forward(x, x, x);
        Assert.Equal(before + 2, scope.Count);  // output and weights
        layer.Forward(x);
        Assert.Equal(before + 3, scope.Count);
        lstm.Forward(x);
        Assert.Equal(before + 6, scope.Count);  // output, h, c
    }
}
