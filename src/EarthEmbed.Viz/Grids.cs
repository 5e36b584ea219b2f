namespace EarthEmbed.Viz;

/// <summary>Conversions from the row-major buffers rasters and tensors come in (<c>float[]</c> of height x width,
/// possibly one band of several, possibly with a validity mask) to the <c>double[rows, columns]</c> that charts and
/// maps take.</summary>
public static class Grids
{
    /// <summary>Band <paramref name="band"/> of a band-sequential row-major buffer as a grid; cells whose
    /// <paramref name="valid"/> flag is false (same layout as <paramref name="values"/>) become NaN.</summary>
    /// <exception cref="ArgumentException">The buffer is shorter than the bands and size say.</exception>
    public static double[,] FromRowMajor(ReadOnlySpan<float> values, int height, int width, int band = 0, ReadOnlySpan<bool> valid = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(band);
        var offset = (long)band * height * width;
        if (values.Length < offset + ((long)height * width))
            throw new ArgumentException($"values: band {band} of {height}x{width} needs {offset + ((long)height * width)} values, got {values.Length}", nameof(values));
        if (!valid.IsEmpty && valid.Length != values.Length)
            throw new ArgumentException($"valid: expected {values.Length} flags (one per value), got {valid.Length}", nameof(valid));
        var grid = new double[height, width];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var i = (int)(offset + ((long)r * width) + c);
                grid[r, c] = valid.IsEmpty || valid[i] ? values[i] : double.NaN;
            }
        }
        return grid;
    }

    /// <summary>The same for <c>double</c> buffers.</summary>
    public static double[,] FromRowMajor(ReadOnlySpan<double> values, int height, int width)
    {
        if (values.Length < (long)height * width)
            throw new ArgumentException($"values: {height}x{width} needs {(long)height * width} values, got {values.Length}", nameof(values));
        var grid = new double[height, width];
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++) grid[r, c] = values[(r * width) + c];
        return grid;
    }
}
