using EarthEmbed.Geo;
using EarthEmbed.Torch;

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
        return Tensor.FromSpan(values, [window.Bands, window.Height, window.Width], device);
    }

    /// <summary>The window's validity as a bool tensor [bands, height, width]: true where the value is real data.</summary>
    public static Tensor ValidTensor(this RasterWindow window, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Tensor.FromSpan<bool>(window.Valid, [window.Bands, window.Height, window.Width], device);
    }

    /// <summary>Per-pixel validity (every band valid) as a bool tensor [height, width]: the mask losses and metrics
    /// use.</summary>
    public static Tensor PixelValidTensor(this RasterWindow window, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Tensor.FromSpan<bool>(window.PixelValidity(), [window.Height, window.Width], device);
    }

    /// <summary>Reads a window of a source straight into a float tensor [bands, height, width] and its validity
    /// [bands, height, width].</summary>
    public static (Tensor Values, Tensor Valid) ReadTensors(this IRasterSource source, PixelWindow window, float? fill = null, Device? device = null)
    {
        var w = source.Read(window);
        return (w.ToTensor(fill, device), w.ValidTensor(device));
    }
}
