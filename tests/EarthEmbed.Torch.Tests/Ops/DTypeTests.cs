namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Element types and the bridge between .NET memory and tensors: arrays and spans in and out, shape, dtype
/// and device, for float32, float64, int64, uint8 and bool (the types the engine promises), plus the smaller ones.</summary>
public class DTypeTests
{
    private static void RoundTrips<T>(T[] values, ScalarType expected) where T : unmanaged
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.FromArray(values, 2, values.Length / 2);
        Assert.Equal(expected, t.DType);
        Assert.Equal(new long[] { 2, values.Length / 2 }, t.Shape);
        Assert.Equal(2, t.Dim);
        Assert.Equal(values.Length, t.NumEl);
        Assert.Equal(Device.Cpu, t.Device);
        Assert.True(t.IsContiguous);
        Assert.Equal(values, t.ToArray<T>());
        Assert.Equal(values, t.AsSpan<T>().ToArray());
        var fromSpan = Tensor.FromSpan<T>(values.AsSpan(), [values.Length]);
        Assert.Equal(values, fromSpan.ToArray<T>());
        var copy = Tensor.Zeros([2, values.Length / 2], expected);
        copy.CopyFrom<T>(values);
        Assert.Equal(values, copy.ToArray<T>());
    }

    [Fact]
    public void Float32_values_round_trip_through_arrays_and_spans() =>
        RoundTrips<float>([1.5f, -2.25f, float.MaxValue, float.Epsilon, 0f, float.NegativeInfinity], ScalarType.Float32);

    [Fact]
    public void Float64_values_round_trip_through_arrays_and_spans() =>
        RoundTrips<double>([Math.PI, -1e300, double.Epsilon, 0.1, -0.0, 7], ScalarType.Float64);

    [Fact]
    public void Int64_values_round_trip_through_arrays_and_spans() =>
        RoundTrips<long>([long.MinValue, -1L, 0L, 1L, long.MaxValue, 1L << 40], ScalarType.Int64);

    [Fact]
    public void UInt8_values_round_trip_through_arrays_and_spans() =>
        RoundTrips<byte>([0, 1, 127, 128, 254, 255], ScalarType.UInt8);

    [Fact]
    public void Bool_values_round_trip_through_arrays_and_spans() =>
        RoundTrips<bool>([true, false, false, true, true, false], ScalarType.Bool);

    [Fact]
    public void Smaller_integer_and_half_types_round_trip_too()
    {
        RoundTrips<int>([int.MinValue, -7, 0, 9, int.MaxValue, 3], ScalarType.Int32);
        RoundTrips<short>([short.MinValue, -7, 0, 9, short.MaxValue, 3], ScalarType.Int16);
        RoundTrips<sbyte>([sbyte.MinValue, -7, 0, 9, sbyte.MaxValue, 3], ScalarType.Int8);
        RoundTrips<Half>([(Half)1.5, (Half)(-2), Half.MaxValue, (Half)0, (Half)0.25, (Half)3], ScalarType.Float16);
    }

    [Fact]
    public void A_bool_tensor_counts_its_true_values_when_summed_as_int64()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.FromArray<bool>([true, false, true, true]);
        var sum = t.Sum();
        Assert.Equal(ScalarType.Int64, sum.DType);
        Assert.Equal(3, sum.ToInt64());
    }

    [Fact]
    public void ToArray_of_a_transposed_view_returns_its_logical_row_major_order()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3).T();
        Assert.False(t.IsContiguous);
        Assert.Equal(new long[] { 1, 3 }, t.Strides);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, t.ToArray<double>());
    }

    [Fact]
    public void A_zero_dimensional_scalar_has_an_empty_shape_and_one_element()
    {
        using var scope = DisposeScope.Enter();
        var s = Tensor.Scalar(2.5);
        Assert.Empty(s.Shape);
        Assert.Equal(0, s.Dim);
        Assert.Equal(1, s.NumEl);
        Assert.Equal(2.5, s.ToDouble());
        Assert.Equal(2.5f, s.ToSingle());
        Assert.Equal(42, Tensor.Scalar(42L).ToInt64());
        Assert.Equal(ScalarType.Bool, Tensor.Scalar(true).DType);
    }

    [Fact]
    public void A_tensor_with_no_elements_round_trips_as_an_empty_array()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.FromSpan<float>(ReadOnlySpan<float>.Empty, [0, 3]);
        Assert.Equal(new long[] { 0, 3 }, t.Shape);
        Assert.Empty(t.ToArray<float>());
    }

    [Fact]
    public void Writes_through_a_span_are_seen_by_later_operations()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.Zeros([2, 2], ScalarType.Int64);
        var span = t.AsSpan<long>();
        span[3] = 9;
        span[0] = -4;
        Assert.Equal(5, t.Sum().ToInt64());
    }

    [Fact]
    public void Data_whose_length_does_not_fit_the_shape_is_rejected_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[5], 2, 3));
        Assert.Contains("5 elements", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Equal("data", e.ParamName);
    }

    [Fact]
    public void CopyFrom_with_the_wrong_element_count_fails_without_writing()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.Zeros([4]);
        var e = Assert.Throws<TorchException>(() => t.CopyFrom<float>(new float[] { 1, 2, 3 }));
        Assert.Contains("12 bytes", e.Message);
        Assert.Equal(0, t.Sum().ToDouble());
    }

    [Fact]
    public void A_span_over_a_non_contiguous_view_is_refused_with_advice()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.Zeros([2, 3]).T();
        var e = Assert.Throws<TorchException>(() => t.AsSpan<float>().Length);
        Assert.Contains("Contiguous()", e.Message);
    }

    [Fact]
    public void Element_sizes_and_floating_flags_match_libtorch()
    {
        Assert.Equal(4, ScalarType.Float32.ElementSize());
        Assert.Equal(8, ScalarType.Float64.ElementSize());
        Assert.Equal(8, ScalarType.Int64.ElementSize());
        Assert.Equal(1, ScalarType.UInt8.ElementSize());
        Assert.Equal(1, ScalarType.Bool.ElementSize());
        Assert.True(ScalarType.Float64.IsFloatingPoint());
        Assert.False(ScalarType.Int64.IsFloatingPoint());
        using var scope = DisposeScope.Enter();
        foreach (var type in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.UInt8, ScalarType.Bool })
        {
            var t = Tensor.Zeros([3], type);
            Assert.Equal(type, t.DType);
            Assert.Equal(3 * type.ElementSize(), t.AsBytes().Length);
        }
    }

    [Fact]
    public void Devices_parse_and_print_like_PyTorch()
    {
        Assert.Equal(Device.Cpu, Device.Parse("cpu"));
        Assert.Equal(Device.Cuda(1), Device.Parse("cuda:1"));
        Assert.Equal("cuda:1", Device.Cuda(1).ToString());
        Assert.Equal("cpu", Device.Cpu.ToString());
        Assert.Throws<ArgumentException>(() => Device.Parse("gpu"));
    }

    [Fact]
    public void Moving_to_the_cpu_keeps_values_and_converting_changes_the_type()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.FromArray(new[] { 1.75, -2.5 });
        var moved = t.To(Device.Cpu, ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, moved.DType);
        Assert.Equal(new[] { 1.75f, -2.5f }, moved.ToArray<float>());
        Assert.Equal(new long[] { 1, -2 }, t.To(ScalarType.Int64).ToArray<long>());
    }
}
