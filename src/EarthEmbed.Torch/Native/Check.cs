using System.Runtime.InteropServices;

namespace EarthEmbed.Torch.Native;

/// <summary>Turns the shim's -1 return codes into exceptions carrying libtorch's own message.</summary>
internal static class Check
{
    internal static void Ok(int status)
    {
        if (status != 0) Throw();
    }

    internal static void Throw() => throw new TorchException(LastError());

    internal static string LastError() => Marshal.PtrToStringUTF8(NativeMethods.ee_last_error()) ?? "(no message)";

    internal static string Text(IntPtr utf8) => Marshal.PtrToStringUTF8(utf8) ?? string.Empty;
}
