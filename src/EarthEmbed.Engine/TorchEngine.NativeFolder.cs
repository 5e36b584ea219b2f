using System.Runtime.InteropServices;
using TorchSharp;

namespace EarthEmbed.Engine;

public static partial class TorchEngine
{
    private static readonly string[] NativeLibraryNames = ["libLibTorchSharp.so", "libLibTorchSharp.dylib", "LibTorchSharp.dll"];

    /// <summary>Loads TorchSharp's native library from <c>runtimes/RID/native</c> beside TorchSharp.dll when the process
    /// was not started from an application that lists that folder (the command line's and the tests' deps.json do).
    /// A notebook kernel that loads <c>build/cli/TorchSharp.dll</c> by path, such as .NET Interactive, is such a
    /// process. There TorchSharp's own search finds the wrong libraries: <c>torch_cpu</c> by bare name resolves to
    /// the system's libtorch when one is installed (Debian's python3-torch ships libtorch 1.13; two builds in one
    /// process crash), and its fallback copies the libraries from the NuGet cache without the compatibility step
    /// (docs/engine.md), which fails on Debian 12. Loading libLibTorchSharp.so by its full path first pulls in
    /// libtorch 2.10 from the same folder (its RUNPATH is $ORIGIN), and TorchSharp's later loads by name get these
    /// already-loaded libraries.</summary>
    private static void PreloadNativeFolderBesideTorchSharp()
    {
        var location = typeof(torch).Assembly.Location;
        if (string.IsNullOrEmpty(location)) return;
        var folder = Path.Combine(Path.GetDirectoryName(location)!, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        var listed = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)), folder, StringComparison.Ordinal));
        if (listed) return;
        var library = NativeLibraryNames.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        // On failure TorchSharp's own search runs as before and EnsureLoaded reports what it found.
        if (library != null) NativeLibrary.TryLoad(library, out _);
    }
}
