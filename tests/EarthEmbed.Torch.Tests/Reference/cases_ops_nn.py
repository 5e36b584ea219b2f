"""Parity fixtures, group "opsnn": torch.nn.functional layers: linear, conv2d, conv_transpose2d, pooling,
interpolate, batch/group/layer/instance norm, embedding, padding, pixel shuffle, one-hot, activations, dropout in
evaluation. C# side: Ops/NnParityTests.cs (conv cases at 1e-4 relative, the rest at 1e-5)."""
import torch
import torch.nn.functional as F

from opcases import Writer, ints, pos, rn


def write_all(out, save):
    torch.manual_seed(4)
    w = Writer("opsnn", out, save)

    w.case("linear", lambda x, wt, b: F.linear(x, wt, b), x=rn(5, 4), wt=rn(3, 4), b=rn(3))
    w.case("linear_no_bias_batched", lambda x, wt: F.linear(x, wt), x=rn(2, 5, 4), wt=rn(3, 4))

    x = rn(2, 4, 7, 6)
    wt, b = rn(6, 4, 3, 3), rn(6)
    w.case("conv2d_basic", lambda x, wt: F.conv2d(x, wt), x=x, wt=wt)
    w.case("conv2d_bias_padding", lambda x, wt, b: F.conv2d(x, wt, b, padding=1), x=x, wt=wt, b=b)
    w.case("conv2d_stride_padding", lambda x, wt, b: F.conv2d(x, wt, b, stride=2, padding=1), x=x, wt=wt, b=b)
    w.case("conv2d_dilation", lambda x, wt: F.conv2d(x, wt, dilation=2, padding=2), x=x, wt=wt)
    w.case("conv2d_groups", lambda x, wt, b: F.conv2d(x, wt, b, padding=1, groups=2), x=x, wt=rn(6, 2, 3, 3), b=b)
    w.case("conv2d_depthwise", lambda x, wt: F.conv2d(x, wt, groups=4), x=x, wt=rn(4, 1, 3, 3))
    w.case("conv2d_all", lambda x, wt, b: F.conv2d(x, wt, b, stride=2, padding=2, dilation=2, groups=2),
           x=x, wt=rn(6, 2, 3, 3), b=b)
    w.case("conv2d_rectangular", lambda x, wt, b: F.conv2d(x, wt, b, stride=(2, 1), padding=(1, 0), dilation=(1, 2)),
           x=x, wt=rn(5, 4, 3, 2), b=rn(5))
    w.case("conv2d_same", lambda x, wt, b: F.conv2d(x, wt, b, padding="same", dilation=2), x=x, wt=rn(3, 4, 3, 2), b=rn(3))
    w.case("conv2d_valid", lambda x, wt: F.conv2d(x, wt, padding="valid"), x=x, wt=wt)
    w.case("conv2d_float32", lambda x, wt, b: F.conv2d(x, wt, b, stride=2, padding=1),
           x=rn(2, 4, 9, 8, dtype=torch.float32), wt=rn(6, 4, 3, 3, dtype=torch.float32), b=rn(6, dtype=torch.float32))

    y = rn(2, 4, 5, 5)
    w.case("conv_transpose2d_basic", lambda x, wt: F.conv_transpose2d(x, wt), x=y, wt=rn(4, 3, 3, 3))
    w.case("conv_transpose2d_stride_output_padding",
           lambda x, wt, b: F.conv_transpose2d(x, wt, b, stride=2, padding=1, output_padding=1), x=y, wt=rn(4, 3, 3, 3), b=rn(3))
    w.case("conv_transpose2d_groups_dilation",
           lambda x, wt, b: F.conv_transpose2d(x, wt, b, stride=2, output_padding=1, groups=2, dilation=2),
           x=y, wt=rn(4, 2, 3, 3), b=rn(4))
    w.case("conv_transpose2d_rectangular",
           lambda x, wt: F.conv_transpose2d(x, wt, None, stride=(2, 3), padding=(0, 1), output_padding=(1, 2)),
           x=y, wt=rn(4, 3, 2, 3))

    w.case("max_pool2d", lambda x: F.max_pool2d(x, 2), x=x)
    w.case("max_pool2d_stride_padding", lambda x: F.max_pool2d(x, 3, stride=2, padding=1), x=x)
    w.case("max_pool2d_ceil", lambda x: F.max_pool2d(x, 2, ceil_mode=True), x=x)
    w.case("max_pool2d_dilation", lambda x: F.max_pool2d(x, 2, stride=1, dilation=2), x=x)
    w.case("avg_pool2d", lambda x: F.avg_pool2d(x, 2), x=x)
    w.case("avg_pool2d_padding_counted", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1), x=x)
    w.case("avg_pool2d_padding_excluded", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False), x=x)
    w.case("avg_pool2d_ceil", lambda x: F.avg_pool2d(x, 2, ceil_mode=True), x=x)
    w.case("avg_pool2d_divisor", lambda x: F.avg_pool2d(x, 2, divisor_override=3), x=x)
    w.case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), x=x)
    w.case("adaptive_avg_pool2d_global", lambda x: F.adaptive_avg_pool2d(x, (1, 1)), x=x)
    w.case("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (3, 4)), x=x)

    for mode in ("nearest", "nearest-exact", "bilinear", "bicubic", "area"):
        m = mode.replace("-", "_")
        w.case(f"interp_{m}_size_up", lambda x, mode=mode: F.interpolate(x, size=(10, 9), mode=mode), x=x)
        w.case(f"interp_{m}_size_down", lambda x, mode=mode: F.interpolate(x, size=(4, 3), mode=mode), x=x)
        w.case(f"interp_{m}_scale2", lambda x, mode=mode: F.interpolate(x, scale_factor=2.0, mode=mode), x=x)
        w.case(f"interp_{m}_scale_fraction", lambda x, mode=mode: F.interpolate(x, scale_factor=1.7, mode=mode), x=x)
    for mode in ("bilinear", "bicubic"):
        w.case(f"interp_{mode}_size_up_align", lambda x, mode=mode: F.interpolate(x, size=(10, 9), mode=mode, align_corners=True), x=x)
        w.case(f"interp_{mode}_size_down_align", lambda x, mode=mode: F.interpolate(x, size=(4, 3), mode=mode, align_corners=True), x=x)
        w.case(f"interp_{mode}_scale2_align", lambda x, mode=mode: F.interpolate(x, scale_factor=2.0, mode=mode, align_corners=True), x=x)
    w.case("interp_bilinear_scale_half", lambda x: F.interpolate(x, scale_factor=0.5, mode="bilinear"), x=x)

    z, c = rn(4, 3, 5, 5), 3
    stats = dict(rm=rn(c) * 0.1, rv=pos(c))
    w.case("batch_norm_train", lambda x, rm, rv, wt, b: (F.batch_norm(x, rm, rv, wt, b, training=True, momentum=0.1), rm, rv),
           nograd=("rm", "rv"), x=z, wt=rn(c), b=rn(c), **stats)
    w.case("batch_norm_train_momentum_no_affine",
           lambda x, rm, rv: (F.batch_norm(x, rm, rv, training=True, momentum=0.3, eps=1e-3), rm, rv),
           nograd=("rm", "rv"), x=z, **stats)
    w.case("batch_norm_train_without_running_stats", lambda x, wt, b: F.batch_norm(x, None, None, wt, b, training=True),
           x=z, wt=rn(c), b=rn(c))
    w.case("batch_norm_train_2d", lambda x, rm, rv: (F.batch_norm(x, rm, rv, training=True), rm, rv),
           nograd=("rm", "rv"), x=rn(6, c), **stats)
    w.case("batch_norm_eval", lambda x, rm, rv, wt, b: (F.batch_norm(x, rm, rv, wt, b, training=False), rm, rv),
           nograd=("rm", "rv"), x=z, wt=rn(c), b=rn(c), **stats)
    g = rn(2, 6, 4, 4)
    w.case("group_norm", lambda x, wt, b: F.group_norm(x, 3, wt, b), x=g, wt=rn(6), b=rn(6))
    w.case("group_norm_no_affine_eps", lambda x: F.group_norm(x, 2, eps=1e-3), x=g)
    w.case("instance_norm", lambda x, wt, b: F.instance_norm(x, weight=wt, bias=b), x=g, wt=rn(6), b=rn(6))
    ln = rn(2, 3, 5)
    w.case("layer_norm_last", lambda x, wt, b: F.layer_norm(x, (5,), wt, b), x=ln, wt=rn(5), b=rn(5))
    w.case("layer_norm_two_dims", lambda x, wt, b: F.layer_norm(x, (3, 5), wt, b, eps=1e-3), x=ln, wt=rn(3, 5), b=rn(3, 5))
    w.case("layer_norm_no_affine", lambda x: F.layer_norm(x, (5,)), x=ln)

    w.case("embedding", lambda wt, i: F.embedding(i, wt), wt=rn(10, 4), i=torch.tensor([[1, 3, 1], [9, 0, 3]]))
    w.case("embedding_padding_idx", lambda wt, i: F.embedding(i, wt, padding_idx=0), wt=rn(10, 4),
           i=torch.tensor([[1, 0, 1], [9, 0, 3]]))
    w.case("pad_constant", lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), x=x)
    w.case("pad_reflect", lambda x: F.pad(x, (2, 1, 1, 2), mode="reflect"), x=x)
    w.case("pad_replicate", lambda x: F.pad(x, (2, 1, 1, 2), mode="replicate"), x=x)
    w.case("pad_circular", lambda x: F.pad(x, (2, 1, 1, 2), mode="circular"), x=x)
    w.case("pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), x=rn(2, 8, 3, 3))
    w.case("pixel_unshuffle", lambda x: F.pixel_unshuffle(x, 2), x=rn(2, 2, 4, 6))
    w.case("one_hot", lambda i: F.one_hot(i, 5), i=ints(0, 5, 2, 3))
    w.case("one_hot_inferred", lambda i: F.one_hot(i), i=torch.tensor([0, 3, 1]))

    a = rn(3, 5) * 2
    w.case("relu", lambda a: F.relu(a), a=a)
    w.case("relu_inplace", lambda a: F.relu_(a.clone()), a=a)
    w.case("relu6", lambda a: F.relu6(a * 3), a=a)
    w.case("leaky_relu", lambda a: F.leaky_relu(a), a=a)
    w.case("leaky_relu_slope", lambda a: F.leaky_relu(a, 0.2), a=a)
    w.case("elu", lambda a: F.elu(a, 0.7), a=a)
    w.case("gelu", lambda a: F.gelu(a), a=a)
    w.case("gelu_tanh", lambda a: F.gelu(a, approximate="tanh"), a=a)
    w.case("silu", lambda a: F.silu(a), a=a)
    w.case("mish", lambda a: F.mish(a), a=a)
    w.case("hardswish", lambda a: F.hardswish(a), a=a)
    w.case("softplus", lambda a: F.softplus(a, beta=2.0, threshold=3.0), a=a)
    w.case("sigmoid", lambda a: torch.sigmoid(a), a=a)
    w.case("logsigmoid", lambda a: F.logsigmoid(a), a=a)
    w.case("tanh", lambda a: torch.tanh(a), a=a)
    w.case("softmax_dim1", lambda a: F.softmax(a, 1), a=a)
    w.case("softmax_dim0", lambda a: F.softmax(a, 0), a=a)
    w.case("log_softmax_last", lambda a: F.log_softmax(a, -1), a=a)
    w.case("softmax_channels", lambda x: F.softmax(x, 1), x=x)
    w.case("dropout_eval_is_identity", lambda a: F.dropout(a, 0.5, training=False), a=a)
    w.case("dropout2d_eval_is_identity", lambda x: F.dropout2d(x, 0.5, training=False), x=x)
