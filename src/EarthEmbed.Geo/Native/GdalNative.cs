using System.Runtime.InteropServices;

namespace EarthEmbed.Geo.Native;

/// <summary>GDAL's C API (gdal.h, cpl_error.h), bound to Debian's libgdal.so.32 (GDAL 3.6).</summary>
internal static partial class GdalNative
{
    internal const string Lib = "libgdal.so.32";

    [LibraryImport(Lib)] internal static partial void GDALAllRegister();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr GDALVersionInfo(string request);
}
