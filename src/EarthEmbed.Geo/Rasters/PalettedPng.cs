using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>One palette entry of a <see cref="PalettedPng"/>: red, green, blue and alpha (0 transparent, 255 opaque).</summary>
public readonly record struct PaletteColor(byte R, byte G, byte B, byte A = 255);

/// <summary>Writes a paletted (8-bit indexed) PNG through GDAL: a one-band Byte raster in the MEM driver with a
/// colour table, copied to the PNG driver with its metadata as PNG text chunks. How maps are written (Viz's
/// RasterMap); here because Geo is the one GDAL binding.</summary>
public static class PalettedPng
{
    /// <summary>Writes <paramref name="pixels"/> (row-major palette indices, <paramref name="width"/> x
    /// <paramref name="height"/>) with <paramref name="palette"/> (at most 256 colours) to <paramref name="path"/>,
    /// through a temporary name renamed when complete (<see cref="AtomicFile"/>); <paramref name="metadata"/> items
    /// become PNG text chunks. The folder must exist.</summary>
    /// <exception cref="ArgumentException">sizes and pixel count disagree, or the palette has more than 256 colours.</exception>
    /// <exception cref="DirectoryNotFoundException">the folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="GdalException">GDAL failed (message from GDAL, naming the file).</exception>
    public static unsafe void Write(string path, int width, int height, ReadOnlySpan<byte> pixels,
        IReadOnlyList<PaletteColor> palette, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(palette);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"a {width}x{height} PNG needs {(long)width * height} pixels, got {pixels.Length}", nameof(pixels));
        if (palette.Count is 0 or > 256)
            throw new ArgumentException($"a paletted PNG holds 1 to 256 colours, got {palette.Count}", nameof(palette));
        Gdal.EnsureRegistered();
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"cannot write the PNG '{path}': folder '{folder}' does not exist");

        GdalError.Reset();
        var mem = GdalNative.GDALGetDriverByName("MEM");
        var png = GdalNative.GDALGetDriverByName("PNG");
        if (mem == IntPtr.Zero || png == IntPtr.Zero) throw new GdalException($"GDAL has no MEM or PNG driver, needed to write '{path}'");
        using var dataset = new DatasetHandle(GdalError.CheckPointer(
            GdalNative.GDALCreate(mem, string.Empty, width, height, 1, RasterDataTypes.GdtByte, IntPtr.Zero), "creating the in-memory raster", path));
        int err;
        fixed (byte* p = pixels)
            err = GdalNative.GDALDatasetRasterIOEx(dataset, GdalNative.Write, 0, 0, width, height, p, width, height,
                RasterDataTypes.GdtByte, 1, null, 0, 0, 0, null);
        GdalError.Check(err, "writing the pixels", path);

        var band = GdalNative.GDALGetRasterBand(dataset, 1);
        var table = GdalNative.GDALCreateColorTable(GdalNative.GpiRgb);
        try
        {
            for (var i = 0; i < palette.Count; i++)
            {
                var c = palette[i];
                var entry = new GdalNative.ColorEntry { C1 = c.R, C2 = c.G, C3 = c.B, C4 = c.A };
                GdalNative.GDALSetColorEntry(table, i, &entry);
            }
            GdalError.Check(GdalNative.GDALSetRasterColorTable(band, table), "setting the colour table", path);
        }
        finally
        {
            GdalNative.GDALDestroyColorTable(table);   // the band keeps its own copy
        }
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            GdalError.Check(GdalNative.GDALSetMetadataItem(dataset.DangerousGetHandle(), key, value, null), $"setting metadata item {key}", path);

        // Metadata as PNG text chunks (not a .aux.xml side file), so legend values travel with the image.
        var temp = AtomicFile.TemporaryPath(full, ".png");
        try
        {
            using (var options = new StringList(["WRITE_METADATA_AS_TEXT=YES"]))
            {
                var copy = GdalNative.GDALCreateCopy(png, temp, dataset, 0, options.Pointer, IntPtr.Zero, IntPtr.Zero);
                if (copy == IntPtr.Zero) throw GdalError.Exception("writing the PNG", path);
                GdalNative.GDALClose(copy);
            }
            AtomicFile.Commit(temp, full);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (File.Exists(temp + ".aux.xml")) File.Delete(temp + ".aux.xml");
        }
    }
}
