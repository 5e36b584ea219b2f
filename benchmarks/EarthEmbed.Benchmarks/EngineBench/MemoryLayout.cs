using static TorchSharp.torch;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>Channels-last (NHWC) memory format for tensors and whole models, the equivalent of PyTorch's
/// <c>x.contiguous(memory_format=torch.channels_last)</c> and <c>model.to(memory_format=torch.channels_last)</c>,
/// which TorchSharp 0.107 lacks. A 4-D tensor is channels-last when its strides are those of an (N, H, W, C) array
/// seen as (N, C, H, W); libtorch recognises such a tensor by its strides and oneDNN's convolutions then run NHWC
/// without reordering.</summary>
public static class MemoryLayout
{
    /// <summary>A channels-last copy of the 4-D tensor <paramref name="tensor"/>, same shape and values (owned by the
    /// current dispose scope).</summary>
    public static Tensor ToChannelsLast(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4)
            throw new ArgumentException($"channels-last needs a 4-D tensor, got [{string.Join(", ", tensor.shape)}]", nameof(tensor));
        using var nhwc = tensor.permute(0, 2, 3, 1).contiguous();
        return nhwc.permute(0, 3, 1, 2);
    }

    /// <summary>True when <paramref name="tensor"/> is 4-D and laid out channels-last: libtorch's rule
    /// (is_contiguous(memory_format=channels_last)), in which dimensions of size 1 may have any stride.</summary>
    public static bool IsChannelsLast(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4) return false;
        var shape = tensor.shape;
        var strides = tensor.stride();
        long expected = 1;
        foreach (var d in (ReadOnlySpan<int>)[1, 3, 2, 0])
        {
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>Re-lays every 4-D parameter and buffer of <paramref name="module"/> out channels-last, keeping the
    /// tensors' identities (<c>param.set_(relaid)</c> without autograd, as PyTorch's <c>param.data = ...</c>), so an
    /// optimiser built before or after sees the same parameters.</summary>
    public static void ToChannelsLast(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var t in module.parameters().Cast<Tensor>().Concat(module.buffers()))
        {
            if (t.dim() != 4 || IsChannelsLast(t)) continue;
            t.set_(ToChannelsLast(t));
        }
    }
}
