namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>How failures surface: libtorch errors as <see cref="TorchException"/> with libtorch's own message (no C++
/// backtrace), misuse of .NET-side handles as the usual .NET exceptions.</summary>
public class ErrorTests
{
    private static void IsCleanLibtorchMessage(TorchException e)
    {
        Assert.DoesNotContain("frame #", e.Message);
        Assert.DoesNotContain("Exception raised from", e.Message);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void A_broadcast_shape_mismatch_carries_libtorchs_message()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Tensor.Ones([2, 3]) * Tensor.Ones([2, 4]));
        Assert.Contains("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1", e.Message);
        IsCleanLibtorchMessage(e);
    }

    [Fact]
    public void A_matrix_product_of_mismatched_shapes_names_both_shapes()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Tensor.Ones([2, 3]).MatMul(Tensor.Ones([4, 5])));
        Assert.Contains("2x3", e.Message);
        Assert.Contains("4x5", e.Message);
        IsCleanLibtorchMessage(e);
    }

    [Fact]
    public void The_mean_of_an_integer_tensor_is_a_dtype_error()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Tensor.Arange(5).Mean());
        Assert.Contains("Long", e.Message);
        IsCleanLibtorchMessage(e);
    }

    [Fact]
    public void A_convolution_with_the_wrong_channel_count_says_what_it_expected()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Functional.Conv2d(Tensor.Ones([1, 3, 8, 8]), Tensor.Ones([4, 2, 3, 3])));
        Assert.Contains("expected input[1, 3, 8, 8] to have 2 channels, but got 3 channels instead", e.Message);
        IsCleanLibtorchMessage(e);
    }

    [Fact]
    public void Wrong_element_types_for_an_op_name_the_expected_type()
    {
        using var scope = DisposeScope.Enter();
        var mm = Assert.Throws<TorchException>(() => Tensor.Ones([2, 2]).Mm(Tensor.Ones([2, 2], ScalarType.Float64)));
        Assert.Contains("expected scalar type Float but found Double", mm.Message);
        IsCleanLibtorchMessage(mm);
        var ce = Assert.Throws<TorchException>(() => Functional.CrossEntropy(Tensor.Ones([4, 3]), Tensor.Ones([4])));
        Assert.Contains("expected scalar type Long but found Float", ce.Message);
        IsCleanLibtorchMessage(ce);
        var index = Assert.Throws<TorchException>(() => Tensor.Ones([2, 2]).IndexSelect(0, Tensor.Zeros([1])));
        Assert.Contains("Expected dtype int32 or int64 for index", index.Message);
    }

    [Fact]
    public void Reading_one_number_from_a_tensor_of_several_fails()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Tensor.Ones([3]).ToDouble());
        Assert.Contains("3 elements", e.Message);
        IsCleanLibtorchMessage(e);
    }

    [Fact]
    public void An_error_does_not_linger_into_the_next_call()
    {
        using var scope = DisposeScope.Enter();
        Assert.Throws<TorchException>(() => Tensor.Ones([2]) + Tensor.Ones([3]));
        Assert.Equal(4.0, (Tensor.Ones([2]) + Tensor.Ones([2])).Sum().ToDouble());
        var second = Assert.Throws<TorchException>(() => Tensor.Ones([2, 2]).View(3));
        Assert.Contains("shape '[3]' is invalid for input of size 4", second.Message);
    }

    [Fact]
    public void Errors_on_two_threads_keep_their_own_messages()
    {
        string? a = null, b = null;
        var ta = new Thread(() => a = Assert.Throws<TorchException>(() => { using var s = DisposeScope.Enter(); _ = Tensor.Ones([2]) + Tensor.Ones([3]); }).Message);
        var tb = new Thread(() => b = Assert.Throws<TorchException>(() => { using var s = DisposeScope.Enter(); _ = Tensor.Ones([2, 2]).View(5); }).Message);
        ta.Start();
        tb.Start();
        ta.Join();
        tb.Join();
        Assert.Contains("must match the size", a);
        Assert.Contains("invalid for input of size 4", b);
    }

    [Fact]
    public void Using_a_disposed_tensor_throws_ObjectDisposedException()
    {
        var t = Tensor.Ones([3]);
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.Shape);
        Assert.Throws<ObjectDisposedException>(() => t.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => t.Add(1));
        Assert.Equal("Tensor(disposed)", t.ToString());
        t.Dispose();  // a second Dispose is harmless
    }

    [Fact]
    public void A_tensor_freed_by_its_scope_throws_ObjectDisposedException()
    {
        Tensor t;
        using (DisposeScope.Enter()) t = Tensor.Ones([3]) * 2;
        var e = Assert.Throws<ObjectDisposedException>(() => t.Sum());
        Assert.Contains("DisposeScope", e.Message);
    }

    [Fact]
    public void ToArray_with_the_wrong_element_type_explains_the_conversion()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.Ones([2], ScalarType.Float64);
        var e = Assert.Throws<InvalidOperationException>(() => t.ToArray<float>());
        Assert.Contains("Float32", e.Message);
        Assert.Contains("Float64", e.Message);
        Assert.Contains("To(ScalarType.Float32)", e.Message);
        Assert.Throws<InvalidOperationException>(() => t.AsSpan<long>().Length);
        Assert.Throws<InvalidOperationException>(() => t.CopyFrom<int>(new[] { 1, 2 }));
    }

    [Fact]
    public void Functional_arguments_out_of_range_are_rejected_before_reaching_libtorch()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Ones([1, 1, 4, 4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout(x, 1.5, true));
        Assert.Throws<ArgumentException>(() => Functional.Interpolate(x));
        Assert.Throws<ArgumentException>(() => Functional.Interpolate(x, size: [8, 8], scale: 2));
        Assert.Throws<ArgumentException>(() => Functional.Interpolate(x, scale: 2, alignCorners: true));
        Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, Tensor.Ones([1, 1, 3, 3]), null, "full"));
        Assert.Throws<ArgumentException>(() => Functional.Gelu(x, "fast"));
        Assert.Throws<ArgumentException>(() => Functional.BatchNorm(x, null, null, training: false));
        Assert.Throws<ArgumentException>(() => Autograd.Grad([x.Sum()], [x], [null, null]));
    }
}
