using System.Runtime.InteropServices;

namespace EarthEmbed.Geo.Native;

/// <summary>GDAL's portability layer (cpl_error.h, cpl_conv.h, cpl_vsi.h): the thread-local last error, config
/// options and GDAL-allocated memory.</summary>
internal static unsafe partial class CplNative
{
    private const string Lib = GdalNative.Lib;

    [LibraryImport(Lib)] internal static partial void CPLErrorReset();
    [LibraryImport(Lib)] internal static partial int CPLGetLastErrorType();
    [LibraryImport(Lib)] internal static partial int CPLGetLastErrorNo();
    [LibraryImport(Lib)] internal static partial IntPtr CPLGetLastErrorMsg();
    [LibraryImport(Lib)] internal static partial IntPtr CPLSetErrorHandler(delegate* unmanaged[Cdecl]<int, int, IntPtr, void> handler);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void CPLSetConfigOption(string key, string? value);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr CPLGetConfigOption(string key, string? defaultValue);
    [LibraryImport(Lib)] internal static partial void VSIFree(IntPtr pointer);
}
