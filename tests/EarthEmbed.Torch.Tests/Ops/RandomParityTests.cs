using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Seeded random numbers equal PyTorch's bit for bit (fixtures from Reference/cases_ops_random.py): the same
/// libtorch generator, seeded with <see cref="Engine.ManualSeed"/>, gives the same stream as torch.manual_seed.</summary>
[Collection(SeededTests.Name)]
public class RandomParityTests
{
    private const string Group = "opsrandom";

    private static Func<OpInputs, Tensor[]> Seeded(long seed, Func<Tensor[]> draw) => _ =>
    {
        Engine.ManualSeed(seed);
        return draw();
    };

    private static readonly Dictionary<string, Func<OpInputs, Tensor[]>> Cases = new()
    {
        ["rand_float32"] = Seeded(0, () => [Tensor.Rand([3, 4])]),
        ["rand_float64"] = Seeded(42, () => [Tensor.Rand([3, 4], ScalarType.Float64)]),
        ["randn_float32_small"] = Seeded(0, () => [Tensor.Randn([5])]),
        ["randn_float32_vectorised"] = Seeded(1, () => [Tensor.Randn([4, 8])]),
        ["randn_float64"] = Seeded(7, () => [Tensor.Randn([4, 5], ScalarType.Float64)]),
        ["randint"] = Seeded(3, () => [Tensor.RandInt(0, 10, [20])]),
        ["randint_negative_low"] = Seeded(3, () => [Tensor.RandInt(-5, 5, [3, 4])]),
        ["randperm_small"] = Seeded(0, () => [Tensor.RandPerm(10)]),
        ["randperm_large"] = Seeded(11, () => [Tensor.RandPerm(1000)]),
        ["stream_continues"] = Seeded(123, () =>
        [
            Tensor.Rand([2]), Tensor.Randn([3]), Tensor.RandInt(0, 100, [4]), Tensor.RandPerm(5),
            Tensor.Rand([2], ScalarType.Float64),
        ]),
        ["reseeding_repeats"] = x => [Seeded(1, () => [Tensor.Rand([3])])(x)[0], Seeded(1, () => [Tensor.Rand([3])])(x)[0]],
        ["like_and_inplace"] = Seeded(5, () =>
        [
            Tensor.RandLike(Tensor.Zeros([3, 3])), Tensor.RandnLike(Tensor.Zeros([2, 2], ScalarType.Float64)),
            Tensor.Empty([4, 4]).Uniform_(-1, 2), Tensor.Empty([6], ScalarType.Float64).Normal_(3, 0.5),
        ]),
        ["bernoulli"] = Seeded(8, () => [Tensor.Bernoulli(Tensor.Zeros([10, 10]), 0.3)]),
        ["dropout_train_mask"] = Seeded(9, () => [F.Dropout(Tensor.Ones([8, 8], ScalarType.Float64), 0.4, training: true)]),
        ["dropout2d_train_mask"] = Seeded(10, () => [F.Dropout2d(Tensor.Ones([2, 6, 3, 3], ScalarType.Float64), 0.5, training: true)]),
    };

    /// <summary>Every case the Python generator wrote.</summary>
    public static IEnumerable<object[]> Names => Reference.ReferenceFixtures.Cases(Group);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_PyTorch_exactly(string name) => OpParity.Check(Group, name, Cases, rtol: 0, atol: 0);

    [Fact]
    public void Python_and_CSharp_define_the_same_cases() => OpParity.AssertSameCases(Group, Cases.Keys);

    [Fact]
    public void Different_seeds_give_different_values()
    {
        using var scope = DisposeScope.Enter();
        Engine.ManualSeed(1);
        var a = Tensor.Rand([16]);
        Engine.ManualSeed(2);
        var b = Tensor.Rand([16]);
        Assert.False(a.Equal(b));
    }
}
