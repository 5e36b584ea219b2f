namespace EarthEmbed.Geo.Tests.Fixtures;

/// <summary>An in-memory raster source for tests: values from a function of (band, row, col), NaN meaning no data.</summary>
public sealed class ArraySource(Grid grid, int bands, Func<int, int, int, float> value) : IRasterSource
{
    /// <summary>Number of windows read so far.</summary>
    public int Reads { get; private set; }

    public string Name => "array source";

    public Grid Grid => grid;

    public int BandCount => bands;

    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid)
    {
        Assert.True(grid.FullWindow.Contains(window), $"read of {window} outside the {grid.Width}x{grid.Height} source");
        Reads++;
        var i = 0;
        for (var b = 0; b < bands; b++)
            for (var r = window.Y; r < window.Bottom; r++)
                for (var c = window.X; c < window.Right; c++, i++)
                {
                    values[i] = value(b, r, c);
                    valid[i] = !float.IsNaN(values[i]);
                }
    }

    /// <summary>A UTM grid of the given size with 10 m pixels.</summary>
    public static Grid UtmGrid(int width, int height) =>
        new(width, height, GeoTransform.NorthUp(500000, 9000000, 10, 10), Crs.FromEpsg(32725));
}
