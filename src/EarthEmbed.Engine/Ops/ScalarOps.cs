using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Ops;

/// <summary>Tensor operations with a number argument whose <see cref="Scalar"/> is kept alive for the whole native
/// call. TorchSharp 0.107 turns a number into a <see cref="Scalar"/> implicitly and leaves it to the garbage collector;
/// once its handle is passed to libtorch nothing references it, so a collection during a long native call can run its
/// finalizer and free the native scalar while libtorch reads it. Seen here once, in StefaLand's quick mode, as
/// "Expected false to be true ... Exception raised from toFloat at c10/core/Scalar.h:140" inside masked_fill
/// (TorchSharp pull requests 1434 and 1496 track the implicit scalars). Use these for calls on large tensors.</summary>
public static class ScalarOps
{
    /// <summary><c>x.masked_fill(mask, value)</c> with the scalar disposed only after the call returns.</summary>
    public static Tensor FillMasked(this Tensor x, Tensor mask, double value)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scalar = value.ToScalar();
        return x.masked_fill(mask, scalar);
    }
}
