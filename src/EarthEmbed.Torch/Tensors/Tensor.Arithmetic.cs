using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Element-wise arithmetic with broadcasting and scalar overloads, element-wise math, matrix products.
// Operators are in Tensor.Operators.cs, in-place updates in Tensor.InPlace.cs.
//
// Scalars keep PyTorch's type rules: a long scalar leaves an integer tensor integer (int64 + 2 is int64), a double
// scalar promotes it to the default float type (int64 + 2.5 is float32), as Python's int and float do.
public sealed partial class Tensor
{
    private static readonly Op AddT = new("aten::add.Tensor"), AddS = new("aten::add.Scalar");
    private static readonly Op SubT = new("aten::sub.Tensor"), SubS = new("aten::sub.Scalar"), RsubS = new("aten::rsub.Scalar");
    private static readonly Op MulT = new("aten::mul.Tensor"), MulS = new("aten::mul.Scalar");
    private static readonly Op DivT = new("aten::div.Tensor"), DivS = new("aten::div.Scalar");
    private static readonly Op DivModeT = new("aten::div.Tensor_mode"), DivModeS = new("aten::div.Scalar_mode");
    private static readonly Op RemainderT = new("aten::remainder.Tensor"), RemainderS = new("aten::remainder.Scalar");
    private static readonly Op FloorDivideT = new("aten::floor_divide"), FloorDivideS = new("aten::floor_divide.Scalar");
    private static readonly Op PowS = new("aten::pow.Tensor_Scalar"), PowT = new("aten::pow.Tensor_Tensor"), PowBase = new("aten::pow.Scalar");
    private static readonly Op NegOp = new("aten::neg"), ExpOp = new("aten::exp"), LogOp = new("aten::log");
    private static readonly Op Log1pOp = new("aten::log1p"), SqrtOp = new("aten::sqrt"), RsqrtOp = new("aten::rsqrt");
    private static readonly Op AbsOp = new("aten::abs"), SignOp = new("aten::sign"), SinOp = new("aten::sin");
    private static readonly Op CosOp = new("aten::cos"), FloorOp = new("aten::floor"), RoundOp = new("aten::round");
    private static readonly Op SquareOp = new("aten::square"), ReciprocalOp = new("aten::reciprocal"), ErfOp = new("aten::erf");
    private static readonly Op CeilOp = new("aten::ceil"), TruncOp = new("aten::trunc"), Log2Op = new("aten::log2");
    private static readonly Op Log10Op = new("aten::log10"), Expm1Op = new("aten::expm1"), TanhOp = new("aten::tanh");
    private static readonly Op SigmoidOp = new("aten::sigmoid"), ReluOp = new("aten::relu"), Atan2Op = new("aten::atan2");
    private static readonly Op ClampOp = new("aten::clamp"), ClampMinOp = new("aten::clamp_min"), ClampMaxOp = new("aten::clamp_max");
    private static readonly Op MaximumOp = new("aten::maximum"), MinimumOp = new("aten::minimum");
    private static readonly Op MatMulOp = new("aten::matmul"), MmOp = new("aten::mm"), BmmOp = new("aten::bmm");

    /// <summary>A multiplier such as alpha: integral values go as ints, so integer tensors accept them (PyTorch
    /// rejects a float alpha for integer tensors) while float tensors see the same value.</summary>
    private static Arg Factor(double v) => v == Math.Round(v) && Math.Abs(v) < 1e15 ? (Arg)(long)v : (Arg)v;

