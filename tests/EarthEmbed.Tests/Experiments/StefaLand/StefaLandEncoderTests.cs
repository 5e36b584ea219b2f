#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Torch;

namespace EarthEmbed.Tests.Experiments.StefaLand;

public class StefaLandEncoderTests
{
    private static StefaLandEncoder Encoder() => new(variables: 3, attributes: 4, maxDays: 10, dModel: 8, heads: 2, layers: 2,
        feedForward: 16, embedHidden: 5, dropout: 0.0);

    [Fact]
    public void The_encoder_returns_one_token_per_day_plus_the_static_token()
    {
        using var encoder = Encoder();
        using var scope = DisposeScope.Enter();
        var output = encoder.Forward((Tensor.Randn([2, 7, 3]), Tensor.Randn([2, 4])));
        Assert.Equal(new long[] { 2, 8, 8 }, output.Shape);
        using var model = new StefaLandPretrainModel(encoder);
        var (dynamic, statics) = model.Forward((Tensor.Randn([2, 7, 3]), Tensor.Randn([2, 4])));
        Assert.Equal(new long[] { 2, 7, 3 }, dynamic.Shape);
        Assert.Equal(new long[] { 2, 4 }, statics.Shape);
    }

    [Fact]
    public void The_adapter_the_probe_and_the_lstm_give_one_value_per_day()
    {
        using var encoder = Encoder();
        using var scope = DisposeScope.Enter();
        var input = (Tensor.Randn([2, 7, 3]), Tensor.Randn([2, 4]));
        using var adapter = new AdapterModel(encoder, new ResConnAdapter(8, 3, 4, 6, 0.1), freezeEncoder: true);
        Assert.Equal(new long[] { 2, 7 }, adapter.Forward(input).Shape);
        Assert.DoesNotContain(adapter.TrainableParameters(), p => encoder.Parameters().Contains(p));
        using var lstm = new LstmModel(3, 4, 6, 0.1);
        Assert.Equal(new long[] { 2, 7 }, lstm.Forward(input).Shape);
    }

    [Fact]
    public void A_masked_or_missing_value_does_not_reach_the_encoding()
    {
        using var encoder = Encoder();
        encoder.Eval();
        using var scope = DisposeScope.Enter();
        var dynamic = Tensor.Randn([1, 5, 3]);
        var statics = Tensor.Randn([1, 4]);
        var mask = Tensor.Zeros([1, 5, 3], ScalarType.Bool);
        mask.IndexPut_([Tensor.FromArray(new long[] { 0 }), Tensor.FromArray(new long[] { 2 }), Tensor.FromArray(new long[] { 1 })], Tensor.Scalar(true));
        var a = encoder.Forward(dynamic, statics, mask, null);
        var changed = dynamic.Clone();
        changed.IndexPut_([Tensor.FromArray(new long[] { 0 }), Tensor.FromArray(new long[] { 2 }), Tensor.FromArray(new long[] { 1 })], Tensor.Scalar(100f));
        Assert.True(a.AllClose(encoder.Forward(changed, statics, mask, null)));
        var missing = dynamic.Clone();
        missing.IndexPut_([Tensor.FromArray(new long[] { 0 }), Tensor.FromArray(new long[] { 2 }), Tensor.FromArray(new long[] { 1 })], Tensor.Scalar(float.NaN));
        Assert.True(a.AllClose(encoder.Forward(missing, statics, null, null)));  // NaN counts as masked
        Assert.False(a.AllClose(encoder.Forward(changed, statics, null, null))); // unmasked, the value matters
    }

    [Fact]
    public void The_variable_embedding_sums_one_small_mlp_per_variable_as_a_loop_computes_it()
    {
        using var embedding = new VariableEmbedding(3, 4, 5);
        using var scope = DisposeScope.Enter();
        var x = new float[] { 0.5f, -1.2f, float.NaN, 2.0f, 0.1f, -0.3f };  // 2 rows of 3 variables
        var hide = new[] { false, true, false, false, false, false };
        var tokens = embedding.Forward(Tensor.FromArray(x, 2, 3), Tensor.FromArray(hide, 2, 3)).ToArray<float>();
        float[] w1 = embedding.Weight1.ToArray<float>(), b1 = embedding.Bias1.ToArray<float>(), w2 = embedding.Weight2.ToArray<float>(),
            b2 = embedding.Bias2.ToArray<float>(), mask = embedding.MaskTokens.ToArray<float>();
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
