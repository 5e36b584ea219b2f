using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Factories: constants, ranges, random tensors, joins. dtype defaults to float32 where PyTorch's does.
public sealed partial class Tensor
{
    private static readonly Op ZerosOp = new("aten::zeros"), OnesOp = new("aten::ones"), FullOp = new("aten::full");
    private static readonly Op EmptyOp = new("aten::empty.memory_format"), EyeOp = new("aten::eye");
    private static readonly Op ArangeOp = new("aten::arange.start_step"), LinspaceOp = new("aten::linspace");
    private static readonly Op RandOp = new("aten::rand"), RandnOp = new("aten::randn");
    private static readonly Op RandIntOp = new("aten::randint.low"), RandPermOp = new("aten::randperm");
    private static readonly Op ZerosLikeOp = new("aten::zeros_like"), OnesLikeOp = new("aten::ones_like");
    private static readonly Op RandLikeOp = new("aten::rand_like"), RandnLikeOp = new("aten::randn_like");
    private static readonly Op FullLikeOp = new("aten::full_like");
    private static readonly Op CatOp = new("aten::cat"), StackOp = new("aten::stack"), WhereOp = new("aten::where.self");
    private static readonly Op WhereS = new("aten::where.ScalarOther"), EinsumOp = new("aten::einsum");
    private static readonly Op BernoulliP = new("aten::bernoulli.p");

    private static Arg Dev(Device? d) => d is { } v ? v : Arg.None;

    /// <summary>All zeros.</summary>
    public static Tensor Zeros(long[] shape, ScalarType type = ScalarType.Float32, Device? device = null) =>
        ZerosOp.Tensor(shape, type, Arg.None, Dev(device));
    /// <summary>All ones.</summary>
    public static Tensor Ones(long[] shape, ScalarType type = ScalarType.Float32, Device? device = null) =>
        OnesOp.Tensor(shape, type, Arg.None, Dev(device));
    /// <summary>Every element <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, ScalarType type = ScalarType.Float32, Device? device = null) =>
        FullOp.Tensor(shape, value, type, Arg.None, Dev(device));
    /// <summary>Uninitialised memory of the given shape.</summary>
    public static Tensor Empty(long[] shape, ScalarType type = ScalarType.Float32, Device? device = null) =>
        EmptyOp.Tensor(shape, type, Arg.None, Dev(device));
    /// <summary>The n x n identity matrix.</summary>
    public static Tensor Eye(long n, ScalarType type = ScalarType.Float32, Device? device = null) =>
        EyeOp.Tensor(n, type, Arg.None, Dev(device));
    /// <summary>start, start+step, ... below end, float32 unless a type is given (like <c>torch.arange(0.5, 3, 0.5)</c>).</summary>
    public static Tensor Arange(double start, double end, double step = 1, ScalarType? type = null, Device? device = null) =>
        ArangeOp.Tensor(start, end, step, type ?? ScalarType.Float32, Arg.None, Dev(device));
    /// <summary>start, start+step, ... below end with integer bounds: int64 unless a type is given, as
    /// <c>torch.arange(2, 11, 3)</c> is.</summary>
    public static Tensor Arange(long start, long end, long step = 1, ScalarType? type = null, Device? device = null) =>
        ArangeOp.Tensor(start, end, step, type ?? ScalarType.Int64, Arg.None, Dev(device));
    /// <summary>0, 1, ..., end-1 as int64.</summary>
    public static Tensor Arange(long end, Device? device = null) =>
        ArangeOp.Tensor(0L, end, 1L, ScalarType.Int64, Arg.None, Dev(device));
    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, long steps, ScalarType type = ScalarType.Float32, Device? device = null) =>
        LinspaceOp.Tensor(start, end, steps, type, Arg.None, Dev(device));
    /// <summary>Uniform random values in [0, 1) from the seeded default generator.</summary>
    public static Tensor Rand(long[] shape, ScalarType type = ScalarType.Float32, Device? device = null) =>
        RandOp.Tensor(shape, type, Arg.None, Dev(device));
    /// <summary>Standard normal random values.</summary>
    public static Tensor Randn(long[] shape, ScalarType type = ScalarType.Float32, Device? device = null) =>
        RandnOp.Tensor(shape, type, Arg.None, Dev(device));
    /// <summary>Random integers in [low, high), int64.</summary>
    public static Tensor RandInt(long low, long high, long[] shape, Device? device = null) =>
        RandIntOp.Tensor(low, high, shape, ScalarType.Int64, Arg.None, Dev(device));
    /// <summary>A random permutation of 0..n-1, int64.</summary>
    public static Tensor RandPerm(long n, Device? device = null) =>
        RandPermOp.Tensor(n, ScalarType.Int64, Arg.None, Dev(device));
    /// <summary>Zeros shaped like <paramref name="t"/>.</summary>
    public static Tensor ZerosLike(Tensor t) => ZerosLikeOp.Tensor(t);
    /// <summary>Ones shaped like <paramref name="t"/>.</summary>
    public static Tensor OnesLike(Tensor t) => OnesLikeOp.Tensor(t);
    /// <summary>A constant shaped like <paramref name="t"/>.</summary>
    public static Tensor FullLike(Tensor t, double value) => FullLikeOp.Tensor(t, value);
    /// <summary>Uniform random values shaped like <paramref name="t"/>.</summary>
    public static Tensor RandLike(Tensor t) => RandLikeOp.Tensor(t);
    /// <summary>Normal random values shaped like <paramref name="t"/>.</summary>
    public static Tensor RandnLike(Tensor t) => RandnLikeOp.Tensor(t);
    /// <summary>1 with probability p, else 0, shaped like <paramref name="t"/>.</summary>
    public static Tensor Bernoulli(Tensor t, double p) => BernoulliP.Tensor(t, p);

    /// <summary>Joins tensors along an existing dimension.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return CatOp.Tensor(tensors.ToArray<Tensor?>(), dim);
    }
    /// <summary>Joins tensors along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return StackOp.Tensor(tensors.ToArray<Tensor?>(), dim);
    }
    /// <summary>Picks from <paramref name="whenTrue"/> where the condition holds, else from <paramref name="whenFalse"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor whenTrue, Tensor whenFalse) => WhereOp.Tensor(condition, whenTrue, whenFalse);
    /// <summary>Picks from <paramref name="whenTrue"/> where the condition holds, else a constant.</summary>
    public static Tensor Where(Tensor condition, Tensor whenTrue, double whenFalse) => WhereS.Tensor(condition, whenTrue, whenFalse);
    /// <summary>Einstein summation, e.g. "bij,bjk->bik".</summary>
    public static Tensor Einsum(string equation, params Tensor[] operands)
    {
        ArgumentNullException.ThrowIfNull(operands);
        return EinsumOp.Tensor(equation, operands.ToArray<Tensor?>());
    }
}
