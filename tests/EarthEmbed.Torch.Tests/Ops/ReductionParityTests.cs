namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Reductions, overall and per dimension, and sorting/counting against PyTorch (fixtures from Reference/cases_ops_reduce.py).</summary>
public class ReductionParityTests
{
    private const string Group = "opsreduce";

    private static Tensor[] Both((Tensor Values, Tensor Indices) r) => [r.Values, r.Indices];

    private static readonly Dictionary<string, Func<OpInputs, Tensor[]>> Cases = new()
    {
        ["sum_all"] = x => [x["a"].Sum()],
        ["sum_dims"] = x => [x["a"].Sum([0, 2])],
        ["sum_dims_keepdim"] = x => [x["a"].Sum([0, 2], keepDim: true)],
        ["sum_dim"] = x => [x["a"].Sum(1)],
        ["sum_negative_dim_keepdim"] = x => [x["a"].Sum(-1, keepDim: true)],
        ["mean_all"] = x => [x["a"].Mean()],
        ["mean_dims_keepdim"] = x => [x["a"].Mean([1, 2], keepDim: true)],
        ["mean_dim"] = x => [x["a"].Mean(-1)],
        ["max_all"] = x => [x["a"].Max()],
        ["max_dim"] = x => Both(x["a"].Max(1)),
        ["max_dim_keepdim"] = x => Both(x["a"].Max(2, keepDim: true)),
        ["min_all"] = x => [x["a"].Min()],
        ["min_dim"] = x => Both(x["a"].Min(0)),
        ["argmax_all"] = x => [x["a"].ArgMax()],
        ["argmax_dim"] = x => [x["a"].ArgMax(2)],
        ["argmax_dim_keepdim"] = x => [x["a"].ArgMax(1, keepDim: true)],
        ["argmin_all"] = x => [x["a"].ArgMin()],
        ["argmin_dim"] = x => [x["a"].ArgMin(0)],
        ["std_all"] = x => [x["a"].Std()],
        ["std_all_biased"] = x => [x["a"].Std(unbiased: false)],
        ["std_dims_keepdim"] = x => [x["a"].Std([0, 2], keepDim: true)],
        ["var_all"] = x => [x["a"].Var()],
        ["var_dim_biased"] = x => [x["a"].Var([1], unbiased: false)],
        ["quantile_all"] = x => [x["a"].Quantile(0.3)],
        ["quantile_dim_keepdim"] = x => [x["a"].Quantile(0.75, 1, keepDim: true)],
        ["quantile_many"] = x => [x["a"].Quantile(x["q"], 2)],
        ["quantile_interpolations"] = x =>
            new[] { "lower", "higher", "nearest", "midpoint" }.Select(m => x["a"].Quantile(0.4, 0, interpolation: m)).ToArray(),
        ["nanquantile"] = x => [x["a"].NanQuantile(0.5, 1)],
        ["median_all"] = x => [x["a"].Median()],
        ["median_dim"] = x => Both(x["a"].Median(1)),
        ["median_dim_keepdim"] = x => Both(x["a"].Median(-1, keepDim: true)),
        ["nanmean"] = x => [x["a"].NanMean([1])],
        ["nansum_all"] = x => [x["a"].NanSum()],
        ["prod"] = x => [x["a"].Prod()],
        ["all_any"] = x => [x["p"].All(), x["p"].Any(), x["q"].All(), x["q"].Any()],
        ["norm_all"] = x => [x["a"].Norm()],
        ["norm_p1"] = x => [x["a"].Norm(1)],
        ["norm_p3_dims_keepdim"] = x => [x["a"].Norm(3, [1, 2], keepDim: true)],
        ["logsumexp"] = x => [x["a"].LogSumExp([1])],
        ["cumsum"] = x => [x["a"].CumSum(1)],
        ["amax"] = x => [x["a"].Amax([0, 2])],
        ["amin_keepdim"] = x => [x["a"].Amin([1], keepDim: true)],
        ["sort"] = x => Both(x["a"].Sort(1)),
        ["sort_descending_stable"] = x => Both(x["k"].Sort(0, descending: true, stable: true)),
        ["argsort"] = x => [x["a"].ArgSort(-1, descending: true)],
        ["topk"] = x => Both(x["a"].TopK(2, dim: 1)),
        ["topk_smallest"] = x => Both(x["a"].TopK(3, largest: false)),
        ["unique"] = x =>
        {
            var (values, inverse, counts) = x["k"].Unique(returnInverse: true, returnCounts: true);
            return [values, inverse!, counts!];
        },
        ["unique_values_only"] = x => [x["k"].Unique().Values],
        ["bincount"] = x => [x["k"].Bincount(minLength: 8)],
        ["bincount_weights"] = x => [x["k"].Bincount(x["wt"])],
        ["histc"] = x => [x["a"].Histc(7, -2, 2)],
        ["bucketize"] = x => [x["a"].Bucketize(x["b"]), x["a"].Bucketize(x["b"], right: true)],
        ["int_argmax_and_max"] = x => [x["k"].ArgMax(1), x["k"].Max(), x["k"].Sum(1)],
    };

    /// <summary>Every case the Python generator wrote.</summary>
    public static IEnumerable<object[]> Names => Reference.ReferenceFixtures.Cases(Group);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_PyTorch_in_values_dtypes_and_gradients(string name) => OpParity.Check(Group, name, Cases, 1e-5);

    [Fact]
    public void Python_and_CSharp_define_the_same_cases() => OpParity.AssertSameCases(Group, Cases.Keys);
}
