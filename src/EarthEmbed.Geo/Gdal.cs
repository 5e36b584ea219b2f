using System.Runtime.InteropServices;
using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>Process-wide GDAL facts and set-up.</summary>
public static class Gdal
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        GdalNative.GDALAllRegister();
        return true;
    });

    /// <summary>Registers every driver once; every entry point of this library calls it.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    /// <summary>GDAL's release name, e.g. "3.6.2".</summary>
    public static string Version
    {
        get
        {
            EnsureRegistered();
            return Marshal.PtrToStringUTF8(GdalNative.GDALVersionInfo("RELEASE_NAME")) ?? "unknown";
        }
    }
}
