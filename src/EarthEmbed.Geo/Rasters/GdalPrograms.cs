using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>gdalbuildvrt and gdal_translate through their library form (gdal_utils.h), with the same arguments as on
/// the command line, for the code of this library that stitches and converts rasters.</summary>
internal static class GdalPrograms
{
    /// <summary>gdalbuildvrt: a VRT at <paramref name="destination"/> over <paramref name="sources"/> (paths; the
    /// VRT stores them relative to itself where it can).</summary>
    internal static unsafe void BuildVrt(string destination, IReadOnlyList<string> sources, IReadOnlyList<string> args)
    {
        Gdal.EnsureRegistered();
        using var argv = new StringList(args);
        GdalError.Reset();
        using var options = new BuildVrtOptionsHandle(GdalUtilsNative.GDALBuildVRTOptionsNew(argv.Pointer, IntPtr.Zero));
        if (options.IsInvalid) throw GdalError.Exception($"parsing gdalbuildvrt options '{string.Join(" ", args)}'", destination);
        using var names = new StringList(sources);
        var h = GdalUtilsNative.GDALBuildVRT(destination, sources.Count, IntPtr.Zero, names.Pointer, options, out var usageError);
        if (h == IntPtr.Zero || usageError != 0) throw GdalError.Exception($"building a VRT of {sources.Count} raster(s)", destination);
        GdalError.Reset();
        GdalNative.GDALClose(h); // writes the VRT file
        if (CplNative.CPLGetLastErrorType() >= GdalNative.CeFailure) throw GdalError.Exception("writing the VRT", destination);
    }

    /// <summary>gdal_translate: copies the raster at <paramref name="source"/> to <paramref name="destination"/>.</summary>
    internal static void Translate(string source, string destination, IReadOnlyList<string> args)
    {
        using var input = RasterDataset.Open(source);
        using var argv = new StringList(args);
        GdalError.Reset();
        using var options = new TranslateOptionsHandle(GdalUtilsNative.GDALTranslateOptionsNew(argv.Pointer, IntPtr.Zero));
        if (options.IsInvalid) throw GdalError.Exception($"parsing gdal_translate options '{string.Join(" ", args)}'", destination);
        var h = GdalUtilsNative.GDALTranslate(destination, input.Handle, options, out var usageError);
        if (h == IntPtr.Zero || usageError != 0) throw GdalError.Exception($"translating '{source}'", destination);
        GdalError.Reset();
        GdalNative.GDALClose(h);
        if (CplNative.CPLGetLastErrorType() >= GdalNative.CeFailure) throw GdalError.Exception("finishing the copy", destination);
    }
}
