using EarthEmbed.Geo;

namespace EarthEmbed.Viz.Maps;

/// <summary>Writes an <see cref="IndexedImage"/> as a paletted PNG through Geo's one GDAL binding
/// (<see cref="PalettedPng"/>): the transparent index gets alpha 0, so no-data shows transparent.</summary>
internal static class PngWriter
{
    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> (to a temporary name first, renamed when
    /// complete); <paramref name="metadata"/> items become PNG text chunks.</summary>
    internal static void Write(IndexedImage image, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var palette = image.Palette.Select((c, i) => new PaletteColor(c.R, c.G, c.B, (byte)(i == image.TransparentIndex ? 0 : 255))).ToList();
        PalettedPng.Write(path, image.Width, image.Height, image.Pixels, palette, metadata);
    }

    /// <summary>The PNG file's bytes, written through a temporary file.</summary>
    internal static byte[] Encode(IndexedImage image, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"earthembed-map-{Environment.ProcessId}-{Guid.NewGuid():N}.png");
        try
        {
            Write(image, path, metadata);
            return File.ReadAllBytes(path);
        }
        finally
        {
            if (File.Exists(path)) File.Delete(path);
        }
    }
}
