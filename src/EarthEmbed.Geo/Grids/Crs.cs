using System.Globalization;
using System.Runtime.InteropServices;
using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>A coordinate reference system, held as WKT and understood by GDAL's OSR (PROJ): its EPSG code where it
/// has one, its name, and whether two differently written definitions mean the same CRS.</summary>
public sealed class Crs : IEquatable<Crs>
{
    private Crs(string wkt, int? epsg, string name, bool isGeographic, bool isProjected)
    {
        Wkt = wkt;
        Epsg = epsg;
        Name = name;
        IsGeographic = isGeographic;
        IsProjected = isProjected;
    }

    /// <summary>The definition as WKT (GDAL's default export, as <c>GDALGetProjectionRef</c> gives it).</summary>
    public string Wkt { get; }

    /// <summary>The EPSG code, when the CRS is (or is identified as) an EPSG one; null otherwise.</summary>
    public int? Epsg { get; }

    /// <summary>The CRS's name, e.g. "SIRGAS 2000 / UTM zone 25S".</summary>
    public string Name { get; }

    /// <summary>Latitude/longitude coordinates.</summary>
    public bool IsGeographic { get; }

    /// <summary>Projected (map) coordinates, usually metres.</summary>
    public bool IsProjected { get; }

    /// <summary>The CRS of an EPSG code, e.g. 32725 for WGS 84 / UTM zone 25S.</summary>
    public static Crs FromEpsg(int code)
    {
        Gdal.EnsureRegistered();
        using var srs = NewHandle(null);
        GdalError.Reset();
        if (OsrNative.OSRImportFromEPSG(srs, code) != 0)
            throw new ArgumentException($"EPSG:{code} is not a CRS that PROJ knows: {GdalError.LastMessage()}", nameof(code));
        return FromHandle(srs);
    }

    /// <summary>Any definition GDAL accepts (OSRSetFromUserInput): "EPSG:4326", WKT, PROJJSON, a PROJ string.</summary>
    public static Crs Parse(string definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(definition);
        Gdal.EnsureRegistered();
        using var srs = NewHandle(null);
        GdalError.Reset();
        if (OsrNative.OSRSetFromUserInput(srs, definition) != 0)
            throw new ArgumentException($"'{Shorten(definition)}' is not a CRS definition GDAL understands: {GdalError.LastMessage()}", nameof(definition));
        return FromHandle(srs);
    }

    /// <summary>The CRS of a WKT string, or null for an empty one (a raster without a CRS).</summary>
    public static Crs? FromWktOrNull(string? wkt) => string.IsNullOrWhiteSpace(wkt) ? null : Parse(wkt);

    /// <summary>The definition as WKT2 (2019), the unambiguous modern form.</summary>
    public string ToWkt2()
    {
        using var srs = CreateHandle();
        using var options = new StringList(["FORMAT=WKT2_2019", "MULTILINE=NO"]);
        return ExportWkt(srs, options.Pointer);
    }

