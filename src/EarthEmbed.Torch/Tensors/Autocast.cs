using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>Automatic mixed precision, like <c>torch.autocast</c>: while the returned scope is open, operations
/// on this thread that gain from lower precision (linear, matmul, convolutions) run in the chosen type, while
/// precision-sensitive ones (losses, reductions, norms) stay in float32. Parameters stay float32; only the
/// computation changes. Scopes nest; disposing one restores the state it found:
/// <code>using (Autocast.Cpu(ScalarType.BFloat16)) { var y = F.Linear(x, w); }  // y is bfloat16</code>
/// Wrap the forward pass and the loss, not the backward pass or the optimiser step (as in PyTorch).</summary>
public sealed class Autocast : IDisposable
{
    // libtorch keeps the autocast state per thread but exposes no getter for the dtypes or for the CUDA flag;
    // these mirror what the scopes below set (libtorch's defaults: off, bfloat16 on CPU, float16 on CUDA).
    [ThreadStatic] private static ScalarType? cpuType;
    [ThreadStatic] private static ScalarType? cudaType;
    [ThreadStatic] private static bool cudaEnabled;

    private readonly bool cuda;
    private readonly bool previousEnabled;
    private readonly ScalarType previousType;
    private bool disposed;

    private Autocast(bool cuda, bool enabled, ScalarType type)
    {
        this.cuda = cuda;
        if (cuda)
        {
            previousEnabled = cudaEnabled;
            previousType = CudaType;
        }
        else
        {
            previousEnabled = IsCpuEnabled;
            previousType = CpuType;
        }
        Set(cuda, enabled, type);
    }

    /// <summary>Whether CPU autocast is on for this thread.</summary>
    public static bool IsCpuEnabled
    {
        get
        {
            Check.Ok(NativeMethods.ee_runtime_autocast_cpu_enabled(out var yes));
            return yes != 0;
        }
    }

    /// <summary>Whether CUDA autocast is on for this thread (as set through this class).</summary>
    public static bool IsCudaEnabled => cudaEnabled;

    /// <summary>The lower-precision type CPU autocast uses on this thread.</summary>
    public static ScalarType CpuType => cpuType ?? ScalarType.BFloat16;

    /// <summary>The lower-precision type CUDA autocast uses on this thread.</summary>
    public static ScalarType CudaType => cudaType ?? ScalarType.Float16;

    /// <summary>CPU autocast to <paramref name="type"/> (bfloat16, the type CPUs support) until disposed;
    /// <paramref name="enabled"/> false opens a scope that turns it off (for a float32 island inside).</summary>
    public static Autocast Cpu(ScalarType type = ScalarType.BFloat16, bool enabled = true)
    {
        CheckType(type, "CPU", ScalarType.BFloat16);
        return new Autocast(cuda: false, enabled, type);
    }

    /// <summary>CUDA autocast to <paramref name="type"/> (float16 or bfloat16) until disposed.</summary>
    public static Autocast Cuda(ScalarType type = ScalarType.Float16, bool enabled = true)
    {
        CheckType(type, "CUDA", ScalarType.Float16, ScalarType.BFloat16);
        return new Autocast(cuda: true, enabled, type);
    }

    private static void CheckType(ScalarType type, string device, params ScalarType[] allowed)
    {
        if (!allowed.Contains(type))
            throw new ArgumentException($"{device} autocast supports {string.Join(" and ", allowed)}, got {type}", nameof(type));
    }

    private static void Set(bool cuda, bool enabled, ScalarType type)
    {
        if (cuda)
        {
            Check.Ok(NativeMethods.ee_runtime_set_autocast_cuda(enabled ? 1 : 0, (int)type));
            cudaEnabled = enabled;
            cudaType = type;
        }
        else
        {
            Check.Ok(NativeMethods.ee_runtime_set_autocast_cpu(enabled ? 1 : 0, (int)type));
            cpuType = type;
        }
    }

    /// <summary>Restores the autocast state found when this scope opened (clearing libtorch's cast cache when
    /// autocast ends).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Set(cuda, previousEnabled, previousType);
    }
}
