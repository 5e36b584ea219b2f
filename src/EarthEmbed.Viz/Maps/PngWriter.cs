using EarthEmbed.Geo;
using EarthEmbed.Viz.Native;

namespace EarthEmbed.Viz.Maps;

/// <summary>Writes an <see cref="IndexedImage"/> as a paletted PNG through GDAL: a one-band Byte raster in the MEM
/// driver with a colour table (alpha included, so no-data shows transparent), copied to the PNG driver.</summary>
internal static unsafe class PngWriter
{
    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> (to a temporary name first, renamed when
    /// complete); <paramref name="metadata"/> items become PNG text chunks.</summary>
    internal static void Write(IndexedImage image, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Gdal.EnsureRegistered();
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"map PNG {path}: folder {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.png");

        VizGdalNative.CPLErrorReset();
        var mem = VizGdalNative.GDALGetDriverByName("MEM");
        var png = VizGdalNative.GDALGetDriverByName("PNG");
        if (mem == IntPtr.Zero || png == IntPtr.Zero) throw new InvalidOperationException("GDAL has no MEM or PNG driver (GDALGetDriverByName)");
        var dataset = VizGdalNative.GDALCreate(mem, string.Empty, image.Width, image.Height, 1, VizGdalNative.GdtByte, IntPtr.Zero);
        if (dataset == IntPtr.Zero) throw new InvalidOperationException(VizGdalNative.LastError("GDALCreate(MEM)"));
        var table = IntPtr.Zero;
        try
        {
            var band = VizGdalNative.GDALGetRasterBand(dataset, 1);
            fixed (byte* pixels = image.Pixels)
            {
                if (VizGdalNative.GDALRasterIO(band, VizGdalNative.GfWrite, 0, 0, image.Width, image.Height, pixels,
                        image.Width, image.Height, VizGdalNative.GdtByte, 0, 0) != 0)
                    throw new InvalidOperationException(VizGdalNative.LastError("GDALRasterIO"));
            }
            table = VizGdalNative.GDALCreateColorTable(VizGdalNative.GpiRgb);
            for (var i = 0; i < image.Palette.Count; i++)
            {
                var c = image.Palette[i];
                var entry = new VizGdalNative.ColorEntry { C1 = c.R, C2 = c.G, C3 = c.B, C4 = (short)(i == image.TransparentIndex ? 0 : 255) };
                VizGdalNative.GDALSetColorEntry(table, i, &entry);
            }
            if (VizGdalNative.GDALSetRasterColorTable(band, table) != 0)
                throw new InvalidOperationException(VizGdalNative.LastError("GDALSetRasterColorTable"));
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
                _ = VizGdalNative.GDALSetMetadataItem(dataset, key, value, null);

            // Metadata as PNG text chunks (not a .aux.xml side file), so the legend values travel with the image.
            var option = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8("WRITE_METADATA_AS_TEXT=YES");
            var options = stackalloc IntPtr[] { option, IntPtr.Zero };
            IntPtr copy;
            try
            {
                copy = VizGdalNative.GDALCreateCopy(png, temp, dataset, 0, (IntPtr)options, IntPtr.Zero, IntPtr.Zero);
            }
            finally
            {
                System.Runtime.InteropServices.Marshal.FreeCoTaskMem(option);
            }
            if (copy == IntPtr.Zero) throw new IOException(VizGdalNative.LastError($"GDALCreateCopy(PNG, {path})"));
            VizGdalNative.GDALClose(copy);
            File.Move(temp, full, overwrite: true);
            var aux = temp + ".aux.xml";
            if (File.Exists(aux)) File.Delete(aux);
        }
        finally
        {
            if (table != IntPtr.Zero) VizGdalNative.GDALDestroyColorTable(table);
            VizGdalNative.GDALClose(dataset);
            if (File.Exists(temp)) File.Delete(temp);
        }
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
