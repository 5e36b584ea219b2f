namespace EarthEmbed.Geo;

/// <summary>Anything that yields float windows with a validity mask on a north-up grid: an opened raster, a band
/// subset of one, the de-quantised AlphaEarth embeddings. Samplers and tiled prediction read through this.
/// Sources wrap native datasets that are not thread-safe: use one source per thread.</summary>
public interface IRasterSource
{
    /// <summary>What to call the source in messages: its file path or a description.</summary>
    string Name { get; }

    /// <summary>The north-up grid the windows are taken from.</summary>
    Grid Grid { get; }

    /// <summary>Number of bands each window has.</summary>
    int BandCount { get; }

    /// <summary>Reads <paramref name="window"/> (which must lie inside <see cref="Grid"/>) into
    /// <paramref name="values"/>, laid out [band][row][col], and sets <paramref name="valid"/> (same layout) to false
    /// where a value is no-data or NaN.</summary>
    void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid);
}

/// <summary>Conveniences over <see cref="IRasterSource"/>.</summary>
public static class RasterSourceExtensions
{
    /// <summary>Reads a window into a new <see cref="RasterWindow"/>.</summary>
    public static RasterWindow Read(this IRasterSource source, PixelWindow window)
    {
        ArgumentNullException.ThrowIfNull(source);
        RasterWindow.CheckInside(source, window);
        var n = checked(source.BandCount * window.Width * window.Height);
        var values = new float[n];
        var valid = new bool[n];
        source.ReadInto(window, values, valid);
        return new RasterWindow(values, valid, source.BandCount, window.Height, window.Width, source.Grid.Window(window));
    }

    /// <summary>Reads the whole raster (for small rasters only).</summary>
    public static RasterWindow ReadAll(this IRasterSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Read(source.Grid.FullWindow);
    }

    /// <summary>A region of a source as a source of its own, on the sub-grid of that region: to predict or sample
    /// only part of a large raster.</summary>
    public static IRasterSource Crop(this IRasterSource source, PixelWindow window)
    {
        ArgumentNullException.ThrowIfNull(source);
        RasterWindow.CheckInside(source, window);
        return new CroppedSource(source, window);
    }

    /// <summary>The fraction of pixels in <paramref name="window"/> where every band is valid.</summary>
    public static double ValidFraction(this IRasterSource source, PixelWindow window) => source.Read(window).PixelValidFraction;
}

/// <summary>A window of another source, read through it.</summary>
internal sealed class CroppedSource(IRasterSource inner, PixelWindow region) : IRasterSource
{
    public string Name => $"{inner.Name} ({region})";

    public Grid Grid { get; } = inner.Grid.Window(region);

    public int BandCount => inner.BandCount;

    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid)
    {
        RasterWindow.CheckInside(this, window);
        inner.ReadInto(window.Translate(region.X, region.Y), values, valid);
    }
}
