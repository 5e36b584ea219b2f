using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Autograd: gradient flags, .grad, backward, detach.
public sealed partial class Tensor
{
    private static readonly Op DetachOp = new("aten::detach");

    /// <summary>Whether operations on this tensor are recorded for differentiation.</summary>
    public bool RequiresGrad
    {
        get
        {
            Ok(NativeMethods.ee_autograd_requires_grad(Handle, out var yes));
            return yes != 0;
        }
        set => Ok(NativeMethods.ee_autograd_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (like <c>requires_grad_()</c>).</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
    public bool IsLeaf
    {
        get
        {
            Ok(NativeMethods.ee_autograd_is_leaf(Handle, out var yes));
            return yes != 0;
        }
    }

    /// <summary>The accumulated gradient (a new handle each time; dispose it or let a scope do so), or null.
    /// Setting null clears it (PyTorch's <c>zero_grad(set_to_none=True)</c>); a tensor set here must have this
    /// tensor's shape, type and device.</summary>
    public Tensor? Grad
    {
        get
        {
            Ok(NativeMethods.ee_autograd_grad_of(Handle, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set
        {
            if (value is not null)
            {
                // libtorch's C++ setter accepts anything; check as PyTorch's Python setter does.
                if (!value.Shape.SequenceEqual(Shape))
                    throw new ArgumentException(
                        $"gradient shape [{string.Join(", ", value.Shape)}] differs from the tensor's [{string.Join(", ", Shape)}]", nameof(value));
                if (value.DType != DType)
                    throw new ArgumentException($"gradient type {value.DType} differs from the tensor's {DType}", nameof(value));
                if (value.Device != Device)
                    throw new ArgumentException($"gradient device {value.Device} differs from the tensor's {Device}", nameof(value));
            }
            Ok(NativeMethods.ee_autograd_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
            GC.KeepAlive(value);
        }
    }

    /// <summary>Keeps the gradient of a non-leaf tensor after backward.</summary>
    public void RetainGrad() => Ok(NativeMethods.ee_autograd_retain_grad(Handle));

    /// <summary>Back-propagates from this tensor (a scalar, or with <paramref name="gradient"/> of its shape),
    /// accumulating into the <see cref="Grad"/> of every leaf that requires grad. The graph is freed afterwards unless
    /// <paramref name="retainGraph"/> (by default: <paramref name="createGraph"/>, as in PyTorch).</summary>
    public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false)
    {
        Ok(NativeMethods.ee_autograd_backward(Handle, gradient?.Handle ?? IntPtr.Zero, (retainGraph ?? createGraph) ? 1 : 0,
            createGraph ? 1 : 0));
        GC.KeepAlive(gradient);
    }

    /// <summary>The same values, cut from the graph.</summary>
    public Tensor Detach() => DetachOp.Tensor(this);

    /// <summary>Takes this tensor out of whatever <see cref="DisposeScope"/> owns it; the caller now owns it.</summary>
    public Tensor DetachFromScope()
    {
        Scope = null;
        return this;
    }

    /// <summary>Moves this tensor to the scope enclosing its current one.</summary>
    public Tensor MoveToOuterScope() => Scope is null ? this : Scope.Keep(this);

    /// <summary>Replaces the values under this tensor with <paramref name="source"/>'s (any shape, type or device)
    /// while keeping its identity: PyTorch's <c>param.data = source</c>. Modules use it to move parameters.</summary>
    public void SetData(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Ok(NativeMethods.ee_tensor_set_data(Handle, source.Handle));
        GC.KeepAlive(source);
    }
}
