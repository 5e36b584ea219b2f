using System.Reflection;
using System.Runtime.InteropServices;

namespace EarthEmbed.Torch.Native;

/// <summary>Finds libearthembed_torch.so: the EARTHEMBED_NATIVE variable (a file or folder) first, then next to
/// this assembly, then the repository's build/native folder above it, then the system search path.</summary>
internal static partial class NativeLoader
{
    private const string FileName = "libearthembed_torch.so";
    private static int registered;

    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != NativeMethods.Lib) return IntPtr.Zero;
        PassiveOpenMpWaitByDefault();
        foreach (var candidate in Candidates())
            if (File.Exists(candidate)) return Initialise(NativeLibrary.Load(candidate));
        if (NativeLibrary.TryLoad(FileName, assembly, path, out var handle)) return Initialise(handle);
        throw new DllNotFoundException(
            $"{FileName} was not found (looked in: {string.Join(", ", Candidates())}). " +
            "Build it with `bash environment/setup.sh`, or point EARTHEMBED_NATIVE at the file.");
    }

    /// <summary>Thread count decided once, when the library loads: EARTHEMBED_THREADS, else OMP_NUM_THREADS (which
    /// libtorch honours itself), else every core. Debian's OpenMP build otherwise starts with one thread even on a
    /// multi-core machine, which halves convolution speed on two cores.</summary>
    private static unsafe IntPtr Initialise(IntPtr library)
    {
        var requested = Environment.GetEnvironmentVariable("EARTHEMBED_THREADS");
        if (string.IsNullOrEmpty(requested) && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_NUM_THREADS")))
            return library;
        var threads = int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount;
        var setThreads = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(library, "ee_runtime_set_num_threads");
        _ = setThreads(threads);
        return library;
    }

    /// <summary>OMP_WAIT_POLICY=PASSIVE unless set, in the native environment before libgomp loads (it reads the
    /// variable once): idle OpenMP workers then sleep instead of spinning, so two trainings on one machine share the
    /// cores instead of burning them (docs/engine.md, "Threads", has the measurements; TorchEngine does the same).</summary>
    private static void PassiveOpenMpWaitByDefault()
    {
        const string Name = "OMP_WAIT_POLICY";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Name))) return;
        Environment.SetEnvironmentVariable(Name, "PASSIVE");
        _ = setenv(Name, "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    internal static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable("EARTHEMBED_NATIVE");
        if (!string.IsNullOrEmpty(env)) yield return Directory.Exists(env) ? Path.Combine(env, FileName) : env;
        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EarthEmbed.sln")))
                yield return Path.Combine(dir.FullName, "build", "native", FileName);
    }
}
