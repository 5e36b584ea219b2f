using System.Runtime.InteropServices;

namespace EarthEmbed.Viz.Native;

/// <summary>The few GDAL C functions (gdal.h, cpl_error.h) that writing a paletted PNG needs: an in-memory (MEM)
/// dataset, a colour table, RasterIO, and CreateCopy to the PNG driver. Bound to Debian's libgdal.so.32 (GDAL 3.6).</summary>
internal static unsafe partial class VizGdalNative
{
    private const string Lib = "libgdal.so.32";

    internal const int GdtByte = 1;
    internal const int GfWrite = 1;
    internal const int GpiRgb = 1;

    /// <summary>GDALColorEntry: c1..c4 are red, green, blue, alpha for an RGB palette.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ColorEntry
    {
        internal short C1;
        internal short C2;
        internal short C3;
        internal short C4;
    }

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALGetDriverByName(string name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALCreate(IntPtr driver, string fileName, int xSize, int ySize, int bands, int type, IntPtr options);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALCreateCopy(IntPtr driver, string fileName, IntPtr source, int strict, IntPtr options, IntPtr progress, IntPtr progressData);

    [LibraryImport(Lib)]
    internal static partial void GDALClose(IntPtr dataset);

    [LibraryImport(Lib)]
    internal static partial IntPtr GDALGetRasterBand(IntPtr dataset, int band);

    [LibraryImport(Lib)]
    internal static partial int GDALRasterIO(IntPtr band, int rwFlag, int xOff, int yOff, int xSize, int ySize, void* data,
        int bufXSize, int bufYSize, int bufType, int pixelSpace, int lineSpace);

    [LibraryImport(Lib)]
    internal static partial IntPtr GDALCreateColorTable(int paletteInterpretation);

    [LibraryImport(Lib)]
    internal static partial void GDALDestroyColorTable(IntPtr table);

    [LibraryImport(Lib)]
    internal static partial void GDALSetColorEntry(IntPtr table, int index, ColorEntry* entry);

    [LibraryImport(Lib)]
    internal static partial int GDALSetRasterColorTable(IntPtr band, IntPtr table);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GDALSetMetadataItem(IntPtr handle, string name, string value, string? domain);

    [LibraryImport(Lib)]
    internal static partial IntPtr CPLGetLastErrorMsg();

    [LibraryImport(Lib)]
    internal static partial void CPLErrorReset();

    /// <summary>GDAL's last error message, or a fallback naming the call that failed.</summary>
    internal static string LastError(string call)
    {
        var message = Marshal.PtrToStringUTF8(CPLGetLastErrorMsg());
        return string.IsNullOrEmpty(message) ? $"{call} failed (GDAL gave no message)" : $"{call} failed: {message}";
    }
}
