using System.Runtime.InteropServices;
using EarthEmbed.Geo;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Data;

/// <summary>The bridge from rasters to tensors: windows read by EarthEmbed.Geo become channels-first float tensors
/// and boolean validity masks (EarthEmbed.Geo itself knows nothing of tensors).</summary>
public static class RasterTensors
{
    /// <summary>The window's values as a float32 tensor [bands, height, width] on <paramref name="device"/> (CPU by
    /// default). Invalid entries keep their stored value (no-data or NaN) unless <paramref name="fill"/> is given.</summary>
    public static Tensor ToTensor(this RasterWindow window, float? fill = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        ReadOnlySpan<float> values = window.Values;
        if (fill is { } f)
        {
            var copy = window.Values.ToArray();
            for (var i = 0; i < copy.Length; i++) if (!window.Valid[i]) copy[i] = f;
            values = copy;
        }
        return FromSpan(values, [window.Bands, window.Height, window.Width], device);
    }

    /// <summary>The window's validity as a bool tensor [bands, height, width]: true where the value is real data.</summary>
    public static Tensor ValidTensor(this RasterWindow window, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        return FromSpan<bool>(window.Valid, [window.Bands, window.Height, window.Width], device);
    }

    /// <summary>Per-pixel validity (every band valid) as a bool tensor [height, width]: the mask losses and metrics
    /// use.</summary>
    public static Tensor PixelValidTensor(this RasterWindow window, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        return FromSpan<bool>(window.PixelValidity(), [window.Height, window.Width], device);
    }

    /// <summary>Reads a window of a source straight into a float tensor [bands, height, width] and its validity
    /// [bands, height, width].</summary>
    public static (Tensor Values, Tensor Valid) ReadTensors(this IRasterSource source, PixelWindow window, float? fill = null, Device? device = null)
    {
        var w = source.Read(window);
        return (w.ToTensor(fill, device), w.ValidTensor(device));
    }

    /// <summary>A new tensor of <paramref name="shape"/> on <paramref name="device"/> (CPU by default) holding one copy
    /// of <paramref name="data"/> (float32 or bool): TorchSharp's <c>torch.tensor</c> takes arrays only, and accepts
    /// more elements than the shape needs.</summary>
    /// <exception cref="ArgumentException">the element count is not the shape's.</exception>
    internal static Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, Device? device = null) where T : unmanaged
    {
        long expected = 1;
        foreach (var s in shape) expected *= s;
        if (expected != data.Length)
            throw new ArgumentException(
                $"data has {data.Length} elements but shape [{string.Join(", ", shape.ToArray())}] needs {expected}", nameof(data));
        var type = typeof(T) == typeof(float) ? ScalarType.Float32
            : typeof(T) == typeof(bool) ? ScalarType.Bool
            : throw new NotSupportedException($"no tensor type for {typeof(T).Name}");
        var cpu = empty(shape, type, CPU);
        if (data.Length > 0) data.CopyTo(MemoryMarshal.Cast<byte, T>(cpu.bytes));
        if (device is null || device.type == DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(device);
    }

    /// <summary>Copies the elements of a float32 tensor (any device or layout) into <paramref name="destination"/>,
    /// which must have room for them.</summary>
    internal static void CopyTo(Tensor source, Span<float> destination)
    {
        using var scope = NewDisposeScope();
        var dense = source.cpu().to_type(ScalarType.Float32).contiguous();
        if (dense.numel() == 0) return;
        MemoryMarshal.Cast<byte, float>(dense.bytes).CopyTo(destination);
    }
}
