using System.Runtime.InteropServices;

namespace EarthEmbed.Geo.Native;

/// <summary>The library form of GDAL's command-line programs (gdal_utils.h): gdalwarp, gdal_translate and
/// gdalbuildvrt with the same option strings as on the command line.</summary>
internal static unsafe partial class GdalUtilsNative
{
    private const string Lib = GdalNative.Lib;

    [LibraryImport(Lib)] internal static partial IntPtr GDALWarpAppOptionsNew(IntPtr argv, IntPtr optionsForBinary);
    [LibraryImport(Lib)] internal static partial void GDALWarpAppOptionsFree(IntPtr options);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALWarp(string? destination, IntPtr destinationDataset, int sourceCount, IntPtr* sources,
        WarpOptionsHandle options, out int usageError);

    [LibraryImport(Lib)] internal static partial IntPtr GDALTranslateOptionsNew(IntPtr argv, IntPtr optionsForBinary);
    [LibraryImport(Lib)] internal static partial void GDALTranslateOptionsFree(IntPtr options);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALTranslate(string destination, DatasetHandle source, TranslateOptionsHandle options, out int usageError);

    [LibraryImport(Lib)] internal static partial IntPtr GDALBuildVRTOptionsNew(IntPtr argv, IntPtr optionsForBinary);
    [LibraryImport(Lib)] internal static partial void GDALBuildVRTOptionsFree(IntPtr options);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALBuildVRT(string destination, int sourceCount, IntPtr sourceDatasets, IntPtr sourceNames,
        BuildVrtOptionsHandle options, out int usageError);
}
