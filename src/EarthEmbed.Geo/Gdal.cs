using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>Process-wide GDAL facts and set-up: driver registration, the error handler, the block cache.</summary>
public static class Gdal
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        GdalNative.GDALAllRegister();
        unsafe
        {
            // GDAL prints errors to stderr by default; we turn failures into exceptions instead, and forward the rest
            // to the Message event. The thread's last error is recorded before the handler runs, so nothing is lost.
            CplNative.CPLSetErrorHandler(&OnMessage);
        }
        return true;
    });

    /// <summary>Raised for GDAL warnings and errors as they happen, on the thread that caused them. Failures also
    /// become exceptions where the call fails; warnings are only reported here.</summary>
    public static event EventHandler<GdalMessageEventArgs>? Message;

    /// <summary>Registers every driver and the error handler once; every entry point of this library calls it.</summary>
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

    /// <summary>GDAL's block cache size in bytes (GDAL_CACHEMAX; by default 5% of RAM). Blocks read or written stay
    /// there until evicted, so it counts towards the process's resident memory.</summary>
    public static long CacheMaxBytes
    {
        get
        {
            EnsureRegistered();
            return GdalNative.GDALGetCacheMax64();
        }
        set
        {
            EnsureRegistered();
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            GdalNative.GDALSetCacheMax64(value);
        }
    }

    /// <summary>True when GDAL has a driver of that short name (e.g. "netCDF", "COG", "PNG").</summary>
    public static bool HasDriver(string shortName)
    {
        EnsureRegistered();
        return GdalNative.GDALGetDriverByName(shortName) != IntPtr.Zero;
    }

    /// <summary>Sets a GDAL configuration option process-wide (CPLSetConfigOption); null clears it.</summary>
    public static void SetConfigOption(string key, string? value)
    {
        EnsureRegistered();
        CplNative.CPLSetConfigOption(key, value);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(int errorClass, int errorNumber, IntPtr message)
    {
        var handler = Message;
        if (handler == null || errorClass < GdalNative.CeWarning) return;
        try
        {
            handler(null, new GdalMessageEventArgs(errorClass >= GdalNative.CeFailure, errorNumber, Marshal.PtrToStringUTF8(message) ?? ""));
        }
#pragma warning disable CA1031 // an exception must never unwind into native GDAL code
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>One message GDAL reported.</summary>
public sealed class GdalMessageEventArgs(bool isError, int errorNumber, string text) : EventArgs
{
    /// <summary>True for CE_Failure or CE_Fatal, false for a warning.</summary>
    public bool IsError { get; } = isError;

    /// <summary>GDAL's CPLErrorNum.</summary>
    public int ErrorNumber { get; } = errorNumber;

    /// <summary>The message text.</summary>
    public string Text { get; } = text;
}
