using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace EarthEmbed.Engine;

/// <summary>Loads TorchSharp once per process with EarthEmbed's thread settings, and turns a native load failure into
/// an error that says what to do. Everything else is TorchSharp's own API (<c>torch.randn</c>, <c>nn.Conv2d</c>, ...):
/// call <see cref="EnsureLoaded"/> (or any member here) first so that the thread count and OpenMP's wait policy are
/// set before libtorch starts its thread pool.</summary>
/// <remarks>
/// Threads: <c>EARTHEMBED_THREADS</c>, else <c>OMP_NUM_THREADS</c>, else every core. OpenMP's wait policy is set to
/// PASSIVE unless <c>OMP_WAIT_POLICY</c> says otherwise: with the default, idle OpenMP workers spin, and two
/// trainings on a 2-core machine then slow each other far more than twofold (docs/engine.md has the figures).
/// MKL's reproducibility mode is set to AUTO (<c>MKL_CBWR</c>) unless set, so that runs repeat bit for bit.
/// Never load a second libtorch build into a process that uses TorchSharp (Debian's libtorch 1.13, for example, the
/// one the former EarthEmbed.Torch binding used): two builds in one process crash.
/// </remarks>
public static partial class TorchEngine
{
    private static readonly Lock Gate = new();
    private static bool loaded;

    /// <summary>Loads libtorch through TorchSharp (idempotent, thread-safe) and applies the thread settings.</summary>
    /// <exception cref="EngineLoadException">the native libraries could not be loaded; the message names the cause and
    /// the fix (for Debian 12, the compatibility step that the build applies).</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded) return;
            SetNativeEnvironmentDefault("OMP_WAIT_POLICY", "PASSIVE");
            // Run-to-run reproducibility: libtorch 2.10's MKL picks code paths at run time that make the same
            // computation differ in the last bits between runs on some CPUs (seen on an AMD EPYC, even with one
            // thread: a same-seed StefaLand run changed in the 8th digit). MKL's conditional numerical
            // reproducibility mode AUTO keeps the fastest path for the CPU but fixes it, so the same config and seed
            // give the same numbers on the same machine.
            SetNativeEnvironmentDefault("MKL_CBWR", "AUTO");
            var threads = ThreadsFromEnvironment();
            if (threads is int n) SetNativeEnvironmentDefault("OMP_NUM_THREADS", n.ToString(CultureInfo.InvariantCulture));
            PreloadNativeFolderBesideTorchSharp();
            try
            {
                _ = torch.__version__;
            }
            catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
            {
                throw new EngineLoadException(DescribeLoadFailure(e), e);
            }
            torch.set_num_threads(threads ?? Environment.ProcessorCount);
            loaded = true;
        }
    }

    /// <summary>TorchSharp's version (the managed package), e.g. "0.107.0".</summary>
    public static string TorchSharpVersion
    {
        get
        {
            var v = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";
            var plus = v.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? v : v[..plus];
        }
    }

    /// <summary>libtorch's version as it reports itself, e.g. "2.10.0".</summary>
    public static string LibTorchVersion
    {
        get { EnsureLoaded(); return torch.__version__; }
    }

    /// <summary>libtorch's intra-op thread count. Setting it after parallel work has started works but can leave
    /// surplus OpenMP threads behind; prefer <c>EARTHEMBED_THREADS</c> at process start.</summary>
    public static int Threads
    {
        get { EnsureLoaded(); return torch.get_num_threads(); }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            EnsureLoaded();
            torch.set_num_threads(value);
        }
    }

    /// <summary>Number of CUDA devices libtorch sees (0 with the CPU build).</summary>
    public static int CudaDeviceCount
    {
        get { EnsureLoaded(); return torch.cuda.is_available() ? torch.cuda.device_count() : 0; }
    }

    /// <summary>The device a run uses by default: the first CUDA device when there is one, else the CPU.</summary>
    public static torch.Device DefaultDevice => CudaDeviceCount > 0 ? torch.CUDA : torch.CPU;

    /// <summary>The thread count <see cref="EnsureLoaded"/> starts libtorch with: <c>EARTHEMBED_THREADS</c>, else
    /// <c>OMP_NUM_THREADS</c>, else every core. Reads the environment only; loads nothing.</summary>
    /// <exception cref="ArgumentException">a variable is set but is not a positive integer.</exception>
    public static int RequestedThreads => ThreadsFromEnvironment() ?? Environment.ProcessorCount;

    /// <summary>The thread count asked for by <c>EARTHEMBED_THREADS</c> or <c>OMP_NUM_THREADS</c>, if any.</summary>
    /// <exception cref="ArgumentException">the variable is set but is not a positive integer.</exception>
    internal static int? ThreadsFromEnvironment(Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        foreach (var name in new[] { "EARTHEMBED_THREADS", "OMP_NUM_THREADS" })
        {
            var text = lookup(name);
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
            throw new ArgumentException($"{name}={text}: expected a positive whole number of threads");
        }
        return null;
    }

    private static string DescribeLoadFailure(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        var message = inner.Message;
        if (message.Contains("GLIBCXX_", StringComparison.Ordinal))
            return "TorchSharp's native library needs a newer libstdc++ than this system has (" + message.Trim() +
                "). The build applies EarthEmbed's compatibility step to fix this on Linux: rebuild with " +
                "`bash environment/setup.sh` (or any `dotnet build` of the solution) without " +
                "-p:EarthEmbedTorchSharpCompat=false, and check build/torchsharp-compat/torchsharp-compat.json.";
        return "TorchSharp could not load libtorch: " + message.Trim() + ". Run `bash environment/setup.sh` to restore " +
            "and build, then `./earthembed doctor`.";
    }

    /// <summary>Sets a variable in the native environment (where libgomp reads it when it loads) unless it is set
    /// already; .NET's Environment.SetEnvironmentVariable does not reach the native environment on Unix.</summary>
    private static void SetNativeEnvironmentDefault(string name, string value)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) return;
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows()) _ = NativeEnvironment.setenv(name, value, 0);
    }

    private static partial class NativeEnvironment
    {
        [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int setenv(string name, string value, int overwrite);
    }
}

/// <summary>The engine's native libraries could not be loaded; the message says why and what to do.</summary>
public sealed class EngineLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineLoadException() { }

    /// <summary>Creates the exception with a message.</summary>
    public EngineLoadException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the load failure.</summary>
    public EngineLoadException(string message, Exception innerException) : base(message, innerException) { }
}
