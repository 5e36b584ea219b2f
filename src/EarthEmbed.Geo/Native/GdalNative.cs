using System.Runtime.InteropServices;

namespace EarthEmbed.Geo.Native;

/// <summary>GDAL's raster C API (gdal.h), bound to Debian's libgdal.so.32 (GDAL 3.6). Signatures follow
/// /usr/include/gdal/gdal.h; <c>CPLErr</c> results are checked by <see cref="GdalError"/>.</summary>
internal static unsafe partial class GdalNative
{
    internal const string Lib = "libgdal.so.32";

    // Open flags (gdal.h, GDAL_OF_*).
    internal const uint OfReadOnly = 0x00;
    internal const uint OfUpdate = 0x01;
    internal const uint OfRaster = 0x02;
    internal const uint OfVerboseError = 0x40;

    // CPLErr values (cpl_error.h).
    internal const int CeNone = 0;
    internal const int CeWarning = 2;
    internal const int CeFailure = 3;

    // GDALRWFlag.
    internal const int Read = 0;
    internal const int Write = 1;

    [LibraryImport(Lib)] internal static partial void GDALAllRegister();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr GDALVersionInfo(string request);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALOpenEx(string fileName, uint openFlags, IntPtr allowedDrivers, IntPtr openOptions, IntPtr siblingFiles);

    [LibraryImport(Lib)] internal static partial void GDALClose(IntPtr dataset);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterXSize(DatasetHandle dataset);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterYSize(DatasetHandle dataset);
    [LibraryImport(Lib)] internal static partial int GDALGetRasterCount(DatasetHandle dataset);
    [LibraryImport(Lib)] internal static partial IntPtr GDALGetRasterBand(DatasetHandle dataset, int band);
    [LibraryImport(Lib)] internal static partial IntPtr GDALGetDatasetDriver(DatasetHandle dataset);
    [LibraryImport(Lib)] internal static partial IntPtr GDALGetDriverShortName(IntPtr driver);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr GDALGetDriverByName(string name);
    [LibraryImport(Lib)] internal static partial int GDALGetGeoTransform(DatasetHandle dataset, double* transform);
    [LibraryImport(Lib)] internal static partial int GDALSetGeoTransform(DatasetHandle dataset, double* transform);
    [LibraryImport(Lib)] internal static partial IntPtr GDALGetProjectionRef(DatasetHandle dataset);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int GDALSetProjection(DatasetHandle dataset, string wkt);
    [LibraryImport(Lib)] internal static partial void GDALFlushCache(DatasetHandle dataset);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALCreate(IntPtr driver, string fileName, int xSize, int ySize, int bands, int dataType, IntPtr options);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALCreateCopy(IntPtr driver, string fileName, DatasetHandle source, int strict, IntPtr options, IntPtr progress, IntPtr progressData);

    [LibraryImport(Lib)]
    internal static partial int GDALDatasetRasterIOEx(DatasetHandle dataset, int rwFlag, int xOff, int yOff, int xSize, int ySize,
        void* buffer, int bufXSize, int bufYSize, int bufType, int bandCount, int* bandMap,
        long pixelSpace, long lineSpace, long bandSpace, RasterIOExtraArg* extraArg);

    // Bands are owned by their dataset: plain pointers, valid while the dataset handle lives.
    [LibraryImport(Lib)] internal static partial int GDALGetRasterDataType(IntPtr band);
    [LibraryImport(Lib)] internal static partial void GDALGetBlockSize(IntPtr band, out int xSize, out int ySize);
    [LibraryImport(Lib)] internal static partial double GDALGetRasterNoDataValue(IntPtr band, out int hasNoData);
    [LibraryImport(Lib)] internal static partial int GDALSetRasterNoDataValue(IntPtr band, double value);
    [LibraryImport(Lib)] internal static partial int GDALGetMaskFlags(IntPtr band);

    // GDALMajorObjectH: datasets and bands alike.
    [LibraryImport(Lib)] internal static partial IntPtr GDALGetDescription(IntPtr majorObject);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void GDALSetDescription(IntPtr majorObject, string description);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr GDALGetMetadata(IntPtr majorObject, string? domain);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr GDALGetMetadataItem(IntPtr majorObject, string name, string? domain);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int GDALSetMetadataItem(IntPtr majorObject, string name, string value, string? domain);

    // Colour tables (paletted PNG maps): GDALColorTableH, owned by the caller until destroyed.
    [LibraryImport(Lib)] internal static partial IntPtr GDALCreateColorTable(int paletteInterpretation);
    [LibraryImport(Lib)] internal static partial void GDALDestroyColorTable(IntPtr table);
    [LibraryImport(Lib)] internal static partial void GDALSetColorEntry(IntPtr table, int index, ColorEntry* entry);
    [LibraryImport(Lib)] internal static partial int GDALSetRasterColorTable(IntPtr band, IntPtr table);

    /// <summary>GDALPaletteInterp GPI_RGB: c1..c4 of a colour entry are red, green, blue, alpha.</summary>
    internal const int GpiRgb = 1;

    /// <summary>GDALColorEntry.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ColorEntry
    {
        internal short C1;
        internal short C2;
        internal short C3;
        internal short C4;
    }

    [LibraryImport(Lib)] internal static partial void GDALSetCacheMax64(long bytes);
    [LibraryImport(Lib)] internal static partial long GDALGetCacheMax64();
}

/// <summary>GDALRasterIOExtraArg (gdal.h), version 1: resampling on read and a fractional source window.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RasterIOExtraArg
{
    internal int Version;
    internal int ResampleAlg;
    internal IntPtr Progress;
    internal IntPtr ProgressData;
    internal int FloatingPointWindowValidity;
    internal double XOff;
    internal double YOff;
    internal double XSize;
    internal double YSize;

    /// <summary>INIT_RASTERIO_EXTRA_ARG with a resampling algorithm.</summary>
    internal static RasterIOExtraArg Create(int resampleAlg) => new() { Version = 1, ResampleAlg = resampleAlg };
}
