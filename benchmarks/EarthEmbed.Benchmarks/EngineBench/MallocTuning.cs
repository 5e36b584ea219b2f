using System.Runtime.InteropServices;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>Keeps freed tensor memory in the process instead of handing it back to the kernel after every step.
/// glibc's malloc serves blocks above a (dynamic, at most 32 MiB) threshold with fresh mmap'd pages and returns heap
/// tops above a trim threshold, so a training step that frees and re-allocates hundreds of MiB of activations
/// page-faults on every new page: measured on the reference U-Net, 60-90 thousand minor faults and 0.1-0.2 s of
/// kernel time per step in the EarthEmbed process (PyTorch's process, whose allocation history differs, 20-35
/// thousand). Raising both thresholds to 1 GiB makes freed blocks reusable and the faults disappear (a few hundred
/// per step); the price is that the process keeps its peak heap until it ends, which a training process needs anyway.
/// The same effect for any process: <c>GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=1073741824</c>.</summary>
public static partial class MallocTuning
{
    private const int MTrimThreshold = -1, MMmapThreshold = -3; // glibc's mallopt parameters
    private static int applied;

    /// <summary>The threshold both settings get by default: 1 GiB.</summary>
    public const int DefaultThresholdBytes = 1 << 30;

    /// <summary>True once <see cref="RetainFreedMemory"/> has changed this process's malloc settings.</summary>
    public static bool IsApplied => Volatile.Read(ref applied) == 1;

    /// <summary>Raises glibc's mmap and trim thresholds to <paramref name="thresholdBytes"/> for this process.
    /// Returns false (and changes nothing) where the C library is not glibc, e.g. on Windows, macOS or musl.</summary>
    public static bool RetainFreedMemory(int thresholdBytes = DefaultThresholdBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholdBytes, 1 << 20);
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (mallopt(MMmapThreshold, thresholdBytes) != 1 || mallopt(MTrimThreshold, thresholdBytes) != 1) return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        Volatile.Write(ref applied, 1);
        return true;
    }

    [LibraryImport("libc.so.6")]
    private static partial int mallopt(int param, int value);
}
