using EarthEmbed.Engine.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests;

/// <summary>FillMasked is masked_fill with its scalar kept alive: same values, worked by hand, under collections.</summary>
public class ScalarOpsTests
{
    [Fact]
    public void Fill_masked_equals_masked_fill_and_survives_collections_during_many_calls()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, float.NaN, 3f, float.NaN });
        var filled = x.FillMasked(x.isnan(), -2.5);
        Assert.Equal([1f, -2.5f, 3f, -2.5f], filled.data<float>().ToArray());
        var big = randn(256, 256).masked_fill(rand(256, 256) > 0.5, double.NaN);
        for (var i = 0; i < 200; i++)
        {
            if (i % 10 == 0) GC.Collect();
            using var y = big.FillMasked(big.isnan(), 0.0);
            Assert.False(y.isnan().any().item<bool>());
        }
    }
}