    /// <summary>this + alpha * other (broadcasting).</summary>
    public Tensor Add(Tensor other, double alpha = 1) => AddT.Tensor(this, other, Factor(alpha));
    /// <summary>this + value (promotes an integer tensor to float).</summary>
    public Tensor Add(double value) => AddS.Tensor(this, value);
    /// <summary>this + value (keeps an integer tensor integer).</summary>
    public Tensor Add(long value) => AddS.Tensor(this, value);
    /// <summary>this - alpha * other.</summary>
    public Tensor Sub(Tensor other, double alpha = 1) => SubT.Tensor(this, other, Factor(alpha));
    /// <summary>this - value.</summary>
    public Tensor Sub(double value) => SubS.Tensor(this, value);
    /// <summary>this - value (keeps an integer tensor integer).</summary>
    public Tensor Sub(long value) => SubS.Tensor(this, value);
    /// <summary>this * other.</summary>
    public Tensor Mul(Tensor other) => MulT.Tensor(this, other);
    /// <summary>this * value.</summary>
    public Tensor Mul(double value) => MulS.Tensor(this, value);
    /// <summary>this * value (keeps an integer tensor integer).</summary>
    public Tensor Mul(long value) => MulS.Tensor(this, value);
    /// <summary>this / other, true division (integers give float).</summary>
    public Tensor Div(Tensor other) => DivT.Tensor(this, other);
    /// <summary>this / value, true division.</summary>
    public Tensor Div(double value) => DivS.Tensor(this, value);
    /// <summary>this / other rounded by <paramref name="roundingMode"/>: "trunc" (toward zero, C's integer division)
    /// or "floor" (Python's //); integer inputs stay integer.</summary>
    public Tensor Div(Tensor other, string roundingMode) => DivModeT.Tensor(this, other, RoundingMode(roundingMode));
    /// <summary>this / value rounded by <paramref name="roundingMode"/> ("trunc" or "floor").</summary>
    public Tensor Div(double value, string roundingMode) => DivModeS.Tensor(this, value, RoundingMode(roundingMode));
    /// <summary>Python's this // other: the quotient rounded down.</summary>
    public Tensor FloorDivide(Tensor other) => FloorDivideT.Tensor(this, other);
    /// <summary>Python's this // value.</summary>
    public Tensor FloorDivide(long value) => FloorDivideS.Tensor(this, value);
    /// <summary>Python's this % other: the remainder with the sign of the divisor.</summary>
    public Tensor Remainder(Tensor other) => RemainderT.Tensor(this, other);
    /// <summary>Python's this % value.</summary>
    public Tensor Remainder(double value) => RemainderS.Tensor(this, value);
    /// <summary>Python's this % value (keeps an integer tensor integer).</summary>
    public Tensor Remainder(long value) => RemainderS.Tensor(this, value);
    /// <summary>this ** exponent.</summary>
    public Tensor Pow(double exponent) => PowS.Tensor(this, exponent);
    /// <summary>this ** exponent (keeps an integer tensor integer).</summary>
    public Tensor Pow(long exponent) => PowS.Tensor(this, exponent);
    /// <summary>this ** exponent, element-wise.</summary>
    public Tensor Pow(Tensor exponent) => PowT.Tensor(this, exponent);
    /// <summary>baseValue ** exponent, element-wise (torch.pow(2, x)).</summary>
    public static Tensor Pow(double baseValue, Tensor exponent) => PowBase.Tensor(baseValue, exponent);
    /// <summary>-this.</summary>
    public Tensor Neg() => NegOp.Tensor(this);
    /// <summary>e ** this.</summary>
    public Tensor Exp() => ExpOp.Tensor(this);
    /// <summary>e ** this - 1, accurate near 0.</summary>
    public Tensor Expm1() => Expm1Op.Tensor(this);
    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => LogOp.Tensor(this);
    /// <summary>log(1 + this), accurate near 0.</summary>
    public Tensor Log1p() => Log1pOp.Tensor(this);
    /// <summary>Base-2 logarithm.</summary>
    public Tensor Log2() => Log2Op.Tensor(this);
    /// <summary>Base-10 logarithm.</summary>
    public Tensor Log10() => Log10Op.Tensor(this);
    /// <summary>Square root.</summary>
    public Tensor Sqrt() => SqrtOp.Tensor(this);
    /// <summary>1 / sqrt(this).</summary>
    public Tensor Rsqrt() => RsqrtOp.Tensor(this);
    /// <summary>this * this.</summary>
    public Tensor Square() => SquareOp.Tensor(this);
    /// <summary>1 / this.</summary>
    public Tensor Reciprocal() => ReciprocalOp.Tensor(this);
    /// <summary>Absolute value.</summary>
    public Tensor Abs() => AbsOp.Tensor(this);
    /// <summary>-1, 0 or 1.</summary>
    public Tensor Sign() => SignOp.Tensor(this);
    /// <summary>Sine.</summary>
    public Tensor Sin() => SinOp.Tensor(this);
    /// <summary>Cosine.</summary>
    public Tensor Cos() => CosOp.Tensor(this);
    /// <summary>The angle of the point (other, this), in (-π, π].</summary>
    public Tensor Atan2(Tensor other) => Atan2Op.Tensor(this, other);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => TanhOp.Tensor(this);
    /// <summary>1 / (1 + e ** -this).</summary>
    public Tensor Sigmoid() => SigmoidOp.Tensor(this);
    /// <summary>max(0, this).</summary>
    public Tensor Relu() => ReluOp.Tensor(this);
    /// <summary>The error function.</summary>
    public Tensor Erf() => ErfOp.Tensor(this);
    /// <summary>Round down.</summary>
    public Tensor Floor() => FloorOp.Tensor(this);
    /// <summary>Round up.</summary>
    public Tensor Ceil() => CeilOp.Tensor(this);
    /// <summary>Round toward zero.</summary>
    public Tensor Trunc() => TruncOp.Tensor(this);
    /// <summary>Round half to even.</summary>
    public Tensor Round() => RoundOp.Tensor(this);
    /// <summary>Limits values to [min, max]; a null bound is open. Float bounds promote an integer tensor to float.</summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("give at least one of min and max", nameof(min));
        return ClampOp.Tensor(this, min, max);
    }
    /// <summary>Limits values to [min, max], keeping an integer tensor integer.</summary>
    public Tensor Clamp(long min, long max) => ClampOp.Tensor(this, min, max);
    /// <summary>max(this, min).</summary>
    public Tensor ClampMin(double min) => ClampMinOp.Tensor(this, min);
    /// <summary>max(this, min), keeping an integer tensor integer.</summary>
    public Tensor ClampMin(long min) => ClampMinOp.Tensor(this, min);
    /// <summary>min(this, max).</summary>
    public Tensor ClampMax(double max) => ClampMaxOp.Tensor(this, max);
    /// <summary>min(this, max), keeping an integer tensor integer.</summary>
    public Tensor ClampMax(long max) => ClampMaxOp.Tensor(this, max);
    /// <summary>Element-wise maximum (gradient split evenly on ties).</summary>
    public Tensor Maximum(Tensor other) => MaximumOp.Tensor(this, other);
    /// <summary>Element-wise minimum.</summary>
    public Tensor Minimum(Tensor other) => MinimumOp.Tensor(this, other);
    /// <summary>Matrix product with broadcasting over batch dimensions (torch.matmul): 1-D operands are treated
    /// as vectors, N-D ones as batches of matrices.</summary>
    public Tensor MatMul(Tensor other) => MatMulOp.Tensor(this, other);
    /// <summary>2-D matrix product.</summary>
    public Tensor Mm(Tensor other) => MmOp.Tensor(this, other);
    /// <summary>Batched 3-D matrix product.</summary>
    public Tensor Bmm(Tensor other) => BmmOp.Tensor(this, other);

    private static string RoundingMode(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        return mode is "trunc" or "floor" ? mode
            : throw new ArgumentException($"rounding mode '{mode}' is not one of \"trunc\", \"floor\"", nameof(mode));
    }
}
