using System.Runtime.InteropServices;

namespace EarthEmbed.Geo.Native;

/// <summary>OGR spatial references and coordinate transformations (ogr_srs_api.h). OGRErr results: 0 is success.</summary>
internal static unsafe partial class OsrNative
{
    private const string Lib = GdalNative.Lib;

    /// <summary>OAMS_TRADITIONAL_GIS_ORDER: x is easting/longitude whatever the CRS's official axis order.</summary>
    internal const int TraditionalGisOrder = 0;

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr OSRNewSpatialReference(string? wkt);
    [LibraryImport(Lib)] internal static partial void OSRRelease(IntPtr srs);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int OSRSetFromUserInput(SpatialReferenceHandle srs, string definition);
    [LibraryImport(Lib)] internal static partial int OSRImportFromEPSG(SpatialReferenceHandle srs, int code);
    [LibraryImport(Lib)] internal static partial int OSRAutoIdentifyEPSG(SpatialReferenceHandle srs);
    [LibraryImport(Lib)] internal static partial IntPtr* OSRFindMatches(SpatialReferenceHandle srs, IntPtr options, out int entries, out int* confidence);
    [LibraryImport(Lib)] internal static partial void OSRFreeSRSArray(IntPtr* matches);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr OSRGetAuthorityCode(IntPtr srs, string? targetKey);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr OSRGetAuthorityName(IntPtr srs, string? targetKey);
    [LibraryImport(Lib)] internal static partial IntPtr OSRGetName(SpatialReferenceHandle srs);
    [LibraryImport(Lib)] internal static partial int OSRExportToWkt(SpatialReferenceHandle srs, out IntPtr wkt);
    [LibraryImport(Lib)] internal static partial int OSRExportToWktEx(SpatialReferenceHandle srs, out IntPtr wkt, IntPtr options);
    [LibraryImport(Lib)] internal static partial int OSRIsSame(SpatialReferenceHandle a, SpatialReferenceHandle b);
    [LibraryImport(Lib)] internal static partial int OSRIsGeographic(SpatialReferenceHandle srs);
    [LibraryImport(Lib)] internal static partial int OSRIsProjected(SpatialReferenceHandle srs);
    [LibraryImport(Lib)] internal static partial void OSRSetAxisMappingStrategy(SpatialReferenceHandle srs, int strategy);

    [LibraryImport(Lib)] internal static partial IntPtr OCTNewCoordinateTransformation(SpatialReferenceHandle source, SpatialReferenceHandle target);
    [LibraryImport(Lib)] internal static partial void OCTDestroyCoordinateTransformation(IntPtr transformation);

    /// <summary>Transforms points in place; <paramref name="success"/> gets 1 or 0 per point. Returns TRUE when all succeeded.</summary>
    [LibraryImport(Lib)]
    internal static partial int OCTTransformEx(CoordinateTransformationHandle transformation, int count, double* x, double* y, double* z, int* success);

    [LibraryImport(Lib)]
    internal static partial int OCTTransformBounds(CoordinateTransformationHandle transformation, double xMin, double yMin, double xMax, double yMax,
        out double outXMin, out double outYMin, out double outXMax, out double outYMax, int densifyPoints);
}
