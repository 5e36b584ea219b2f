namespace EarthEmbed.Geo;

/// <summary>Band-sequential floats in memory as a raster source; NaN is no-data. For prepared data held in memory
/// (a scene read once, a synthetic raster) that tiled prediction or patch sampling reads like a file.</summary>
public sealed class ArrayRasterSource : IRasterSource
{
    private readonly float[] data;

    /// <summary>Wraps <paramref name="values"/> ([band][row][col]) on <paramref name="grid"/>.</summary>
    public ArrayRasterSource(string name, Grid grid, float[] values, int bands)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(values);
        if (values.LongLength != (long)bands * grid.Width * grid.Height)
            throw new ArgumentException($"{values.LongLength} values do not make {bands} bands of {grid.Width}x{grid.Height}", nameof(values));
        Name = name;
        Grid = grid;
        data = values;
        BandCount = bands;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Grid Grid { get; }

    /// <inheritdoc />
    public int BandCount { get; }

    /// <inheritdoc />
    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid)
    {
        if (!PixelWindow.Full(Grid.Width, Grid.Height).Contains(window))
            throw new ArgumentOutOfRangeException(nameof(window), window, $"the window is not inside the {Grid.Width}x{Grid.Height} raster");
        var plane = (long)Grid.Width * Grid.Height;
        var k = 0;
        for (var b = 0; b < BandCount; b++)
            for (var r = 0; r < window.Height; r++)
            {
                var row = data.AsSpan((int)(b * plane + (long)(window.Y + r) * Grid.Width + window.X), window.Width);
                row.CopyTo(values.Slice(k, window.Width));
                for (var c = 0; c < window.Width; c++) valid[k + c] = float.IsFinite(row[c]);
                k += window.Width;
            }
    }
}
