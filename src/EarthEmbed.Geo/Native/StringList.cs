using System.Runtime.InteropServices;

namespace EarthEmbed.Geo.Native;

/// <summary>A NULL-terminated array of UTF-8 strings (GDAL's char** / CSLConstList) in unmanaged memory, freed on
/// dispose. An empty or null list gives a null pointer, which GDAL reads as "no options".</summary>
internal sealed class StringList : IDisposable
{
    private readonly IntPtr[] strings;
    private IntPtr array;

    internal StringList(IEnumerable<string>? items)
    {
        var list = items?.ToArray() ?? [];
        strings = new IntPtr[list.Length];
        if (list.Length == 0) return;
        array = Marshal.AllocHGlobal(IntPtr.Size * (list.Length + 1));
        for (var i = 0; i < list.Length; i++)
        {
            strings[i] = Marshal.StringToCoTaskMemUTF8(list[i]);
            Marshal.WriteIntPtr(array, i * IntPtr.Size, strings[i]);
        }
        Marshal.WriteIntPtr(array, list.Length * IntPtr.Size, IntPtr.Zero);
    }

    /// <summary>The char** to pass to GDAL (null when the list is empty).</summary>
    internal IntPtr Pointer => array;

    public void Dispose()
    {
        foreach (var s in strings) Marshal.FreeCoTaskMem(s);
        if (array != IntPtr.Zero) Marshal.FreeHGlobal(array);
        array = IntPtr.Zero;
    }

    /// <summary>Reads a char** owned by GDAL (not freed here) into managed strings.</summary>
    internal static List<string> Read(IntPtr list)
    {
        var result = new List<string>();
        if (list == IntPtr.Zero) return result;
        for (var i = 0; ; i++)
        {
            var s = Marshal.ReadIntPtr(list, i * IntPtr.Size);
            if (s == IntPtr.Zero) return result;
            result.Add(Marshal.PtrToStringUTF8(s) ?? "");
        }
    }

    /// <summary>Reads a GDAL-owned "KEY=VALUE" list into a dictionary, in order.</summary>
    internal static Dictionary<string, string> ReadNameValues(IntPtr list)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Read(list))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) result[item[..eq]] = item[(eq + 1)..];
        }
        return result;
    }
}
