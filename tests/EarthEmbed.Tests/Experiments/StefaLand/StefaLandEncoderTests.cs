#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments.StefaLand;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.StefaLand;

public class StefaLandEncoderTests
{
    private static StefaLandEncoder Encoder() => new(variables: 3, attributes: 4, maxDays: 10, dModel: 8, heads: 2, layers: 2,
        feedForward: 16, embedHidden: 5, dropout: 0.0);

    // Modules are made before a dispose scope opens: TorchSharp ties the wrappers of a native module's parameters
    // (LSTM, TransformerEncoder) to the scope open at construction.

    [Fact]
    public void The_encoder_returns_one_token_per_day_plus_the_static_token()
    {
        using var encoder = Encoder();
        using var model = new StefaLandPretrainModel(encoder);
        using var scope = torch.NewDisposeScope();
        var output = encoder.call(torch.randn(2, 7, 3), torch.randn(2, 4), null, null);
        Assert.Equal(new long[] { 2, 8, 8 }, output.shape);
        var (dynamic, statics) = model.call(torch.randn(2, 7, 3), torch.randn(2, 4), null, null);
        Assert.Equal(new long[] { 2, 7, 3 }, dynamic.shape);
        Assert.Equal(new long[] { 2, 4 }, statics.shape);
    }

    [Fact]
    public void The_encoder_keeps_PyTorchs_state_dict_names_and_gives_each_layer_its_own_weights()
    {
        using var encoder = Encoder();
        var names = encoder.state_dict().Keys.ToHashSet();
        foreach (var name in new[] { "position", "dynamic_embedding.weight1", "dynamic_embedding.mask_tokens", "static_embedding.bias2",
                     "transformer.layers.0.self_attn.in_proj_weight", "transformer.layers.1.linear2.bias", "transformer.layers.1.norm2.weight" })
            Assert.Contains(name, names);
        Assert.DoesNotContain(names, n => n.Contains("k__BackingField", StringComparison.Ordinal));
        var layers = encoder.named_parameters().Where(p => p.name.EndsWith("linear1.weight", StringComparison.Ordinal)).Select(p => p.parameter).ToArray();
        Assert.Equal(2, layers.Length);
        Assert.True(layers[0].eq(layers[1]).all().item<bool>());  // the layers start as copies of one layer, as PyTorch's deep copies
        using (torch.no_grad()) layers[0].add_(1);
        Assert.False(layers[0].eq(layers[1]).all().item<bool>());  // but do not share storage
    }

    [Fact]
    public void The_adapter_the_probe_and_the_lstm_give_one_value_per_day()
    {
        using var encoder = Encoder();
        using var adapter = new AdapterModel(encoder, new ResConnAdapter(8, 3, 4, 6, 0.1), freezeEncoder: true);
        using var lstm = new LstmModel(3, 4, 6, 0.1);
        using var scope = torch.NewDisposeScope();
        var (dynamic, statics) = (torch.randn(2, 7, 3), torch.randn(2, 4));
        Assert.Equal(new long[] { 2, 7 }, adapter.call(dynamic, statics).shape);
        Assert.DoesNotContain(adapter.TrainableParameters(), p => encoder.parameters().Any(q => ReferenceEquals(p, q)));
        Assert.Equal(new long[] { 2, 7 }, lstm.call(dynamic, statics).shape);
    }

    [Fact]
    public void A_masked_or_missing_value_does_not_reach_the_encoding()
    {
        using var encoder = Encoder();
        encoder.eval();
        using var scope = torch.NewDisposeScope();
        var dynamic = torch.randn(1, 5, 3);
        var statics = torch.randn(1, 4);
        var mask = torch.zeros(new long[] { 1, 5, 3 }, ScalarType.Bool);
        mask[0, 2, 1] = torch.tensor(true);
        var a = encoder.call(dynamic, statics, mask, null);
        var changed = dynamic.clone();
        changed[0, 2, 1] = torch.tensor(100f);
        Assert.True(a.allclose(encoder.call(changed, statics, mask, null)));
        var missing = dynamic.clone();
        missing[0, 2, 1] = torch.tensor(float.NaN);
        Assert.True(a.allclose(encoder.call(missing, statics, null, null)));  // NaN counts as masked
        Assert.False(a.allclose(encoder.call(changed, statics, null, null))); // unmasked, the value matters
    }

    [Fact]
    public void The_variable_embedding_sums_one_small_mlp_per_variable_as_a_loop_computes_it()
    {
        using var embedding = new VariableEmbedding(3, 4, 5);
        using var scope = torch.NewDisposeScope();
        var x = new float[] { 0.5f, -1.2f, float.NaN, 2.0f, 0.1f, -0.3f };  // 2 rows of 3 variables
        var hide = new[] { false, true, false, false, false, false };
        var tokens = embedding.call(torch.tensor(x, new long[] { 2, 3 }), torch.tensor(hide, new long[] { 2, 3 })).data<float>().ToArray();
        float[] w1 = embedding.Weight1.data<float>().ToArray(), b1 = embedding.Bias1.data<float>().ToArray(),
            w2 = embedding.Weight2.data<float>().ToArray(), b2 = embedding.Bias2.data<float>().ToArray(),
            mask = embedding.MaskTokens.data<float>().ToArray();
        static double Gelu(double z) => 0.5 * z * (1 + Erf(z / Math.Sqrt(2)));
        for (var n = 0; n < 2; n++)
            for (var d = 0; d < 5; d++)
            {
                var expected = 0.0;
                for (var v = 0; v < 3; v++)
                {
                    var value = x[n * 3 + v];
                    if (hide[n * 3 + v] || float.IsNaN(value)) { expected += mask[v * 5 + d]; continue; }
                    expected += b2[v * 5 + d];
                    for (var h = 0; h < 4; h++) expected += Gelu(value * w1[v * 4 + h] + b1[v * 4 + h]) * w2[(v * 4 + h) * 5 + d];
                }
                Assert.Equal(expected, tokens[n * 5 + d], 4);
            }
    }

    // Abramowitz-Stegun 7.1.26 is too coarse for 1e-4; use the series/continued form via Math functions.
    private static double Erf(double x)
    {
        // erf through the regularised incomplete gamma series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)).
        double sum = 0, term = x;
        for (var n = 0; n < 60; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
