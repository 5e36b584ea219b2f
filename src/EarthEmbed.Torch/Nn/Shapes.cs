using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>Input checks shared by the layers, so every error names the layer, the expected and the actual shape.</summary>
internal static class Shapes
{
    /// <summary>"[2, 3, 64, 64]".</summary>
    public static string Format(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Throws unless <paramref name="input"/> has one of <paramref name="ranks"/> dimensions; returns its shape.</summary>
    public static long[] CheckRank(Tensor input, string layer, string expected, params int[] ranks)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Shape;
        if (!ranks.Contains(shape.Length))
            throw new ArgumentException($"{layer}: expected a {expected} input, got shape {Format(shape)} ({shape.Length}-D)", nameof(input));
        return shape;
    }

    /// <summary>Throws unless dimension <paramref name="dim"/> of <paramref name="shape"/> is <paramref name="size"/>.</summary>
    public static void CheckSize(long[] shape, int dim, long size, string layer, string what)
    {
        if (shape[dim] != size)
            throw new ArgumentException($"{layer}: input has {shape[dim]} {what}, expected {size} (input shape {Format(shape)})");
    }

    /// <summary>Python's repr of a float as PyTorch prints module arguments ("1e-05", "0.1", "1.0").</summary>
    public static string Py(double v)
    {
        if (v == Math.Floor(v) && Math.Abs(v) < 1e16) return v.ToString("0.0", CultureInfo.InvariantCulture);
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        // .NET writes 1E-05; Python writes 1e-05.
        return r.Replace("E", "e", StringComparison.Ordinal);
    }

    /// <summary>Python's repr of a bool.</summary>
    public static string Py(bool v) => v ? "True" : "False";
}
