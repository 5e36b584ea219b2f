"""Parity fixtures, group "ops": element-wise arithmetic (broadcasting, scalars, operators, in-place), matrix
products, comparisons and logic, dtype promotion, constant factories. C# side: Ops/ArithmeticParityTests.cs."""
import torch

from opcases import Writer, ints, pos, rn


def write_all(out, save):
    torch.manual_seed(1)
    w = Writer("ops", out, save)

    # Arithmetic with broadcasting and scalar overloads.
    w.case("add_broadcast", lambda a, b: torch.add(a, b), a=rn(3, 4), b=rn(4))
    w.case("add_alpha", lambda a, b: torch.add(a, b, alpha=2.5), a=rn(3, 4), b=rn(3, 1))
    w.case("add_scalar", lambda a: a + 1.5, a=rn(3, 4))
    w.case("sub_broadcast", lambda a, b: a - b, a=rn(2, 3, 4), b=rn(3, 1))
    w.case("sub_alpha", lambda a, b: torch.sub(a, b, alpha=0.5), a=rn(3, 4), b=rn(4))
    w.case("sub_scalar", lambda a: a - 1.5, a=rn(3, 4))
    w.case("mul_broadcast", lambda a, b: a * b, a=rn(2, 1, 4), b=rn(3, 1))
    w.case("mul_scalar", lambda a: a * -2.5, a=rn(3, 4))
    w.case("div_broadcast", lambda a, b: a / b, a=rn(3, 4), b=pos(4))
    w.case("div_scalar", lambda a: a / 4.0, a=rn(3, 4))
    w.case("pow_scalar", lambda a: a.pow(2.5), a=pos(3, 4))
    w.case("pow_scalar_int", lambda a: a.pow(3), a=rn(3, 4))
    w.case("pow_tensor", lambda a, b: a.pow(b), a=pos(3, 4), b=rn(4))
    w.case("neg", lambda a: a.neg(), a=rn(3, 4))
    w.case("exp", lambda a: a.exp(), a=rn(3, 4))
    w.case("log", lambda a: a.log(), a=pos(3, 4))
    w.case("log1p", lambda a: a.log1p(), a=pos(3, 4))
    w.case("sqrt", lambda a: a.sqrt(), a=pos(3, 4))
    w.case("rsqrt", lambda a: a.rsqrt(), a=pos(3, 4))
    w.case("abs", lambda a: a.abs(), a=rn(3, 4))
    w.case("sign", lambda a: a.sign(), a=torch.tensor([-2.0, 0.0, 3.0, -0.5], dtype=torch.float64))
    w.case("sin", lambda a: a.sin(), a=rn(3, 4))
    w.case("cos", lambda a: a.cos(), a=rn(3, 4))
    w.case("floor", lambda a: a.floor(), a=rn(3, 4) * 3)
    w.case("round_half_even", lambda a: a.round(), a=torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 1.2, -2.7], dtype=torch.float64))
    w.case("square", lambda a: a.square(), a=rn(3, 4))
    w.case("reciprocal", lambda a: a.reciprocal(), a=pos(3, 4))
    w.case("ceil", lambda a: a.ceil(), a=rn(3, 4) * 3)
    w.case("trunc", lambda a: a.trunc(), a=rn(3, 4) * 3)
    w.case("log2", lambda a: a.log2(), a=pos(3, 4))
    w.case("log10", lambda a: a.log10(), a=pos(3, 4))
    w.case("expm1", lambda a: a.expm1(), a=rn(3, 4))
    w.case("tanh", lambda a: a.tanh(), a=rn(3, 4))
    w.case("sigmoid", lambda a: a.sigmoid(), a=rn(3, 4))
    w.case("relu", lambda a: a.relu(), a=rn(3, 4))
    w.case("atan2", lambda a, b: a.atan2(b), a=rn(3, 4), b=rn(4))
    w.case("erf", lambda a: a.erf(), a=rn(3, 4))
    w.case("clamp", lambda a: a.clamp(-0.5, 0.7), a=rn(4, 5))
    w.case("clamp_min", lambda a: a.clamp(min=-0.2), a=rn(4, 5))
    w.case("clamp_max", lambda a: a.clamp(max=0.3), a=rn(4, 5))
    w.case("maximum", lambda a, b: torch.maximum(a, b), a=rn(3, 4), b=rn(4))
    w.case("minimum", lambda a, b: torch.minimum(a, b), a=rn(3, 4), b=rn(4))
    w.case("operators_tensor", lambda a, b: (a + b, a - b, a * b, a / b, -a), a=rn(3, 4), b=pos(4))
    w.case("operators_scalar", lambda a: (a + 1.5, 1.5 + a, a - 1.5, 1.5 - a, a * 2.5, 2.5 * a, a / 2.5, 2.5 / a),
           a=pos(3, 4))

    # Matrix products.
    w.case("matmul_batched", lambda a, b: a.matmul(b), a=rn(2, 3, 4), b=rn(4, 5))
    w.case("matmul_vector", lambda a, b: a.matmul(b), a=rn(4), b=rn(4, 5))
    w.case("matmul_broadcast", lambda a, b: a.matmul(b), a=rn(2, 1, 3, 4), b=rn(5, 4, 2))
    w.case("mm", lambda a, b: a.mm(b), a=rn(3, 4), b=rn(4, 2))
    w.case("bmm", lambda a, b: a.bmm(b), a=rn(2, 3, 4), b=rn(2, 4, 5))

    # In-place updates (on a copy, so gradients still flow).
    w.case("add_inplace", lambda a, b: a.clone().add_(b, alpha=2.0), a=rn(3, 4), b=rn(4))
    w.case("add_scalar_inplace", lambda a: a.clone().add_(0.5), a=rn(3, 4))
    w.case("sub_inplace", lambda a, b: a.clone().sub_(b, alpha=3.0), a=rn(3, 4), b=rn(3, 4))
    w.case("mul_inplace", lambda a, b: a.clone().mul_(b), a=rn(3, 4), b=rn(4))
    w.case("mul_scalar_inplace", lambda a: a.clone().mul_(-3.0), a=rn(3, 4))
    w.case("div_inplace", lambda a, b: a.clone().div_(b), a=rn(3, 4), b=pos(3, 4))
    w.case("div_scalar_inplace", lambda a: a.clone().div_(8.0), a=rn(3, 4))
    w.case("addcmul_inplace", lambda a, b, c: a.clone().addcmul_(b, c, value=0.5), a=rn(3, 4), b=rn(3, 4), c=rn(4))
    w.case("addcdiv_inplace", lambda a, b, c: a.clone().addcdiv_(b, c, value=-2.0), a=rn(3, 4), b=rn(3, 4), c=pos(3, 4))
    w.case("lerp_inplace", lambda a, b: a.clone().lerp_(b, 0.3), a=rn(3, 4), b=rn(3, 4))
    w.case("sqrt_inplace", lambda a: a.clone().sqrt_(), a=pos(3, 4))
    w.case("clamp_inplace", lambda a: a.clone().clamp_(-0.5, 0.5), a=rn(3, 4))
    w.case("zero_inplace", lambda a: a.clone().zero_() + a, a=rn(3, 4))
    w.case("fill_inplace", lambda a: a.clone().fill_(2.5), a=rn(3, 4))
    w.case("copy_inplace", lambda a, b: a.clone().copy_(b), a=rn(3, 4), b=rn(4))

    # Comparisons and logic.
    x, y = ints(-2, 3, 3, 4).double(), ints(-2, 3, 4).double()
    w.case("compare_tensor", lambda a, b: (a.eq(b), a.ne(b), a.lt(b), a.le(b), a.gt(b), a.ge(b)), a=x, b=y)
    w.case("compare_scalar", lambda a: (a.eq(1), a.ne(1), a.lt(0.5), a.le(1), a.gt(-1), a.ge(0)), a=x)
    nans = torch.tensor([1.0, float("nan"), float("inf"), -float("inf"), 0.0], dtype=torch.float64)
    w.case("isnan_isfinite", lambda a: (a.isnan(), a.isfinite()), nograd=("a",), a=nans)
    p, q = torch.rand(3, 4) > 0.5, torch.rand(4) > 0.5
    w.case("logical", lambda p, q: (p.logical_not(), p.logical_and(q), p.logical_or(q)), p=p, q=q)
    w.case("equal_allclose", lambda a, b: (torch.tensor(torch.equal(a, a)), torch.tensor(torch.equal(a, b)),
                                            torch.tensor(torch.allclose(a, a + 1e-9)), torch.tensor(torch.allclose(a, b))),
           nograd=("a", "b"), a=rn(3), b=rn(3))

    # dtypes and type promotion.
    w.case("int_true_division", lambda a, b: a / b, a=ints(-9, 10, 3, 4), b=ints(1, 5, 4))
    w.case("uint8_add_wraps", lambda a, b: a + b,
           a=torch.tensor([200, 100, 255, 0], dtype=torch.uint8), b=torch.tensor([100, 100, 1, 7], dtype=torch.uint8))
    w.case("int_times_float_scalar", lambda a: a * 2.5, a=ints(-5, 5, 3, 4))
    w.case("float32_plus_float64", lambda a, b: a + b, a=rn(3, 4, dtype=torch.float32), b=rn(4))
    w.case("int_plus_bool", lambda a, b: a + b, a=ints(-5, 5, 3, 4), b=torch.rand(4) > 0.5)
    w.case("int_sums", lambda a, b: (a.sum(), b.sum(), a.sum(0)),
           a=torch.tensor([[200, 100], [255, 1]], dtype=torch.uint8), b=torch.rand(10) > 0.3)
    w.case("float32_chain", lambda a, b: (a.exp() * b).sum(1).sqrt(), a=rn(4, 5, dtype=torch.float32),
           b=pos(5, dtype=torch.float32))
    w.case("conversions", lambda a: (a.to(torch.float32), a.to(torch.int64), (a.abs() * 40).to(torch.uint8),
                                     a.to(torch.bool), a.to(torch.float32).to(torch.float64)),
           a=torch.tensor([0.0, -1.7, 2.5, 0.3, -0.0, 3.9], dtype=torch.float64))

    # Integer scalars keep integer tensors integer; Python's //, % and rounding division.
    k, m = ints(-9, 10, 3, 4), ints(1, 5, 4)
    w.case("int_scalar_arithmetic", lambda a: (a + 2, a - 1, a * 3, 7 - a, 2 + a, 3 * a, a.pow(2), a.clamp(-2, 5),
                                              a.clamp_min(0), a.clamp_max(1), a * 2.5, a + 0.5), a=k)
    w.case("int_tensor_add_sub_default_alpha", lambda a, b: (torch.add(a, b), torch.sub(a, b), torch.add(a, b, alpha=3)),
           a=k, b=m)
    w.case("remainder_floor_divide", lambda a, b: (a % b, a % 4, a // b, a // 4, torch.div(a, b, rounding_mode="trunc"),
                                                   torch.div(a, b, rounding_mode="floor")), a=k, b=m)
    w.case("remainder_float", lambda a, b: (a % b, a % 0.75, torch.div(a, b, rounding_mode="trunc"),
                                            torch.div(a, 0.75, rounding_mode="floor")), a=rn(3, 4) * 3, b=pos(4))
    w.case("pow_scalar_base", lambda a: torch.pow(2.0, a), a=rn(3, 4))
    w.case("operators_compare", lambda a, b: (a < b, a > b, a <= b, a >= b, a < 0.5, a > 0.5, a <= 1, a >= 1,
                                              0.5 < a, 0.5 > a, 1 <= a, 1 >= a), a=x, b=y)
    w.case("operators_bitwise", lambda p, q, a, b: (p & q, p | q, p ^ q, ~p, a & b, a | b, a ^ b, ~a),
           p=p, q=q, a=ints(0, 16, 3, 4), b=ints(0, 16, 4))

    # Constant factories.
    w.case("factories", lambda: (torch.zeros(2, 3), torch.ones(2, 3, dtype=torch.float64), torch.full((2, 2), 2.5),
                                 torch.eye(3), torch.arange(5), torch.arange(2, 11, 3), torch.arange(0.5, 3, 0.5),
                                 torch.arange(0, 1, 0.1, dtype=torch.float64), torch.linspace(0, 1, 5),
                                 torch.zeros(3, dtype=torch.int64), torch.ones(2, dtype=torch.bool)))
    w.case("factories_like", lambda a: (torch.zeros_like(a), torch.ones_like(a), torch.full_like(a, 3.0)),
           nograd=("a",), a=rn(2, 3))
