using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>The engine: libtorch's version and build, threads, seeding, devices.</summary>
public static class Engine
{
    /// <summary>libtorch's version, e.g. "1.13.1".</summary>
    public static string Version => Check.Text(NativeMethods.ee_runtime_version());

    /// <summary>libtorch's build configuration (compiler, BLAS, oneDNN, CPU capability).</summary>
    public static string BuildConfig
    {
        get
        {
            Check.Ok(NativeMethods.ee_runtime_config(out var text));
            return Check.Text(text);
        }
    }

    /// <summary>Threads libtorch uses inside one operation.</summary>
    public static int NumThreads
    {
        get
        {
            Check.Ok(NativeMethods.ee_runtime_get_num_threads(out var n));
            return n;
        }
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "need at least one thread");
            Check.Ok(NativeMethods.ee_runtime_set_num_threads(value));
        }
    }

    /// <summary>Seeds libtorch's default generator (CPU and CUDA), like <c>torch.manual_seed</c>.</summary>
    public static void ManualSeed(long seed) => Check.Ok(NativeMethods.ee_runtime_manual_seed(seed));

    /// <summary>Number of CUDA devices this libtorch can use (0 for a CPU build).</summary>
    public static int CudaDeviceCount
    {
        get
        {
            Check.Ok(NativeMethods.ee_runtime_cuda_device_count(out var n));
            return n;
        }
    }

    /// <summary>True when a CUDA device is usable.</summary>
    public static bool CudaIsAvailable => CudaDeviceCount > 0;

    /// <summary>The best device available: the first GPU, else the CPU.</summary>
    public static Device DefaultDevice => CudaIsAvailable ? Device.Cuda(0) : Device.Cpu;
}
