using Microsoft.Win32.SafeHandles;

namespace EarthEmbed.Geo.Native;

/// <summary>An open GDAL dataset (GDALDatasetH), closed with GDALClose exactly once. Closing flushes pending
/// writes, so a writer disposes its handle before renaming the file.</summary>
internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatasetHandle() : base(ownsHandle: true) { }

    internal DatasetHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        GdalNative.GDALClose(handle);
        return true;
    }
}

/// <summary>An OGRSpatialReferenceH, released with OSRRelease (reference counted by GDAL).</summary>
internal sealed class SpatialReferenceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SpatialReferenceHandle() : base(ownsHandle: true) { }

    internal SpatialReferenceHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        OsrNative.OSRRelease(handle);
        return true;
    }
}

/// <summary>An OGRCoordinateTransformationH, destroyed with OCTDestroyCoordinateTransformation.</summary>
internal sealed class CoordinateTransformationHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CoordinateTransformationHandle() : base(ownsHandle: true) { }

    internal CoordinateTransformationHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        OsrNative.OCTDestroyCoordinateTransformation(handle);
        return true;
    }
}

/// <summary>Parsed gdalwarp options (GDALWarpAppOptions*), freed with GDALWarpAppOptionsFree.</summary>
internal sealed class WarpOptionsHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public WarpOptionsHandle() : base(ownsHandle: true) { }

    internal WarpOptionsHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        GdalUtilsNative.GDALWarpAppOptionsFree(handle);
        return true;
    }
}

/// <summary>Parsed gdal_translate options (GDALTranslateOptions*), freed with GDALTranslateOptionsFree.</summary>
internal sealed class TranslateOptionsHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TranslateOptionsHandle() : base(ownsHandle: true) { }

    internal TranslateOptionsHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        GdalUtilsNative.GDALTranslateOptionsFree(handle);
        return true;
    }
}

/// <summary>Parsed gdalbuildvrt options (GDALBuildVRTOptions*), freed with GDALBuildVRTOptionsFree.</summary>
internal sealed class BuildVrtOptionsHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BuildVrtOptionsHandle() : base(ownsHandle: true) { }

    internal BuildVrtOptionsHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        GdalUtilsNative.GDALBuildVRTOptionsFree(handle);
        return true;
    }
}
