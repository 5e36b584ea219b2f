namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Element-wise arithmetic, matrix products, in-place updates, comparisons, dtype promotion and factories
/// against PyTorch (fixtures from Reference/cases_ops.py).</summary>
public class ArithmeticParityTests
{
    private const string Group = "ops";

    private static readonly Dictionary<string, Func<OpInputs, Tensor[]>> Cases = new()
    {
        ["add_broadcast"] = x => [x["a"].Add(x["b"])],
        ["add_alpha"] = x => [x["a"].Add(x["b"], 2.5)],
        ["add_scalar"] = x => [x["a"].Add(1.5)],
        ["sub_broadcast"] = x => [x["a"].Sub(x["b"])],
        ["sub_alpha"] = x => [x["a"].Sub(x["b"], 0.5)],
        ["sub_scalar"] = x => [x["a"].Sub(1.5)],
        ["mul_broadcast"] = x => [x["a"].Mul(x["b"])],
        ["mul_scalar"] = x => [x["a"].Mul(-2.5)],
        ["div_broadcast"] = x => [x["a"].Div(x["b"])],
        ["div_scalar"] = x => [x["a"].Div(4.0)],
        ["pow_scalar"] = x => [x["a"].Pow(2.5)],
        ["pow_scalar_int"] = x => [x["a"].Pow(3)],
        ["pow_tensor"] = x => [x["a"].Pow(x["b"])],
        ["neg"] = x => [x["a"].Neg()],
        ["exp"] = x => [x["a"].Exp()],
        ["log"] = x => [x["a"].Log()],
        ["log1p"] = x => [x["a"].Log1p()],
        ["sqrt"] = x => [x["a"].Sqrt()],
        ["rsqrt"] = x => [x["a"].Rsqrt()],
        ["abs"] = x => [x["a"].Abs()],
        ["sign"] = x => [x["a"].Sign()],
        ["sin"] = x => [x["a"].Sin()],
        ["cos"] = x => [x["a"].Cos()],
        ["floor"] = x => [x["a"].Floor()],
        ["round_half_even"] = x => [x["a"].Round()],
        ["square"] = x => [x["a"].Square()],
        ["reciprocal"] = x => [x["a"].Reciprocal()],
        ["ceil"] = x => [x["a"].Ceil()],
        ["trunc"] = x => [x["a"].Trunc()],
        ["log2"] = x => [x["a"].Log2()],
        ["log10"] = x => [x["a"].Log10()],
        ["expm1"] = x => [x["a"].Expm1()],
        ["tanh"] = x => [x["a"].Tanh()],
        ["sigmoid"] = x => [x["a"].Sigmoid()],
        ["relu"] = x => [x["a"].Relu()],
        ["atan2"] = x => [x["a"].Atan2(x["b"])],
        ["erf"] = x => [x["a"].Erf()],
        ["clamp"] = x => [x["a"].Clamp(-0.5, 0.7)],
        ["clamp_min"] = x => [x["a"].Clamp(min: -0.2)],
        ["clamp_max"] = x => [x["a"].Clamp(max: 0.3)],
        ["maximum"] = x => [x["a"].Maximum(x["b"])],
        ["minimum"] = x => [x["a"].Minimum(x["b"])],
        ["operators_tensor"] = x =>
        {
            Tensor a = x["a"], b = x["b"];
            return [a + b, a - b, a * b, a / b, -a];
        },
        ["operators_scalar"] = x =>
        {
            var a = x["a"];
            return [a + 1.5, 1.5 + a, a - 1.5, 1.5 - a, a * 2.5, 2.5 * a, a / 2.5, 2.5 / a];
        },

        ["matmul_batched"] = x => [x["a"].MatMul(x["b"])],
        ["matmul_vector"] = x => [x["a"].MatMul(x["b"])],
        ["matmul_broadcast"] = x => [x["a"].MatMul(x["b"])],
        ["mm"] = x => [x["a"].Mm(x["b"])],
        ["bmm"] = x => [x["a"].Bmm(x["b"])],

        ["add_inplace"] = x => [x["a"].Clone().Add_(x["b"], 2.0)],
        ["add_scalar_inplace"] = x => [x["a"].Clone().Add_(0.5)],
        ["sub_inplace"] = x => [x["a"].Clone().Sub_(x["b"], 3.0)],
        ["mul_inplace"] = x => [x["a"].Clone().Mul_(x["b"])],
        ["mul_scalar_inplace"] = x => [x["a"].Clone().Mul_(-3.0)],
        ["div_inplace"] = x => [x["a"].Clone().Div_(x["b"])],
        ["div_scalar_inplace"] = x => [x["a"].Clone().Div_(8.0)],
        ["addcmul_inplace"] = x => [x["a"].Clone().AddCMul_(x["b"], x["c"], 0.5)],
        ["addcdiv_inplace"] = x => [x["a"].Clone().AddCDiv_(x["b"], x["c"], -2.0)],
        ["lerp_inplace"] = x => [x["a"].Clone().Lerp_(x["b"], 0.3)],
        ["sqrt_inplace"] = x => [x["a"].Clone().Sqrt_()],
        ["clamp_inplace"] = x => [x["a"].Clone().Clamp_(-0.5, 0.5)],
        ["zero_inplace"] = x => [x["a"].Clone().Zero_() + x["a"]],
        ["fill_inplace"] = x => [x["a"].Clone().Fill_(2.5)],
        ["copy_inplace"] = x => [x["a"].Clone().Copy_(x["b"])],

        ["compare_tensor"] = x =>
        {
            Tensor a = x["a"], b = x["b"];
            return [a.Eq(b), a.Ne(b), a.Lt(b), a.Le(b), a.Gt(b), a.Ge(b)];
        },
        ["compare_scalar"] = x =>
        {
            var a = x["a"];
            return [a.Eq(1), a.Ne(1), a.Lt(0.5), a.Le(1), a.Gt(-1), a.Ge(0)];
        },
        ["isnan_isfinite"] = x => [x["a"].IsNan(), x["a"].IsFinite()],
        ["logical"] = x => [x["p"].LogicalNot(), x["p"].LogicalAnd(x["q"]), x["p"].LogicalOr(x["q"])],
        ["equal_allclose"] = x =>
        {
            Tensor a = x["a"], b = x["b"];
            return [Tensor.Scalar(a.Equal(a)), Tensor.Scalar(a.Equal(b)), Tensor.Scalar(a.AllClose(a + 1e-9)),
                Tensor.Scalar(a.AllClose(b))];
        },

        ["int_true_division"] = x => [x["a"] / x["b"]],
        ["uint8_add_wraps"] = x => [x["a"] + x["b"]],
        ["int_times_float_scalar"] = x => [x["a"] * 2.5],
        ["float32_plus_float64"] = x => [x["a"] + x["b"]],
        ["int_plus_bool"] = x => [x["a"] + x["b"]],
        ["int_sums"] = x => [x["a"].Sum(), x["b"].Sum(), x["a"].Sum(0)],
        ["float32_chain"] = x => [(x["a"].Exp() * x["b"]).Sum(1).Sqrt()],
        ["conversions"] = x =>
        {
            var a = x["a"];
            return [a.To(ScalarType.Float32), a.To(ScalarType.Int64), (a.Abs() * 40).To(ScalarType.UInt8),
                a.To(ScalarType.Bool), a.To(ScalarType.Float32).To(ScalarType.Float64)];
        },

        ["int_scalar_arithmetic"] = x =>
        {
            var a = x["a"];
            return [a + 2, a - 1, a * 3, 7 - a, 2 + a, 3 * a, a.Pow(2), a.Clamp(-2, 5), a.ClampMin(0), a.ClampMax(1),
                a * 2.5, a + 0.5];
        },
        ["int_tensor_add_sub_default_alpha"] = x => [x["a"].Add(x["b"]), x["a"].Sub(x["b"]), x["a"].Add(x["b"], 3)],
        ["remainder_floor_divide"] = x =>
        {
            Tensor a = x["a"], b = x["b"];
            return [a % b, a % 4, a.FloorDivide(b), a.FloorDivide(4), a.Div(b, "trunc"), a.Div(b, "floor")];
        },
        ["remainder_float"] = x =>
        {
            Tensor a = x["a"], b = x["b"];
            return [a % b, a % 0.75, a.Div(b, "trunc"), a.Div(0.75, "floor")];
        },
        ["pow_scalar_base"] = x => [Tensor.Pow(2.0, x["a"])],
        ["operators_compare"] = x =>
        {
            Tensor a = x["a"], b = x["b"];
            return [a < b, a > b, a <= b, a >= b, a < 0.5, a > 0.5, a <= 1, a >= 1, 0.5 < a, 0.5 > a, 1 <= a, 1 >= a];
        },
        ["operators_bitwise"] = x =>
        {
            Tensor p = x["p"], q = x["q"], a = x["a"], b = x["b"];
            return [p & q, p | q, p ^ q, ~p, a & b, a | b, a ^ b, ~a];
        },

        ["factories"] = _ =>
        [
            Tensor.Zeros([2, 3]), Tensor.Ones([2, 3], ScalarType.Float64), Tensor.Full([2, 2], 2.5), Tensor.Eye(3),
            Tensor.Arange(5), Tensor.Arange(2, 11, 3), Tensor.Arange(0.5, 3, 0.5),
            Tensor.Arange(0, 1, 0.1, ScalarType.Float64), Tensor.Linspace(0, 1, 5),
            Tensor.Zeros([3], ScalarType.Int64), Tensor.Ones([2], ScalarType.Bool),
        ],
        ["factories_like"] = x => [Tensor.ZerosLike(x["a"]), Tensor.OnesLike(x["a"]), Tensor.FullLike(x["a"], 3.0)],
    };

    /// <summary>Every case the Python generator wrote.</summary>
    public static IEnumerable<object[]> Names => Reference.ReferenceFixtures.Cases(Group);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_PyTorch_in_values_dtypes_and_gradients(string name) => OpParity.Check(Group, name, Cases, 1e-5);

    [Fact]
    public void Python_and_CSharp_define_the_same_cases() => OpParity.AssertSameCases(Group, Cases.Keys);
}
