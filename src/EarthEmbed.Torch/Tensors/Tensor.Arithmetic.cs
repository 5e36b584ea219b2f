using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Element-wise arithmetic with broadcasting, scalar overloads, operators, matrix products, in-place updates.
public sealed partial class Tensor
{
    private static readonly Op AddT = new("aten::add.Tensor"), AddS = new("aten::add.Scalar");
    private static readonly Op SubT = new("aten::sub.Tensor"), SubS = new("aten::sub.Scalar");
    private static readonly Op MulT = new("aten::mul.Tensor"), MulS = new("aten::mul.Scalar");
    private static readonly Op DivT = new("aten::div.Tensor"), DivS = new("aten::div.Scalar");
    private static readonly Op PowS = new("aten::pow.Tensor_Scalar"), PowT = new("aten::pow.Tensor_Tensor");
    private static readonly Op NegOp = new("aten::neg"), ExpOp = new("aten::exp"), LogOp = new("aten::log");
    private static readonly Op Log1pOp = new("aten::log1p"), SqrtOp = new("aten::sqrt"), RsqrtOp = new("aten::rsqrt");
    private static readonly Op AbsOp = new("aten::abs"), SignOp = new("aten::sign"), SinOp = new("aten::sin");
    private static readonly Op CosOp = new("aten::cos"), FloorOp = new("aten::floor"), RoundOp = new("aten::round");
    private static readonly Op SquareOp = new("aten::square"), ReciprocalOp = new("aten::reciprocal"), ErfOp = new("aten::erf");
    private static readonly Op CeilOp = new("aten::ceil"), TruncOp = new("aten::trunc"), Log2Op = new("aten::log2");
    private static readonly Op Log10Op = new("aten::log10"), Expm1Op = new("aten::expm1"), TanhOp = new("aten::tanh");
    private static readonly Op SigmoidOp = new("aten::sigmoid"), ReluOp = new("aten::relu"), Atan2Op = new("aten::atan2");
    private static readonly Op ClampOp = new("aten::clamp"), MaximumOp = new("aten::maximum"), MinimumOp = new("aten::minimum");
    private static readonly Op MatMulOp = new("aten::matmul"), MmOp = new("aten::mm"), BmmOp = new("aten::bmm");
    private static readonly Op AddInT = new("aten::add_.Tensor"), AddInS = new("aten::add_.Scalar");
    private static readonly Op MulInT = new("aten::mul_.Tensor"), MulInS = new("aten::mul_.Scalar");
    private static readonly Op DivInT = new("aten::div_.Tensor"), DivInS = new("aten::div_.Scalar");
    private static readonly Op SubInT = new("aten::sub_.Tensor");
    private static readonly Op AddcmulIn = new("aten::addcmul_"), AddcdivIn = new("aten::addcdiv_");
    private static readonly Op LerpInS = new("aten::lerp_.Scalar"), SqrtIn = new("aten::sqrt_");
    private static readonly Op ZeroIn = new("aten::zero_"), FillInS = new("aten::fill_.Scalar"), CopyIn = new("aten::copy_");
    private static readonly Op ClampIn = new("aten::clamp_"), UniformIn = new("aten::uniform_"), NormalIn = new("aten::normal_");

