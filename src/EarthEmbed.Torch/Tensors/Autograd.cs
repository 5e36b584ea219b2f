using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>Functional autograd, like <c>torch.autograd.grad</c>.</summary>
public static class Autograd
{
    /// <summary>Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without touching
    /// <c>.grad</c>. <paramref name="gradOutputs"/> holds one upstream gradient per output (null entries, or no list,
    /// for scalar outputs). The graph is kept for another pass when <paramref name="retainGraph"/> is true, and by
    /// default (as in PyTorch) whenever <paramref name="createGraph"/> is, so the returned gradients can themselves be
    /// differentiated. An entry is null when <paramref name="allowUnused"/> and the input was not used.</summary>
    public static unsafe Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null, bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (outputs.Count == 0) throw new ArgumentException("need at least one output", nameof(outputs));
        if (inputs.Count == 0) throw new ArgumentException("need at least one input", nameof(inputs));
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"gradOutputs has {gradOutputs.Count} entries but there are {outputs.Count} outputs", nameof(gradOutputs));
        var outs = Handles(outputs, nameof(outputs));
        var ins = Handles(inputs, nameof(inputs));
        var gouts = gradOutputs?.Select(t => t?.Handle ?? IntPtr.Zero).ToArray();
        var result = new IntPtr[ins.Length];
        fixed (IntPtr* po = outs, pi = ins, pg = gouts, pr = result)
            Check.Ok(NativeMethods.ee_autograd_grad(po, outs.Length, pi, ins.Length, pg, (retainGraph ?? createGraph) ? 1 : 0,
                createGraph ? 1 : 0, allowUnused ? 1 : 0, pr));
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        GC.KeepAlive(gradOutputs);
        return result.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
    }

    private static IntPtr[] Handles(IReadOnlyList<Tensor> tensors, string name)
    {
        var handles = new IntPtr[tensors.Count];
        for (var k = 0; k < handles.Length; k++)
            handles[k] = (tensors[k] ?? throw new ArgumentException($"{name}[{k}] is null", name)).Handle;
        return handles;
    }
}
