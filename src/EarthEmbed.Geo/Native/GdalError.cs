using System.Runtime.InteropServices;

namespace EarthEmbed.Geo.Native;

/// <summary>Turns GDAL's thread-local last error (CPLGetLastErrorMsg) into <see cref="GdalException"/>s that name
/// the file and the operation.</summary>
internal static class GdalError
{
    /// <summary>Clears the thread's last error before a call whose failure is signalled only by a null result.</summary>
    internal static void Reset() => CplNative.CPLErrorReset();

    /// <summary>The thread's last error message, or "" when there is none.</summary>
    internal static string LastMessage()
    {
        if (CplNative.CPLGetLastErrorType() < GdalNative.CeWarning) return "";
        return Marshal.PtrToStringUTF8(CplNative.CPLGetLastErrorMsg()) ?? "";
    }

    /// <summary>Throws when a CPLErr result is a failure.</summary>
    internal static void Check(int cplErr, string operation, string path)
    {
        if (cplErr >= GdalNative.CeFailure) throw Exception(operation, path);
    }

    /// <summary>Throws when a handle-returning call gave a null pointer.</summary>
    internal static IntPtr CheckPointer(IntPtr result, string operation, string path) =>
        result == IntPtr.Zero ? throw Exception(operation, path) : result;

    /// <summary>An exception for a failed <paramref name="operation"/> on <paramref name="path"/> carrying GDAL's message.</summary>
    internal static GdalException Exception(string operation, string path)
    {
        var message = LastMessage();
        var number = CplNative.CPLGetLastErrorNo();
        CplNative.CPLErrorReset();
        var text = $"{operation} failed for '{path}'" + (message.Length > 0 ? $": {message}" : " (GDAL gave no message)");
        return new GdalException(text, path, message, number);
    }
}
