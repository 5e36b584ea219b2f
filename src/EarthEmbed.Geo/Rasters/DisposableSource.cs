namespace EarthEmbed.Geo;

/// <summary>A raster source together with what must be disposed when done with it.</summary>
public sealed class DisposableSource(IRasterSource source, IDisposable owner) : IRasterSource, IDisposable
{
    /// <inheritdoc />
    public string Name => source.Name;

    /// <inheritdoc />
    public Grid Grid => source.Grid;

    /// <inheritdoc />
    public int BandCount => source.BandCount;

    /// <summary>True when the file holds signed 8-bit (quantised AlphaEarth) values.</summary>
    public bool IsQuantized => source is AlphaEarthReader { IsQuantized: true };

    /// <inheritdoc />
    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid) => source.ReadInto(window, values, valid);

    /// <summary>Closes the raster.</summary>
    public void Dispose() => owner.Dispose();
}
