using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>Turns gradient recording off (or on) for this thread until disposed, like <c>torch.no_grad()</c>:
/// <code>using (GradMode.Disable()) { ... }</code></summary>
public sealed class GradMode : IDisposable
{
    private readonly bool previous;
    private bool disposed;

    private GradMode(bool enabled)
    {
        previous = IsEnabled;
        Check.Ok(NativeMethods.ee_autograd_set_grad_enabled(enabled ? 1 : 0));
    }

    /// <summary>Whether operations on this thread record gradients.</summary>
    public static bool IsEnabled
    {
        get
        {
            Check.Ok(NativeMethods.ee_autograd_grad_enabled(out var yes));
            return yes != 0;
        }
    }

    /// <summary>No gradients until the returned object is disposed.</summary>
    public static GradMode Disable() => new(false);

    /// <summary>Gradients on until the returned object is disposed (inside a disabled region).</summary>
    public static GradMode Enable() => new(true);

    /// <summary>Restores the previous mode.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Check.Ok(NativeMethods.ee_autograd_set_grad_enabled(previous ? 1 : 0));
    }
}
