using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Tensors;

public class AutocastTests
{
    [Fact]
    public void Inside_a_bfloat16_scope_linear_and_matmul_run_in_bfloat16_and_outside_in_float32()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([4, 8]);
        var w = Tensor.Randn([3, 8]);
        var b = Tensor.Randn([3]);
        Assert.False(Autocast.IsCpuEnabled);
        using (Autocast.Cpu(ScalarType.BFloat16))
        {
            Assert.True(Autocast.IsCpuEnabled);
            Assert.Equal(ScalarType.BFloat16, F.Linear(x, w, b).DType);
            Assert.Equal(ScalarType.BFloat16, x.MatMul(w.T()).DType);
            Assert.Equal(ScalarType.Float32, w.DType);  // parameters keep their type
        }
        Assert.False(Autocast.IsCpuEnabled);
        Assert.Equal(ScalarType.Float32, F.Linear(x, w, b).DType);
    }

    [Fact]
    public void A_nested_scope_restores_the_state_it_found()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([2, 2]);
        using (Autocast.Cpu())
        {
            using (Autocast.Cpu(enabled: false))
            {
                Assert.False(Autocast.IsCpuEnabled);
                Assert.Equal(ScalarType.Float32, x.MatMul(x).DType);
            }
            Assert.True(Autocast.IsCpuEnabled);
            Assert.Equal(ScalarType.BFloat16, x.MatMul(x).DType);
            using (Autocast.Cpu())
                Assert.Equal(ScalarType.BFloat16, x.MatMul(x).DType);
            Assert.True(Autocast.IsCpuEnabled);
        }
        Assert.False(Autocast.IsCpuEnabled);
        Assert.Equal(ScalarType.Float32, x.MatMul(x).DType);
    }

    [Fact]
    public void Gradients_flow_through_an_autocast_forward_pass_to_float32_parameters()
    {
        using var scope = DisposeScope.Enter();
        var w = Tensor.Randn([3, 4]).RequiresGrad_();
        var x = Tensor.Randn([5, 4]);
        Tensor loss;
        using (Autocast.Cpu())
            loss = F.Linear(x, w).To(ScalarType.Float32).Sum();
        loss.Backward();
        Assert.Equal(ScalarType.Float32, w.Grad!.DType);
        Assert.Equal(w.Shape, w.Grad!.Shape);
    }

    [Fact]
    public void Float16_on_the_CPU_is_rejected_with_the_supported_type_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Autocast.Cpu(ScalarType.Float16));
        Assert.Contains("BFloat16", e.Message);
        Assert.False(Autocast.IsCpuEnabled);
    }
}
