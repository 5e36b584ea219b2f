using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Ops;

/// <summary>Operators whose TorchSharp 0.107 binding lets a libtorch error escape as a C++ exception, which aborts the
/// process ("terminate called after throwing an instance of 'c10::Error'") instead of becoming a .NET exception.
/// These check the shapes first, with the rule libtorch applies, and throw <see cref="ArgumentException"/> naming
/// both shapes. Today only <c>matmul</c> (its native entry lacks TorchSharp's error guard; docs/engine.md).</summary>
public static class CheckedOps
{
    /// <summary><c>torch.matmul(a, b)</c> with the shapes checked first: 1-D operands are a vector (prepended or
    /// appended dimension), the last dimension of <paramref name="a"/> must equal the second-to-last of
    /// <paramref name="b"/> (the only one of a 1-D <paramref name="b"/>), and leading batch dimensions must broadcast.</summary>
    /// <exception cref="ArgumentException">the shapes do not fit; the message shows both.</exception>
    public static Tensor matmul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Check(a.shape, b.shape);
        return torch.matmul(a, b);
    }

    /// <summary>Throws unless <c>matmul</c> accepts operands of these shapes.</summary>
    internal static void Check(long[] a, long[] b)
    {
        string Shapes() => $"[{string.Join(", ", a)}] and [{string.Join(", ", b)}]";
        if (a.Length == 0 || b.Length == 0)
            throw new ArgumentException($"matmul needs tensors of at least one dimension, got shapes {Shapes()}");
        var inner = a[^1];
        var other = b.Length == 1 ? b[0] : b[^2];
        if (inner != other)
            throw new ArgumentException($"matmul: shapes {Shapes()} cannot be multiplied (the last dimension of the " +
                $"first, {inner}, must equal the {(b.Length == 1 ? "length" : "second-to-last dimension")} of the second, {other})");
        var batchA = a.Length > 2 ? a[..^2] : [];
        var batchB = b.Length > 2 ? b[..^2] : [];
        for (int i = 1; i <= Math.Min(batchA.Length, batchB.Length); i++)
        {
            long x = batchA[^i], y = batchB[^i];
            if (x != y && x != 1 && y != 1)
                throw new ArgumentException($"matmul: the batch dimensions of shapes {Shapes()} do not broadcast ({x} against {y})");
        }
    }
}