    /// <summary>True when both definitions describe the same CRS, however they are written (OSRIsSame).</summary>
    public bool IsSame(Crs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other) || string.Equals(Wkt, other.Wkt, StringComparison.Ordinal)) return true;
        using var a = CreateHandle();
        using var b = other.CreateHandle();
        return OsrNative.OSRIsSame(a, b) != 0;
    }

    /// <summary>Transforms a bounding box into another CRS, densifying its edges so the result holds the whole
    /// transformed area (OCTTransformBounds).</summary>
    public Extent TransformBounds(Extent extent, Crs target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsSame(target)) return extent;
        using var transform = TransformationTo(target);
        if (OsrNative.OCTTransformBounds(transform, extent.MinX, extent.MinY, extent.MaxX, extent.MaxY,
                out var x0, out var y0, out var x1, out var y1, 21) == 0)
            throw new InvalidOperationException($"could not transform {extent} from {Name} to {target.Name}: {GdalError.LastMessage()}");
        return new Extent(x0, y0, x1, y1);
    }

    /// <summary>A coordinate transformation from this CRS to <paramref name="target"/> (x = easting/longitude on both
    /// sides); the caller disposes it. Not thread-safe.</summary>
    internal CoordinateTransformationHandle TransformationTo(Crs target)
    {
        using var a = CreateHandle();
        using var b = target.CreateHandle();
        GdalError.Reset();
        var transform = new CoordinateTransformationHandle(OsrNative.OCTNewCoordinateTransformation(a, b));
        if (transform.IsInvalid)
        {
            transform.Dispose();
            throw new InvalidOperationException($"no transformation from {Name} to {target.Name}: {GdalError.LastMessage()}");
        }
        return transform;
    }

    /// <summary>A fresh OSR handle for this CRS with x = easting/longitude axis order; the caller disposes it.</summary>
    internal SpatialReferenceHandle CreateHandle() => NewHandle(Wkt);

    private static SpatialReferenceHandle NewHandle(string? wkt)
    {
        Gdal.EnsureRegistered();
        GdalError.Reset();
        var handle = new SpatialReferenceHandle(OsrNative.OSRNewSpatialReference(wkt));
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new ArgumentException($"GDAL could not parse the CRS '{Shorten(wkt ?? "")}': {GdalError.LastMessage()}", nameof(wkt));
        }
        OsrNative.OSRSetAxisMappingStrategy(handle, OsrNative.TraditionalGisOrder);
        return handle;
    }

    private static Crs FromHandle(SpatialReferenceHandle srs)
    {
        var wkt = ExportWkt(srs, IntPtr.Zero);
        return new Crs(wkt, IdentifyEpsg(srs), Marshal.PtrToStringUTF8(OsrNative.OSRGetName(srs)) ?? "",
            OsrNative.OSRIsGeographic(srs) != 0, OsrNative.OSRIsProjected(srs) != 0);
    }

    private static int? IdentifyEpsg(SpatialReferenceHandle srs)
    {
        if (AuthorityEpsg(srs.DangerousGetHandle()) is { } labelled) return labelled;
        // Not labelled: let GDAL recognise the common cases (UTM zones, WGS 84), then ask PROJ's database.
        if (OsrNative.OSRAutoIdentifyEPSG(srs) == 0 && AuthorityEpsg(srs.DangerousGetHandle()) is { } identified) return identified;
        return BestMatch(srs);
    }

    private static unsafe int? BestMatch(SpatialReferenceHandle srs)
    {
        var matches = OsrNative.OSRFindMatches(srs, IntPtr.Zero, out var count, out var confidence);
        try
        {
            // PROJ ranks candidates: 100 = identical, 70 = equivalent but named differently (a PROJ string says
            // "unknown"). Only an unambiguous first match of at least 70 counts as "this EPSG code".
            if (matches == null || count == 0 || confidence[0] < 70 || (count > 1 && confidence[1] >= confidence[0])) return null;
            return AuthorityEpsg(matches[0]);
        }
        finally
        {
            if (matches != null) OsrNative.OSRFreeSRSArray(matches);
            if (confidence != null) CplNative.VSIFree((IntPtr)confidence);
        }
    }

    private static int? AuthorityEpsg(IntPtr srs)
    {
        var authority = Marshal.PtrToStringUTF8(OsrNative.OSRGetAuthorityName(srs, null));
        var code = Marshal.PtrToStringUTF8(OsrNative.OSRGetAuthorityCode(srs, null));
        return string.Equals(authority, "EPSG", StringComparison.OrdinalIgnoreCase) &&
               int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epsg) ? epsg : null;
    }

    private static string ExportWkt(SpatialReferenceHandle srs, IntPtr options)
    {
        IntPtr text = IntPtr.Zero;
        try
        {
            var err = options == IntPtr.Zero ? OsrNative.OSRExportToWkt(srs, out text) : OsrNative.OSRExportToWktEx(srs, out text, options);
            if (err != 0) throw new InvalidOperationException($"GDAL could not export the CRS as WKT: {GdalError.LastMessage()}");
            return Marshal.PtrToStringUTF8(text) ?? "";
        }
        finally
        {
            if (text != IntPtr.Zero) CplNative.VSIFree(text);
        }
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";

    /// <inheritdoc />
    public bool Equals(Crs? other) => other is not null && IsSame(other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Crs);

    /// <summary>A hash that equal CRSs share however they are written (their kind only).</summary>
    public override int GetHashCode() => HashCode.Combine(IsGeographic, IsProjected);

    /// <inheritdoc />
    public override string ToString() => Epsg is { } code ? $"{Name} (EPSG:{code})" : Name;
}
