using EarthEmbed.Torch;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>AdamW exactly as torch.optim.AdamW's single-tensor path in PyTorch 1.13 (the default there), op for op so
/// both engines do the same work per step: decoupled weight decay <c>p *= 1 - lr*wd</c>; <c>m = b1*m + (1-b1)*g</c>;
/// <c>v = b2*v + (1-b2)*g*g</c>; <c>p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)</c>.
/// A stop-gap until EarthEmbed.Torch has its optimisers; parameters without a gradient are skipped.</summary>
internal sealed class LocalAdamW : IDisposable
{
    private readonly (Tensor Param, Tensor ExpAvg, Tensor ExpAvgSq)[] state;
    private readonly double lr, beta1, beta2, eps, weightDecay;
    private long step;

    internal LocalAdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        (this.lr, this.beta1, this.beta2, this.eps, this.weightDecay) = (lr, beta1, beta2, eps, weightDecay);
        state = parameters.Select(p => (p, Tensor.ZerosLike(p).DetachFromScope(), Tensor.ZerosLike(p).DetachFromScope())).ToArray();
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    internal void Step()
    {
        step++;
        using var scope = DisposeScope.Enter();
        using var noGrad = GradMode.Disable();
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
        var stepSize = lr / biasCorrection1;
        foreach (var (p, m, v) in state)
        {
            var g = p.Grad;
            if (g is null) continue;
            p.Mul_(1 - lr * weightDecay);
            m.Mul_(beta1).Add_(g, 1 - beta1);
            v.Mul_(beta2).AddCMul_(g, g, 1 - beta2);
            var denom = (v.Sqrt() / biasCorrection2Sqrt).Add_(eps);
            p.AddCDiv_(m, denom, -stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var (_, m, v) in state)
        {
            m.Dispose();
            v.Dispose();
        }
    }
}
