using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// In-place updates (PyTorch's trailing underscore): they change this tensor's storage and return it. Autograd
// records them on intermediate results; on a leaf that requires grad they fail, as in PyTorch (use them on
// parameters inside GradMode.Disable(), as optimisers do).
public sealed partial class Tensor
{
    private static readonly Op AddInT = new("aten::add_.Tensor"), AddInS = new("aten::add_.Scalar");
    private static readonly Op MulInT = new("aten::mul_.Tensor"), MulInS = new("aten::mul_.Scalar");
    private static readonly Op DivInT = new("aten::div_.Tensor"), DivInS = new("aten::div_.Scalar");
    private static readonly Op SubInT = new("aten::sub_.Tensor"), SubInS = new("aten::sub_.Scalar");
    private static readonly Op AddcmulIn = new("aten::addcmul_"), AddcdivIn = new("aten::addcdiv_");
    private static readonly Op LerpInS = new("aten::lerp_.Scalar"), SqrtIn = new("aten::sqrt_");
    private static readonly Op ZeroIn = new("aten::zero_"), FillInS = new("aten::fill_.Scalar"), CopyIn = new("aten::copy_");
    private static readonly Op ClampIn = new("aten::clamp_"), UniformIn = new("aten::uniform_"), NormalIn = new("aten::normal_");

    /// <summary>In place: this += alpha * other.</summary>
    public Tensor Add_(Tensor other, double alpha = 1) { AddInT.InPlace(this, other, Factor(alpha)); return this; }
    /// <summary>In place: this += value.</summary>
    public Tensor Add_(double value) { AddInS.InPlace(this, value); return this; }
    /// <summary>In place: this -= alpha * other.</summary>
    public Tensor Sub_(Tensor other, double alpha = 1) { SubInT.InPlace(this, other, Factor(alpha)); return this; }
    /// <summary>In place: this -= value.</summary>
    public Tensor Sub_(double value) { SubInS.InPlace(this, value); return this; }
    /// <summary>In place: this *= other.</summary>
    public Tensor Mul_(Tensor other) { MulInT.InPlace(this, other); return this; }
    /// <summary>In place: this *= value.</summary>
    public Tensor Mul_(double value) { MulInS.InPlace(this, value); return this; }
    /// <summary>In place: this /= other.</summary>
    public Tensor Div_(Tensor other) { DivInT.InPlace(this, other); return this; }
    /// <summary>In place: this /= value.</summary>
    public Tensor Div_(double value) { DivInS.InPlace(this, value); return this; }
    /// <summary>In place: this += value * t1 * t2.</summary>
    public Tensor AddCMul_(Tensor t1, Tensor t2, double value = 1) { AddcmulIn.InPlace(this, t1, t2, Factor(value)); return this; }
    /// <summary>In place: this += value * t1 / t2.</summary>
    public Tensor AddCDiv_(Tensor t1, Tensor t2, double value = 1) { AddcdivIn.InPlace(this, t1, t2, value); return this; }
    /// <summary>In place: this += weight * (end - this).</summary>
    public Tensor Lerp_(Tensor end, double weight) { LerpInS.InPlace(this, end, weight); return this; }
    /// <summary>In place square root.</summary>
    public Tensor Sqrt_() { SqrtIn.InPlace(this); return this; }
    /// <summary>In place: limits values to [min, max]; a null bound is open.</summary>
    public Tensor Clamp_(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("give at least one of min and max", nameof(min));
        ClampIn.InPlace(this, min, max);
        return this;
    }
    /// <summary>In place: every element becomes 0.</summary>
    public Tensor Zero_() { ZeroIn.InPlace(this); return this; }
    /// <summary>In place: every element becomes <paramref name="value"/>.</summary>
    public Tensor Fill_(double value) { FillInS.InPlace(this, value); return this; }
    /// <summary>In place: copies <paramref name="source"/>'s values (broadcast, converted) into this tensor.</summary>
    public Tensor Copy_(Tensor source) { CopyIn.InPlace(this, source); return this; }
    /// <summary>In place: uniform random values in [from, to) from the default generator.</summary>
    public Tensor Uniform_(double from = 0, double to = 1) { UniformIn.InPlace(this, from, to); return this; }
    /// <summary>In place: normal random values from the default generator.</summary>
    public Tensor Normal_(double mean = 0, double std = 1) { NormalIn.InPlace(this, mean, std); return this; }
}
