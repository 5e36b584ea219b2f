using System.Globalization;
using EarthEmbed.Torch.Nn;
using EarthEmbed.Torch.Tests.Reference;

namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>LSTM, MultiheadAttention and the transformer encoder against torch.nn (fixtures from
/// Reference/cases_nn_sequence.py): same initial draws for the same seed, same state dict keys, and the same outputs,
/// input gradients and parameter gradients, dropout included where the fixture fixes the seed before the forward
/// pass.</summary>
[Collection(SeededRandomTests.Name)]
public class SequenceParityTests
{
    private delegate Dictionary<string, Tensor> Call(Module module, IReadOnlyDictionary<string, Tensor> x);

    private static Dictionary<string, Tensor> Lstm(Module m, IReadOnlyDictionary<string, Tensor> x)
    {
        var lstm = (LSTM)m;
        var (output, (h, c)) = x.ContainsKey("h0") ? lstm.Forward(x["x"], (x["h0"], x["c0"])) : lstm.Forward(x["x"]);
        return new() { ["output"] = output, ["h"] = h, ["c"] = c };
    }

    private static Dictionary<string, Tensor> Attention(Module m, IReadOnlyDictionary<string, Tensor> x)
    {
        var mha = (MultiheadAttention)m;
        // The same tensor object for self-attention and for shared key/value, as the Python side passes them.
        var q = x.GetValueOrDefault("x") ?? x["q"];
        var k = x.GetValueOrDefault("x") ?? x.GetValueOrDefault("kv") ?? x["k"];
        var v = x.GetValueOrDefault("x") ?? x.GetValueOrDefault("kv") ?? x["v"];
        var perHead = x.ContainsKey("k");
        var needWeights = !x.ContainsKey("no_weights");
        var (output, weights) = mha.Forward(q, k, v, x.GetValueOrDefault("kpm"), needWeights, x.GetValueOrDefault("mask"), averageAttnWeights: !perHead);
        var result = new Dictionary<string, Tensor> { ["output"] = output };
        if (weights is not null) result["weights"] = weights;
        return result;
    }

    private static Dictionary<string, Tensor> Encoder(Module m, IReadOnlyDictionary<string, Tensor> x) => new()
    {
        ["output"] = m switch
        {
            TransformerEncoderLayer layer => layer.Forward(x["x"], x.GetValueOrDefault("mask"), x.GetValueOrDefault("kpm")),
            TransformerEncoder stack => stack.Forward(x["x"], x.GetValueOrDefault("mask"), x.GetValueOrDefault("kpm")),
            _ => throw new InvalidOperationException(m.GetType().Name),
        },
    };

    private static readonly Dictionary<string, (Func<Module> Build, Call Call)> Cases = new(StringComparer.Ordinal)
    {
        ["lstm_2layer_batchfirst"] = (() => new LSTM(5, 7, numLayers: 2, batchFirst: true), Lstm),
        ["lstm_2layer_batchfirst_state"] = (() => new LSTM(5, 7, numLayers: 2, batchFirst: true), Lstm),
        ["lstm_bidirectional_seqfirst_nobias_f32"] = (() => new LSTM(4, 6, numLayers: 2, bias: false, bidirectional: true), Lstm),
        ["lstm_unbatched"] = (() => new LSTM(3, 4), Lstm),
        ["lstm_dropout_train_f32"] = (() => new LSTM(4, 8, numLayers: 3, batchFirst: true, dropout: 0.3), Lstm),
        ["mha_self_batchfirst_masks"] = (() => new MultiheadAttention(8, 2, batchFirst: true), Attention),
        ["mha_cross_seqfirst_floatmask_f32"] = (() => new MultiheadAttention(6, 3), Attention),
        ["mha_separate_qkv_3dmask_perhead"] = (() => new MultiheadAttention(8, 4, bias: false, batchFirst: true), Attention),
        ["mha_unbatched"] = (() => new MultiheadAttention(4, 2), Attention),
        ["mha_dropout_train_noweights"] = (() => new MultiheadAttention(8, 2, dropout: 0.3, batchFirst: true), Attention),
        ["encoder_layer_postnorm_eval"] = (() => new TransformerEncoderLayer(8, 2, 16, dropout: 0.1, batchFirst: true), Encoder),
        ["encoder_layer_prenorm_gelu_eval"] = (() => new TransformerEncoderLayer(8, 2, 16, activation: "gelu", normFirst: true), Encoder),
        ["encoder_layer_prenorm_train_f32"] = (() => new TransformerEncoderLayer(8, 2, 16, dropout: 0.2, batchFirst: true, normFirst: true), Encoder),
        ["encoder_stack_eval"] = (() => new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, batchFirst: true), 3, new LayerNorm(8)), Encoder),
    };

    public static IEnumerable<object[]> Fixtures() => ReferenceFixtures.Cases("nnseq");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Sequence_layer_matches_PyTorch_in_init_outputs_and_gradients(string name)
    {
        Assert.True(Cases.ContainsKey(name), $"fixture nnseq.{name} has no C# case in SequenceParityTests");
        using var scope = DisposeScope.Enter();
        var f = NnFixture.Load("nnseq", name);
        var (build, call) = Cases[name];
        using var module = f.Prepare(build);
        var (rtol, atol) = f.Tolerance(convOrAttention: true);

        var gin = f.WithPrefix("gin");
        var inputs = f.WithPrefix("in").ToDictionary(kv => kv.Key,
            kv => kv.Value.DType == ScalarType.UInt8 ? kv.Value.To(ScalarType.Bool)
                : gin.ContainsKey(kv.Key) ? kv.Value.RequiresGrad_() : kv.Value, StringComparer.Ordinal);
        if (name.Contains("noweights", StringComparison.Ordinal)) inputs["no_weights"] = inputs.Values.First();
        if (f.Meta.TryGetValue("dropout_seed", out var dropoutSeed)) Engine.ManualSeed(long.Parse(dropoutSeed, CultureInfo.InvariantCulture));
        var outputs = call(module, inputs);

        var expected = f.WithPrefix("out");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), outputs.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, want) in expected)
            ReferenceFixtures.AssertClose(want, outputs[key], rtol, atol, "output " + key);
        var gout = f.WithPrefix("gout");
        var loss = outputs.Select(kv => (kv.Value * gout[kv.Key]).Sum()).Aggregate((a, b) => a + b);
        loss.Backward();
        foreach (var (key, want) in gin)
            ReferenceFixtures.AssertClose(want, inputs[key].Grad!, rtol, atol, "input gradient " + key);
        f.AssertParameterGrads(module, rtol, atol);
        Assert.Equal(f.Repr, module.ToString());
    }

    [Fact]
    public void Every_case_has_a_fixture()
    {
        var fixtures = Fixtures().Select(c => (string)c[0]).ToHashSet();
        foreach (var key in Cases.Keys) Assert.Contains(key, fixtures);
    }
}