    /// <summary>this + alpha * other (broadcasting).</summary>
    public Tensor Add(Tensor other, double alpha = 1) => AddT.Tensor(this, other, alpha);
    /// <summary>this + value.</summary>
    public Tensor Add(double value) => AddS.Tensor(this, value);
    /// <summary>this - alpha * other.</summary>
    public Tensor Sub(Tensor other, double alpha = 1) => SubT.Tensor(this, other, alpha);
    /// <summary>this - value.</summary>
    public Tensor Sub(double value) => SubS.Tensor(this, value);
    /// <summary>this * other.</summary>
    public Tensor Mul(Tensor other) => MulT.Tensor(this, other);
    /// <summary>this * value.</summary>
    public Tensor Mul(double value) => MulS.Tensor(this, value);
    /// <summary>this / other (true division).</summary>
    public Tensor Div(Tensor other) => DivT.Tensor(this, other);
    /// <summary>this / value.</summary>
    public Tensor Div(double value) => DivS.Tensor(this, value);
    /// <summary>this ** exponent.</summary>
    public Tensor Pow(double exponent) => PowS.Tensor(this, exponent);
    /// <summary>this ** exponent, element-wise.</summary>
    public Tensor Pow(Tensor exponent) => PowT.Tensor(this, exponent);
    /// <summary>-this.</summary>
    public Tensor Neg() => NegOp.Tensor(this);
    /// <summary>e ** this.</summary>
    public Tensor Exp() => ExpOp.Tensor(this);
    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => LogOp.Tensor(this);
    /// <summary>log(1 + this), accurate near 0.</summary>
    public Tensor Log1p() => Log1pOp.Tensor(this);
    /// <summary>Base-2 logarithm.</summary>
    public Tensor Log2() => Log2Op.Tensor(this);
    /// <summary>Base-10 logarithm.</summary>
    public Tensor Log10() => Log10Op.Tensor(this);
    /// <summary>e ** this - 1, accurate near 0.</summary>
    public Tensor Expm1() => Expm1Op.Tensor(this);
    /// <summary>Square root.</summary>
    public Tensor Sqrt() => SqrtOp.Tensor(this);
    /// <summary>1 / sqrt(this).</summary>
    public Tensor Rsqrt() => RsqrtOp.Tensor(this);
    /// <summary>Absolute value.</summary>
    public Tensor Abs() => AbsOp.Tensor(this);
    /// <summary>-1, 0 or 1.</summary>
    public Tensor Sign() => SignOp.Tensor(this);
    /// <summary>Sine.</summary>
    public Tensor Sin() => SinOp.Tensor(this);
    /// <summary>Cosine.</summary>
    public Tensor Cos() => CosOp.Tensor(this);
    /// <summary>Round down.</summary>
    public Tensor Floor() => FloorOp.Tensor(this);
    /// <summary>Round up.</summary>
    public Tensor Ceil() => CeilOp.Tensor(this);
    /// <summary>Round toward zero.</summary>
    public Tensor Trunc() => TruncOp.Tensor(this);
    /// <summary>Round half to even.</summary>
    public Tensor Round() => RoundOp.Tensor(this);
    /// <summary>this * this.</summary>
    public Tensor Square() => SquareOp.Tensor(this);
    /// <summary>1 / this.</summary>
    public Tensor Reciprocal() => ReciprocalOp.Tensor(this);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => TanhOp.Tensor(this);
    /// <summary>1 / (1 + e ** -this).</summary>
    public Tensor Sigmoid() => SigmoidOp.Tensor(this);
    /// <summary>max(0, this).</summary>
    public Tensor Relu() => ReluOp.Tensor(this);
    /// <summary>The angle of the point (other, this), in (-π, π].</summary>
    public Tensor Atan2(Tensor other) => Atan2Op.Tensor(this, other);
    /// <summary>The error function.</summary>
    public Tensor Erf() => ErfOp.Tensor(this);
    /// <summary>Limits values to [min, max]; a null bound is open.</summary>
    public Tensor Clamp(double? min = null, double? max = null) => ClampOp.Tensor(this, min, max);
    /// <summary>Element-wise maximum.</summary>
    public Tensor Maximum(Tensor other) => MaximumOp.Tensor(this, other);
    /// <summary>Element-wise minimum.</summary>
    public Tensor Minimum(Tensor other) => MinimumOp.Tensor(this, other);
    /// <summary>Matrix product with broadcasting over batch dimensions (torch.matmul).</summary>
    public Tensor MatMul(Tensor other) => MatMulOp.Tensor(this, other);
    /// <summary>2-D matrix product.</summary>
    public Tensor Mm(Tensor other) => MmOp.Tensor(this, other);
    /// <summary>Batched 3-D matrix product.</summary>
    public Tensor Bmm(Tensor other) => BmmOp.Tensor(this, other);

