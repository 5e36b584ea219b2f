using System.Globalization;
using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>Brings rasters onto a common grid with GDAL's warper (GDALWarp from gdal_utils.h, the library behind the
/// gdalwarp command): resampling with nearest, bilinear, cubic, average, mode ..., reprojecting when the CRSs
/// differ, honouring source no-data, filling output pixels no source reaches with no-data.</summary>
public static class Warp
{
    /// <summary>Warps <paramref name="source"/> onto <paramref name="target"/> into an in-memory raster (GDAL's MEM
    /// driver; mind the size: width x height x bands x 4 bytes).</summary>
    /// <exception cref="RasterInputException">The rasters do not overlap, or one has no CRS.</exception>
    public static RasterDataset ToGrid(RasterDataset source, Grid target, WarpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new WarpOptions();
        var plan = Plan(source, target, options);
        Gdal.EnsureRegistered();
        var mem = GdalNative.GDALGetDriverByName("MEM");
        GdalError.Reset();
        var h = GdalNative.GDALCreate(mem, "", target.Width, target.Height, source.BandCount, RasterDataTypes.ToGdal(plan.DataType), IntPtr.Zero);
        if (h == IntPtr.Zero) throw GdalError.Exception($"allocating a {target.Width}x{target.Height}x{source.BandCount} in-memory raster", source.Path);
        var name = $"{source.Path} warped onto {target.Width}x{target.Height} ({options.Method.ToGdalName()})";
        var dst = new DatasetHandle(h);
        try
        {
            unsafe
            {
                var gt = target.Transform.ToArray();
                fixed (double* p = gt) GdalError.Check(GdalNative.GDALSetGeoTransform(dst, p), "setting the geotransform", name);
            }
            if (target.Crs != null) GdalError.Check(GdalNative.GDALSetProjection(dst, target.Crs.Wkt), "setting the CRS", name);
            for (var b = 1; b <= source.BandCount; b++)
            {
                var band = GdalNative.GDALGetRasterBand(dst, b);
                if (plan.NoData[b - 1] is { } nd) GdalError.Check(GdalNative.GDALSetRasterNoDataValue(band, nd), $"setting no-data on band {b}", name);
                if (plan.DataType == RasterDataType.Int8)
                    GdalError.Check(GdalNative.GDALSetMetadataItem(band, "PIXELTYPE", "SIGNEDBYTE", "IMAGE_STRUCTURE"), "marking bands signed", name);
                GdalNative.GDALSetDescription(band, source.Bands[b - 1].Description);
            }
            Run(source, dst, plan, options, name);
            return RasterDataset.Adopt(dst, name);
        }
        catch
        {
            dst.Dispose();
            throw;
        }
    }

    /// <summary>Warps <paramref name="source"/> onto the grid of <paramref name="reference"/> (same size, transform and
    /// CRS), so the two can be read window for window.</summary>
    public static RasterDataset Align(RasterDataset source, RasterDataset reference, Resampling method)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return ToGrid(source, reference.Grid, WarpOptions.With(method));
    }

    /// <summary>Warps onto <paramref name="target"/> straight into a GeoTIFF at <paramref name="path"/> (written under a
    /// temporary name and renamed when complete). The output's pixel type and no-data come from
    /// <paramref name="options"/>; the GeoTIFF's compression and tiling from <paramref name="tiff"/>.</summary>
    public static void ToFile(RasterDataset source, Grid target, string path, WarpOptions? options = null, GeoTiffOptions? tiff = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new WarpOptions();
        var plan = Plan(source, target, options);
        tiff = (tiff ?? GeoTiffOptions.Default) with
        {
            DataType = plan.DataType,
            NoData = plan.NoData[0],
            BandDescriptions = source.Bands.Select(b => b.Description).ToArray(),
        };
        using var writer = GeoTiffWriter.Create(path, target, source.BandCount, tiff);
        Run(source, writer.Handle, plan, options, path);
        writer.Commit();
    }

    private sealed record WarpPlan(RasterDataType DataType, double?[] NoData);

    private static WarpPlan Plan(RasterDataset source, Grid target, WarpOptions options)
    {
        if (source.BandCount == 0) throw new RasterInputException($"'{source.Path}' has no bands to warp", source.Path);
        var signed = source.Bands.Any(b => b.DataType == RasterDataType.Int8);
        if (signed && !options.Method.CopiesValues())
            throw new NotSupportedException(
                $"'{source.Path}' has signed 8-bit bands, which GDAL 3.6 interpolates as unsigned; use Nearest or Mode, or de-quantise to float first");
        var type = options.DataType ?? (signed ? RasterDataType.Int8 : RasterDataType.Float32);
        var isFloat = type is RasterDataType.Float32 or RasterDataType.Float64;
        var noData = source.Bands.Select(b => options.NoData ?? b.NoData ?? (isFloat ? double.NaN : (double?)null)).ToArray();
        CheckOverlap(source, target);
        return new WarpPlan(type, noData);
    }

    private static void CheckOverlap(RasterDataset source, Grid target)
    {
        if ((source.Crs is null) != (target.Crs is null))
            throw new RasterInputException(
                $"cannot warp '{source.Path}' ({source.Crs?.Name ?? "no CRS"}) onto a grid with {target.Crs?.Name ?? "no CRS"}: both need a CRS", source.Path);
        var sourceExtent = source.Grid.Extent;
        var inTarget = source.Crs is null ? sourceExtent : source.Crs.TransformBounds(sourceExtent, target.Crs!);
        if (!inTarget.Intersects(target.Extent))
            throw new RasterInputException(
                $"'{source.Path}' does not overlap the target grid: its extent {sourceExtent} ({source.Crs?.Name ?? "no CRS"}) is " +
                $"{inTarget} in the target CRS, the target covers {target.Extent}", source.Path);
    }

    private static unsafe void Run(RasterDataset source, DatasetHandle destination, WarpPlan plan, WarpOptions options, string name)
    {
        var args = new List<string> { "-r", options.Method.ToGdalName(), "-wo", "INIT_DEST=NO_DATA" };
        if (plan.NoData.All(n => n is not null))
            args.AddRange(["-dstnodata", string.Join(" ", plan.NoData.Select(n => n!.Value.ToString("R", CultureInfo.InvariantCulture)))]);
        args.AddRange(options.ExtraArguments);
        using var argv = new StringList(args);
        GdalError.Reset();
        using var warpOptions = new WarpOptionsHandle(GdalUtilsNative.GDALWarpAppOptionsNew(argv.Pointer, IntPtr.Zero));
        if (warpOptions.IsInvalid) throw GdalError.Exception($"parsing gdalwarp options '{string.Join(" ", args)}'", name);

        var added = false;
        var addedDst = false;
        try
        {
            source.Handle.DangerousAddRef(ref added);
            destination.DangerousAddRef(ref addedDst);
            var src = source.Handle.DangerousGetHandle();
            var result = GdalUtilsNative.GDALWarp(null, destination.DangerousGetHandle(), 1, &src, warpOptions, out var usageError);
            if (result == IntPtr.Zero || usageError != 0) throw GdalError.Exception($"warping '{source.Path}'", name);
            GdalNative.GDALFlushCache(destination);
        }
        finally
        {
            if (added) source.Handle.DangerousRelease();
            if (addedDst) destination.DangerousRelease();
        }
    }
}
