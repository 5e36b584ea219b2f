using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>torch.nn.functional layers against PyTorch (fixtures from Reference/cases_ops_nn.py): convolutions at
/// 1e-4 relative, everything else at 1e-5.</summary>
public class NnParityTests
{
    private const string Group = "opsnn";

    private static readonly Dictionary<string, Func<OpInputs, Tensor[]>> Cases = Build();

    private static Dictionary<string, Func<OpInputs, Tensor[]>> Build()
    {
        var cases = new Dictionary<string, Func<OpInputs, Tensor[]>>
        {
            ["linear"] = x => [F.Linear(x["x"], x["wt"], x["b"])],
            ["linear_no_bias_batched"] = x => [F.Linear(x["x"], x["wt"])],

            ["conv2d_basic"] = x => [F.Conv2d(x["x"], x["wt"])],
            ["conv2d_bias_padding"] = x => [F.Conv2d(x["x"], x["wt"], x["b"], padding: 1)],
            ["conv2d_stride_padding"] = x => [F.Conv2d(x["x"], x["wt"], x["b"], stride: 2, padding: 1)],
            ["conv2d_dilation"] = x => [F.Conv2d(x["x"], x["wt"], dilation: 2, padding: 2)],
            ["conv2d_groups"] = x => [F.Conv2d(x["x"], x["wt"], x["b"], padding: 1, groups: 2)],
            ["conv2d_depthwise"] = x => [F.Conv2d(x["x"], x["wt"], groups: 4)],
            ["conv2d_all"] = x => [F.Conv2d(x["x"], x["wt"], x["b"], stride: 2, padding: 2, dilation: 2, groups: 2)],
            ["conv2d_rectangular"] = x => [F.Conv2d(x["x"], x["wt"], x["b"], stride: (2, 1), padding: (1, 0), dilation: (1, 2))],
            ["conv2d_same"] = x => [F.Conv2d(x["x"], x["wt"], x["b"], "same", dilation: 2)],
            ["conv2d_valid"] = x => [F.Conv2d(x["x"], x["wt"], null, "valid")],
            ["conv2d_float32"] = x => [F.Conv2d(x["x"], x["wt"], x["b"], stride: 2, padding: 1)],

            ["conv_transpose2d_basic"] = x => [F.ConvTranspose2d(x["x"], x["wt"])],
            ["conv_transpose2d_stride_output_padding"] = x =>
                [F.ConvTranspose2d(x["x"], x["wt"], x["b"], stride: 2, padding: 1, outputPadding: 1)],
            ["conv_transpose2d_groups_dilation"] = x =>
                [F.ConvTranspose2d(x["x"], x["wt"], x["b"], stride: 2, outputPadding: 1, groups: 2, dilation: 2)],
            ["conv_transpose2d_rectangular"] = x =>
                [F.ConvTranspose2d(x["x"], x["wt"], null, stride: (2, 3), padding: (0, 1), outputPadding: (1, 2))],

            ["max_pool2d"] = x => [F.MaxPool2d(x["x"], 2)],
            ["max_pool2d_stride_padding"] = x => [F.MaxPool2d(x["x"], 3, stride: 2, padding: 1)],
            ["max_pool2d_ceil"] = x => [F.MaxPool2d(x["x"], 2, ceilMode: true)],
            ["max_pool2d_dilation"] = x => [F.MaxPool2d(x["x"], 2, stride: 1, dilation: 2)],
            ["avg_pool2d"] = x => [F.AvgPool2d(x["x"], 2)],
            ["avg_pool2d_padding_counted"] = x => [F.AvgPool2d(x["x"], 3, stride: 2, padding: 1)],
            ["avg_pool2d_padding_excluded"] = x => [F.AvgPool2d(x["x"], 3, stride: 2, padding: 1, countIncludePad: false)],
            ["avg_pool2d_ceil"] = x => [F.AvgPool2d(x["x"], 2, ceilMode: true)],
            ["avg_pool2d_divisor"] = x => [F.AvgPool2d(x["x"], 2, divisorOverride: 3)],
            ["adaptive_avg_pool2d"] = x => [F.AdaptiveAvgPool2d(x["x"], 3, 4)],
            ["adaptive_avg_pool2d_global"] = x => [F.AdaptiveAvgPool2d(x["x"], 1, 1)],
            ["adaptive_max_pool2d"] = x => [F.AdaptiveMaxPool2d(x["x"], 3, 4)],
            ["interp_bilinear_scale_half"] = x => [F.Interpolate(x["x"], scale: 0.5, mode: InterpolationMode.Bilinear)],

            ["batch_norm_train"] = x =>
                [F.BatchNorm(x["x"], x["rm"], x["rv"], x["wt"], x["b"], training: true, momentum: 0.1), x["rm"], x["rv"]],
            ["batch_norm_train_momentum_no_affine"] = x =>
                [F.BatchNorm(x["x"], x["rm"], x["rv"], training: true, momentum: 0.3, eps: 1e-3), x["rm"], x["rv"]],
            ["batch_norm_train_without_running_stats"] = x => [F.BatchNorm(x["x"], null, null, x["wt"], x["b"], training: true)],
            ["batch_norm_train_2d"] = x => [F.BatchNorm(x["x"], x["rm"], x["rv"], training: true), x["rm"], x["rv"]],
            ["batch_norm_eval"] = x =>
                [F.BatchNorm(x["x"], x["rm"], x["rv"], x["wt"], x["b"], training: false), x["rm"], x["rv"]],
            ["group_norm"] = x => [F.GroupNorm(x["x"], 3, x["wt"], x["b"])],
            ["group_norm_no_affine_eps"] = x => [F.GroupNorm(x["x"], 2, eps: 1e-3)],
            ["instance_norm"] = x => [F.InstanceNorm(x["x"], x["wt"], x["b"])],
            ["layer_norm_last"] = x => [F.LayerNorm(x["x"], [5], x["wt"], x["b"])],
            ["layer_norm_two_dims"] = x => [F.LayerNorm(x["x"], [3, 5], x["wt"], x["b"], eps: 1e-3)],
            ["layer_norm_no_affine"] = x => [F.LayerNorm(x["x"], [5])],

            ["embedding"] = x => [F.Embedding(x["wt"], x["i"])],
            ["embedding_padding_idx"] = x => [F.Embedding(x["wt"], x["i"], paddingIdx: 0)],
            ["pad_constant"] = x => [F.Pad(x["x"], [1, 2, 0, 1], value: 0.5)],
            ["pad_reflect"] = x => [F.Pad(x["x"], [2, 1, 1, 2], "reflect")],
            ["pad_replicate"] = x => [F.Pad(x["x"], [2, 1, 1, 2], "replicate")],
            ["pad_circular"] = x => [F.Pad(x["x"], [2, 1, 1, 2], "circular")],
            ["pixel_shuffle"] = x => [F.PixelShuffle(x["x"], 2)],
            ["pixel_unshuffle"] = x => [F.PixelUnshuffle(x["x"], 2)],
            ["one_hot"] = x => [F.OneHot(x["i"], 5)],
            ["one_hot_inferred"] = x => [F.OneHot(x["i"])],

            ["relu"] = x => [F.Relu(x["a"])],
            ["relu_inplace"] = x => [F.Relu_(x["a"].Clone())],
            ["relu6"] = x => [F.Relu6(x["a"] * 3)],
            ["leaky_relu"] = x => [F.LeakyRelu(x["a"])],
            ["leaky_relu_slope"] = x => [F.LeakyRelu(x["a"], 0.2)],
            ["elu"] = x => [F.Elu(x["a"], 0.7)],
            ["gelu"] = x => [F.Gelu(x["a"])],
            ["gelu_tanh"] = x => [F.Gelu(x["a"], "tanh")],
            ["silu"] = x => [F.Silu(x["a"])],
            ["mish"] = x => [F.Mish(x["a"])],
            ["hardswish"] = x => [F.Hardswish(x["a"])],
            ["softplus"] = x => [F.Softplus(x["a"], beta: 2.0, threshold: 3.0)],
            ["sigmoid"] = x => [F.Sigmoid(x["a"])],
            ["logsigmoid"] = x => [F.LogSigmoid(x["a"])],
            ["tanh"] = x => [F.Tanh(x["a"])],
            ["softmax_dim1"] = x => [F.Softmax(x["a"], 1)],
            ["softmax_dim0"] = x => [F.Softmax(x["a"], 0)],
            ["log_softmax_last"] = x => [F.LogSoftmax(x["a"], -1)],
            ["softmax_channels"] = x => [F.Softmax(x["x"], 1)],
            ["dropout_eval_is_identity"] = x => [F.Dropout(x["a"], 0.5, training: false)],
            ["dropout2d_eval_is_identity"] = x => [F.Dropout2d(x["x"], 0.5, training: false)],
        };
        var modes = new (string Name, InterpolationMode Mode)[]
        {
            ("nearest", InterpolationMode.Nearest), ("nearest_exact", InterpolationMode.NearestExact),
            ("bilinear", InterpolationMode.Bilinear), ("bicubic", InterpolationMode.Bicubic), ("area", InterpolationMode.Area),
        };
        foreach (var (name, mode) in modes)
        {
            cases[$"interp_{name}_size_up"] = x => [F.Interpolate(x["x"], size: [10, 9], mode: mode)];
            cases[$"interp_{name}_size_down"] = x => [F.Interpolate(x["x"], size: [4, 3], mode: mode)];
            cases[$"interp_{name}_scale2"] = x => [F.Interpolate(x["x"], scale: 2.0, mode: mode)];
            cases[$"interp_{name}_scale_fraction"] = x => [F.Interpolate(x["x"], scale: 1.7, mode: mode)];
            if (mode is not (InterpolationMode.Bilinear or InterpolationMode.Bicubic)) continue;
            cases[$"interp_{name}_size_up_align"] = x => [F.Interpolate(x["x"], size: [10, 9], mode: mode, alignCorners: true)];
            cases[$"interp_{name}_size_down_align"] = x => [F.Interpolate(x["x"], size: [4, 3], mode: mode, alignCorners: true)];
            cases[$"interp_{name}_scale2_align"] = x => [F.Interpolate(x["x"], scale: 2.0, mode: mode, alignCorners: true)];
        }
        return cases;
    }

    /// <summary>Every case the Python generator wrote.</summary>
    public static IEnumerable<object[]> Names => Reference.ReferenceFixtures.Cases(Group);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_PyTorch_in_values_dtypes_and_gradients(string name) =>
        OpParity.Check(Group, name, Cases, name.StartsWith("conv", StringComparison.Ordinal) ? 1e-4 : 1e-5);

    [Fact]
    public void Python_and_CSharp_define_the_same_cases() => OpParity.AssertSameCases(Group, Cases.Keys);
}
