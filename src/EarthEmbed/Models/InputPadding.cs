using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Models;

/// <summary>Where the original image lies inside a padded one: apply it to a model output to undo
/// <see cref="InputPadding.PadToMultiple"/>.</summary>
/// <param name="Top">Rows added above.</param>
/// <param name="Left">Columns added on the left.</param>
/// <param name="Height">The original height.</param>
/// <param name="Width">The original width.</param>
public readonly record struct Crop(long Top, long Left, long Height, long Width)
{
    /// <summary>The (..., Height, Width) window of <paramref name="padded"/> that covers the original image (a view).</summary>
    public Tensor Apply(Tensor padded)
    {
        ArgumentNullException.ThrowIfNull(padded);
        using var scope = NewDisposeScope();
        return padded.narrow(-2, Top, Height).narrow(-1, Left, Width).MoveToOuterDisposeScope();
    }
}

/// <summary>Padding images up to a size the encoder can halve <c>depth</c> times (a multiple of its output stride).</summary>
public static class InputPadding
{
    /// <summary>The smallest multiple of <paramref name="multiple"/> that is at least <paramref name="size"/>.</summary>
    public static long RoundUp(long size, long multiple)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        return (size + multiple - 1) / multiple * multiple;
    }

    /// <summary>Pads the last two dimensions of <paramref name="input"/> up to multiples of
    /// <paramref name="multiple"/>, half the padding before and half after (the extra pixel after), by reflection
    /// (no artificial edges or constant values the model never saw). Reflection needs the padding to be smaller than
    /// the image; where it is not, edge values are repeated instead. Returns the padded tensor and the
    /// <see cref="Crop"/> that cuts a model's output back to the original size.</summary>
    public static (Tensor Padded, Crop Crop) PadToMultiple(Tensor input, long multiple)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() < 3)
            throw new ArgumentException($"PadToMultiple needs (C, H, W) or (N, C, H, W) input, got [{string.Join(", ", input.shape)}]", nameof(input));
        var (h, w) = (input.shape[^2], input.shape[^1]);
        var (ph, pw) = (RoundUp(h, multiple) - h, RoundUp(w, multiple) - w);
        var (top, left) = (ph / 2, pw / 2);
        var crop = new Crop(top, left, h, w);
        if (ph == 0 && pw == 0) return (input.alias(), crop);
        var fits = Math.Max(top, ph - top) < h && Math.Max(left, pw - left) < w;
        var padded = nn.functional.pad(input, [left, pw - left, top, ph - top], fits ? PaddingModes.Reflect : PaddingModes.Replicate);
        return (padded, crop);
    }
}
