using EarthEmbed.Viz.Colors;

namespace EarthEmbed.Viz.Maps;

/// <summary>A paletted image: one byte per pixel indexing a palette of up to 256 colours, each with an alpha
/// (0 transparent, 255 opaque). What <see cref="PngWriter"/> hands to GDAL as a one-band raster with a colour table.</summary>
internal sealed class IndexedImage
{
    internal IndexedImage(int width, int height, IReadOnlyList<Rgb> palette, byte fill, int transparentIndex = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (palette.Count is < 1 or > 256) throw new ArgumentException($"palette: expected 1 to 256 colours, got {palette.Count}", nameof(palette));
        Width = width;
        Height = height;
        Palette = palette;
        TransparentIndex = transparentIndex;
        Pixels = new byte[width * height];
        Array.Fill(Pixels, fill);
    }

    internal int Width { get; }

    internal int Height { get; }

    /// <summary>Row-major palette indices, row 0 at the top.</summary>
    internal byte[] Pixels { get; }

    internal IReadOnlyList<Rgb> Palette { get; }

    /// <summary>The palette index drawn fully transparent (no data), or -1 for none.</summary>
    internal int TransparentIndex { get; }

    internal byte this[int x, int y]
    {
        get => Pixels[(y * Width) + x];
        set => Pixels[(y * Width) + x] = value;
    }

    /// <summary>Fills a rectangle, clipped at the border.</summary>
    internal void Fill(int x, int y, int width, int height, byte index)
    {
        int x0 = Math.Max(0, x), y0 = Math.Max(0, y), x1 = Math.Min(Width, x + width), y1 = Math.Min(Height, y + height);
        for (var r = y0; r < y1; r++) Pixels.AsSpan((r * Width) + x0, Math.Max(0, x1 - x0)).Fill(index);
    }

    /// <summary>Draws a one-pixel rectangle outline.</summary>
    internal void Frame(int x, int y, int width, int height, byte index)
    {
        Fill(x, y, width, 1, index);
        Fill(x, y + height - 1, width, 1, index);
        Fill(x, y, 1, height, index);
        Fill(x + width - 1, y, 1, height, index);
    }
}
