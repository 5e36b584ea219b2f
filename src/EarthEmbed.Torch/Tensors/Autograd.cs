using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>Functional autograd, like <c>torch.autograd.grad</c>.</summary>
public static class Autograd
{
    /// <summary>Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without touching
    /// <c>.grad</c>. An entry is null when <paramref name="allowUnused"/> and the input was not used.</summary>
    public static unsafe Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null, bool retainGraph = false, bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        var outs = outputs.Select(t => t.Handle).ToArray();
        var ins = inputs.Select(t => t.Handle).ToArray();
        var gouts = gradOutputs?.Select(t => t?.Handle ?? IntPtr.Zero).ToArray();
        var result = new IntPtr[ins.Length];
        fixed (IntPtr* po = outs, pi = ins, pg = gouts, pr = result)
            Check.Ok(NativeMethods.ee_autograd_grad(po, outs.Length, pi, ins.Length, pg, retainGraph ? 1 : 0,
                createGraph ? 1 : 0, allowUnused ? 1 : 0, pr));
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        GC.KeepAlive(gradOutputs);
        return result.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
    }
}
