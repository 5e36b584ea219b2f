namespace EarthEmbed.Torch.Optim;

/// <summary>Gradient clipping, as <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>: call it
/// between <c>Backward()</c> and <c>optimizer.Step()</c>. Parameters without a gradient are ignored.</summary>
public static class ClipGrad
{
    /// <summary>Scales all gradients together so that their combined <paramref name="normType"/>-norm (the norm of
    /// the per-parameter norms; <see cref="double.PositiveInfinity"/> for the largest absolute value) is at most
    /// <paramref name="maxNorm"/>: each gradient is multiplied by min(1, maxNorm / (total + 1e-6)), in place.
    /// Returns the total norm before clipping (0 when no parameter has a gradient).</summary>
    /// <exception cref="InvalidOperationException">With <paramref name="errorIfNonfinite"/>, when the total norm is NaN or
    /// infinite (the gradients are then left untouched).</exception>
    public static double Norm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = DisposeScope.Enter();
        using var noGrad = GradMode.Disable();
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return 0;
        var device = grads[0].Device;
        Tensor total;
        if (double.IsPositiveInfinity(normType))
        {
            var norms = grads.Select(g => g.Abs().Max().To(device)).ToList();
            total = norms.Count == 1 ? norms[0] : Tensor.Stack(norms).Max();
        }
        else
        {
            var norms = grads.Select(g => g.Norm(normType, AllDims(g)).To(device)).ToList();
            using var stacked = Tensor.Stack(norms);
            total = stacked.Norm(normType, [0]);
        }
        var value = total.ToDouble();
        if (errorIfNonfinite && !double.IsFinite(value))
            throw new InvalidOperationException($"the total norm of order {normType} of the gradients is {value}, so they " +
                "cannot be clipped; pass errorIfNonfinite: false to scale them by the non-finite norm anyway");
        // PyTorch computes max_norm / (total + 1e-6) as reciprocal(total + 1e-6) * max_norm, in the gradients' type.
        var coefficient = (maxNorm / (total + 1e-6)).Clamp(max: 1.0);
        foreach (var g in grads) g.Mul_(coefficient.To(g.Device));
        return value;
    }

    /// <summary>Limits every gradient element to [-<paramref name="clipValue"/>, <paramref name="clipValue"/>], in place.</summary>
    public static void Value(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = DisposeScope.Enter();
        using var noGrad = GradMode.Disable();
        foreach (var p in parameters)
            p.Grad?.Clamp_(-clipValue, clipValue);
    }

    private static long[] AllDims(Tensor t)
    {
        var n = t.Dim;
        var dims = new long[n];
        for (var i = 0; i < n; i++) dims[i] = i;
        return dims;
    }
}
