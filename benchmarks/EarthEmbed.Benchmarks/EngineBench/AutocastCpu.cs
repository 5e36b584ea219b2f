using System.Runtime.InteropServices;
using EarthEmbed.Torch;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>CPU autocast for the current thread until disposed, like <c>torch.autocast("cpu", torch.bfloat16)</c>:
/// convolutions and matrix products run in bf16, precision-sensitive ops stay fp32; leaving clears the cast cache.
/// A stop-gap: EarthEmbed.Torch exposes no autocast API yet, so this calls the shim's exported
/// <c>ee_runtime_set_autocast_cpu</c> through the library EarthEmbed.Torch has already loaded.</summary>
internal sealed unsafe class AutocastCpu : IDisposable
{
    private const int BFloat16 = 15; // c10::ScalarType::BFloat16
    private static readonly delegate* unmanaged<int, int, int> SetCpu = Bind("ee_runtime_set_autocast_cpu");
    private static readonly delegate* unmanaged<IntPtr> LastError = (delegate* unmanaged<IntPtr>)Export("ee_last_error");
    private bool disposed;

    private AutocastCpu() => Call(1);

    /// <summary>bf16 autocast on until the returned object is disposed; null (nothing to undo) when
    /// <paramref name="enabled"/> is false.</summary>
    public static AutocastCpu? Enter(bool enabled) => enabled ? new AutocastCpu() : null;

    /// <summary>Turns autocast off again.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Call(0);
    }

    private static void Call(int enabled)
    {
        if (SetCpu(enabled, BFloat16) != 0)
            throw new TorchException($"ee_runtime_set_autocast_cpu failed: {Marshal.PtrToStringUTF8(LastError())}");
    }

    private static delegate* unmanaged<int, int, int> Bind(string name) => (delegate* unmanaged<int, int, int>)Export(name);

    private static IntPtr Export(string name)
    {
        _ = Engine.Version; // makes EarthEmbed.Torch load the shim; dlopen by its soname then returns that same copy
        if (!NativeLibrary.TryLoad("libearthembed_torch.so", out var library))
            throw new DllNotFoundException("libearthembed_torch.so is not loaded; EarthEmbed.Torch could not find it");
        return NativeLibrary.GetExport(library, name);
    }
}
