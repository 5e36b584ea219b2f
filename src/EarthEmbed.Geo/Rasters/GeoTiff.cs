namespace EarthEmbed.Geo;

/// <summary>One-call GeoTIFF writing for data already in memory (small rasters, windows, test data). For large
/// outputs written piece by piece use <see cref="GeoTiffWriter"/>.</summary>
public static class GeoTiff
{
    /// <summary>Writes a window read earlier (values and grid) to <paramref name="path"/>, atomically. Invalid
    /// entries are written as <see cref="GeoTiffOptions.NoData"/> (NaN for float types when it is unset).</summary>
    public static void Write(string path, RasterWindow window, GeoTiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        var grid = window.Grid ?? throw new ArgumentException("the window has no grid; use the overload that takes one", nameof(window));
        options ??= GeoTiffOptions.Default;
        var fill = (float)(options.NoData ?? double.NaN);
        var values = (float[])window.Values.Clone();
        for (var i = 0; i < values.Length; i++) if (!window.Valid[i]) values[i] = fill;
        Write(path, grid, window.Bands, values, options);
    }

    /// <summary>Writes <paramref name="bandCount"/> bands of values laid out [band][row][col] on
    /// <paramref name="grid"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, Grid grid, int bandCount, ReadOnlySpan<float> values, GeoTiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        using var writer = GeoTiffWriter.Create(path, grid, bandCount, options);
        writer.Write(grid.FullWindow, values);
        writer.Commit();
    }
}
