namespace EarthEmbed.Torch.Tests.Tensors;

public class TensorBasicsTests
{
    [Fact]
    public void A_tensor_made_from_an_array_reports_its_shape_type_and_values()
    {
        using var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new long[] { 2, 3 }, t.Shape);
        Assert.Equal(ScalarType.Float32, t.DType);
        Assert.Equal(Device.Cpu, t.Device);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
    }

    [Fact]
    public void Broadcasting_addition_matches_hand_computed_values()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var b = Tensor.FromArray(new float[] { 10, 20, 30 });
        using var c = a + b;
        Assert.Equal(new float[] { 11, 22, 33, 14, 25, 36 }, c.ToArray<float>());
    }

    [Fact]
    public void A_shape_mismatch_becomes_a_TorchException_with_libtorchs_message()
    {
        using var a = Tensor.Ones([2, 3]);
        using var b = Tensor.Ones([4]);
        var e = Assert.Throws<TorchException>(() => a + b);
        Assert.Contains("must match the size of tensor b (4)", e.Message);
        Assert.DoesNotContain("frame #", e.Message);
    }

    [Fact]
    public void Gradients_flow_back_through_recorded_operations()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3 }).RequiresGrad_();
        using var y = (x * x).Sum();
        y.Backward();
        using var g = x.Grad!;
        Assert.Equal(new float[] { 2, 4, 6 }, g.ToArray<float>());
    }

    [Fact]
    public void A_span_over_a_tensor_writes_straight_into_its_storage()
    {
        using var t = Tensor.Zeros([4]);
        var span = t.AsSpan<float>();
        span[2] = 7;
        Assert.Equal(7, t.Select(0, 2).ToDouble());
    }

    [Fact]
    public void A_dispose_scope_frees_every_tensor_made_inside_it_except_those_kept()
    {
        Tensor inner, kept;
        using (var scope = DisposeScope.Enter())
        {
            inner = Tensor.Ones([3]);
            kept = scope.Keep(inner * 2);
        }
        Assert.True(inner.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Equal(new float[] { 2, 2, 2 }, kept.ToArray<float>());
        kept.Dispose();
    }

    [Fact]
    public void Split_returns_every_piece_even_past_the_direct_result_buffer()
    {
        using var t = Tensor.Arange(20);
        var parts = t.Split(1);
        Assert.Equal(20, parts.Length);
        Assert.Equal(19, parts[19].ToInt64());
        foreach (var p in parts) p.Dispose();
    }
}