    /// <summary>In place: this += alpha * other.</summary>
    public Tensor Add_(Tensor other, double alpha = 1) { AddInT.InPlace(this, other, alpha); return this; }
    /// <summary>In place: this += value.</summary>
    public Tensor Add_(double value) { AddInS.InPlace(this, value); return this; }
    /// <summary>In place: this -= alpha * other.</summary>
    public Tensor Sub_(Tensor other, double alpha = 1) { SubInT.InPlace(this, other, alpha); return this; }
    /// <summary>In place: this *= other.</summary>
    public Tensor Mul_(Tensor other) { MulInT.InPlace(this, other); return this; }
    /// <summary>In place: this *= value.</summary>
    public Tensor Mul_(double value) { MulInS.InPlace(this, value); return this; }
    /// <summary>In place: this /= other.</summary>
    public Tensor Div_(Tensor other) { DivInT.InPlace(this, other); return this; }
    /// <summary>In place: this /= value.</summary>
    public Tensor Div_(double value) { DivInS.InPlace(this, value); return this; }
    /// <summary>In place: this += value * t1 * t2.</summary>
    public Tensor AddCMul_(Tensor t1, Tensor t2, double value = 1) { AddcmulIn.InPlace(this, t1, t2, value); return this; }
    /// <summary>In place: this += value * t1 / t2.</summary>
    public Tensor AddCDiv_(Tensor t1, Tensor t2, double value = 1) { AddcdivIn.InPlace(this, t1, t2, value); return this; }
    /// <summary>In place: this += weight * (end - this).</summary>
    public Tensor Lerp_(Tensor end, double weight) { LerpInS.InPlace(this, end, weight); return this; }
    /// <summary>In place square root.</summary>
    public Tensor Sqrt_() { SqrtIn.InPlace(this); return this; }
    /// <summary>In place: limits values to [min, max].</summary>
    public Tensor Clamp_(double? min = null, double? max = null) { ClampIn.InPlace(this, min, max); return this; }
    /// <summary>In place: every element becomes 0.</summary>
    public Tensor Zero_() { ZeroIn.InPlace(this); return this; }
    /// <summary>In place: every element becomes <paramref name="value"/>.</summary>
    public Tensor Fill_(double value) { FillInS.InPlace(this, value); return this; }
    /// <summary>In place: copies <paramref name="source"/>'s values (broadcast, converted) into this tensor.</summary>
    public Tensor Copy_(Tensor source) { CopyIn.InPlace(this, source); return this; }
    /// <summary>In place: uniform random values in [from, to).</summary>
    public Tensor Uniform_(double from = 0, double to = 1) { UniformIn.InPlace(this, from, to); return this; }
    /// <summary>In place: normal random values.</summary>
    public Tensor Normal_(double mean = 0, double std = 1) { NormalIn.InPlace(this, mean, std); return this; }

    /// <summary>Element-wise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => AddT.Tensor(a, b, 1);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, double b) => AddS.Tensor(a, b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(double a, Tensor b) => AddS.Tensor(b, a);
    /// <summary>Element-wise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => SubT.Tensor(a, b, 1);
    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, double b) => SubS.Tensor(a, b);
    /// <summary>A scalar minus a tensor.</summary>
    public static Tensor operator -(double a, Tensor b)
    {
        using var neg = NegOp.Tensor(b);
        return AddS.Tensor(neg, a);
    }
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => NegOp.Tensor(a);
    /// <summary>Element-wise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => MulT.Tensor(a, b);
    /// <summary>Scales by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => MulS.Tensor(a, b);
    /// <summary>Scales by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => MulS.Tensor(b, a);
    /// <summary>Element-wise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => DivT.Tensor(a, b);
    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => DivS.Tensor(a, b);
    /// <summary>A scalar divided by a tensor.</summary>
    public static Tensor operator /(double a, Tensor b)
    {
        using var r = ReciprocalOp.Tensor(b);
        return MulS.Tensor(r, a);
    }
}
