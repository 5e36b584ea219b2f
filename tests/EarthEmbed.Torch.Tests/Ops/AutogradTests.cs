namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Autograd's bookkeeping, checked against hand-worked derivatives: requires_grad, leaves, backward,
/// accumulation and clearing of .Grad, retained graphs, no-grad scopes (per thread), detach, Autograd.Grad.</summary>
public class AutogradTests
{
    private static Tensor X() => Tensor.FromArray(new[] { 1.0, -2.0, 3.0 });

    private static void Values(Tensor t, params double[] expected) => Assert.Equal(expected, t.ToArray<double>());

    [Fact]
    public void Requires_grad_spreads_to_results_and_only_user_tensors_are_leaves()
    {
        using var scope = DisposeScope.Enter();
        var plain = X();
        Assert.False(plain.RequiresGrad);
        Assert.False((plain * 2).RequiresGrad);
        var x = X().RequiresGrad_();
        var y = x * 2;
        Assert.True(x.RequiresGrad);
        Assert.True(x.IsLeaf);
        Assert.True(y.RequiresGrad);
        Assert.False(y.IsLeaf);
        x.RequiresGrad = false;
        Assert.False((x * 2).RequiresGrad);
    }

    [Fact]
    public void Backward_accumulates_into_Grad_until_it_is_set_to_null()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        Assert.Null(x.Grad);
        (x * x).Sum().Backward();
        Values(x.Grad!, 2.0, -4.0, 6.0);
        (x * x).Sum().Backward();
        Values(x.Grad!, 4.0, -8.0, 12.0);
        x.Grad = null;  // zero_grad(set_to_none=True)
        Assert.Null(x.Grad);
        (x * 3).Sum().Backward();
        Values(x.Grad!, 3.0, 3.0, 3.0);
    }

    [Fact]
    public void A_gradient_can_be_set_by_hand_but_only_with_a_matching_shape_and_type()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        x.Grad = Tensor.Ones([3], ScalarType.Float64);
        (x * 2).Sum().Backward();
        Values(x.Grad!, 3.0, 3.0, 3.0);
        Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Ones([4], ScalarType.Float64));
        Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Ones([3], ScalarType.Float32));
    }

    [Fact]
    public void Only_floating_tensors_can_require_grad()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Tensor.Arange(3).RequiresGrad_());
        Assert.Contains("floating point", e.Message);
    }

    [Fact]
    public void Backward_of_a_non_scalar_needs_an_upstream_gradient()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        var y = x * x;
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("grad can be implicitly created only for scalar outputs", e.Message);
        y.Backward(Tensor.FromArray(new[] { 1.0, 0.5, -1.0 }));
        Values(x.Grad!, 2.0, -2.0, -6.0);
    }

    [Fact]
    public void A_graph_is_freed_after_backward_unless_retained()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        var y = x.Exp().Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(X().Exp().Mul(2).ToArray<double>(), x.Grad!.ToArray<double>());
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("backward through the graph a second time", e.Message);
    }

    [Fact]
    public void Backward_with_create_graph_gives_a_gradient_that_can_be_differentiated_again()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        x.Pow(3).Sum().Backward(createGraph: true);
        var g = x.Grad!;  // 3 x^2
        Assert.True(g.RequiresGrad);
        var second = Autograd.Grad([g.Sum()], [x])[0]!;  // 6 x
        Values(second, 6.0, -12.0, 18.0);
    }

    [Fact]
    public void Autograd_Grad_returns_gradients_without_touching_Grad()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        var w = Tensor.Full([3], 0.5, ScalarType.Float64).RequiresGrad_();
        var grads = Autograd.Grad([(x * w).Sum()], [x, w]);
        Values(grads[0]!, 0.5, 0.5, 0.5);
        Values(grads[1]!, 1.0, -2.0, 3.0);
        Assert.Null(x.Grad);
        Assert.Null(w.Grad);
    }

    [Fact]
    public void An_unused_input_is_null_only_when_allowed()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        var unused = X().RequiresGrad_();
        var grads = Autograd.Grad([(x * 2).Sum()], [x, unused], retainGraph: true, allowUnused: true);
        Assert.NotNull(grads[0]);
        Assert.Null(grads[1]);
        var e = Assert.Throws<TorchException>(() => Autograd.Grad([(x * 2).Sum()], [x, unused]));
        Assert.Contains("not have been used in the graph", e.Message);
    }

    [Fact]
    public void RetainGrad_keeps_the_gradient_of_an_intermediate_result()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        var y = x * 2;
        y.RetainGrad();
        (y * y).Sum().Backward();
        Values(y.Grad!, 4.0, -8.0, 12.0);  // 2 y
    }

    [Fact]
    public void Nothing_is_recorded_inside_a_no_grad_scope_and_the_mode_is_restored_after()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        Assert.True(GradMode.IsEnabled);
        Tensor inside, reenabled;
        using (GradMode.Disable())
        {
            Assert.False(GradMode.IsEnabled);
            inside = x * 2;
            using (GradMode.Enable()) reenabled = x * 2;
            Assert.False(GradMode.IsEnabled);
        }
        Assert.True(GradMode.IsEnabled);
        Assert.False(inside.RequiresGrad);
        Assert.True(reenabled.RequiresGrad);
    }

    [Fact]
    public void The_grad_mode_is_restored_when_the_scope_ends_by_an_exception()
    {
        try
        {
            using (GradMode.Disable()) throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException)
        {
        }
        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public void The_grad_mode_belongs_to_the_thread_that_set_it()
    {
        bool? otherThread = null;
        using (GradMode.Disable())
        {
            var t = new Thread(() => otherThread = GradMode.IsEnabled);
            t.Start();
            t.Join();
        }
        Assert.True(otherThread);
    }

    [Fact]
    public void Detach_shares_storage_but_cuts_the_graph()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        var d = x.Detach();
        Assert.False(d.RequiresGrad);
        d.AsSpan<double>()[0] = 10;
        Assert.Equal(10.0, x.Select(0, 0).ToDouble());
        (x * d).Sum().Backward();
        Values(x.Grad!, 10.0, -2.0, 3.0);  // d, not 2x
    }

    [Fact]
    public void Gradients_flow_through_in_place_updates_of_a_copy()
    {
        using var scope = DisposeScope.Enter();
        var x = X().RequiresGrad_();
        var y = x.Clone().Mul_(3).Add_(1);
        y.Sum().Backward();
        Values(x.Grad!, 3.0, 3.0, 3.0);
        var e = Assert.Throws<TorchException>(() => x.Mul_(2));
        Assert.Contains("leaf Variable that requires grad", e.Message);
    }
}
