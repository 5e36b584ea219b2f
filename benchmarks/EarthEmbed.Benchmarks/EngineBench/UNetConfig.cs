namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The shape of a <see cref="ReferenceUNet"/>: input bands, output channels, the width of the first level
/// and the number of 2x down-samplings. Level <c>i</c> has <c>BaseChannels * 2^i</c> channels; the bottleneck is
/// level <see cref="Depth"/>. The defaults are the benchmark's reference model (64 bands in, base 32, depth 4), the
/// same as benchmarks/pytorch/unet_train.py's defaults.</summary>
/// <param name="InChannels">Input bands.</param>
/// <param name="OutChannels">Channels of the 1x1 head (1: a per-pixel regression).</param>
/// <param name="BaseChannels">Channels of the first (full-resolution) level.</param>
/// <param name="Depth">Number of 2x2 max-pool down-samplings, and of transposed-conv up-samplings.</param>
public sealed record UNetConfig(long InChannels = 64, long OutChannels = 1, long BaseChannels = 32, int Depth = 4)
{
    /// <summary>The benchmark's reference U-Net.</summary>
    public static UNetConfig Reference { get; } = new();

    /// <summary>Channels of level <paramref name="level"/> (0 = full resolution, <see cref="Depth"/> = bottleneck).</summary>
    public long Width(int level)
    {
        if (level < 0 || level > Depth)
            throw new ArgumentOutOfRangeException(nameof(level), level, $"levels run from 0 to the depth, {Depth}");
        return BaseChannels << level;
    }

    /// <summary>Throws unless the sizes are positive and an input of <paramref name="height"/> x
    /// <paramref name="width"/> pixels survives <see cref="Depth"/> halvings exactly (the skips must line up).</summary>
    public void CheckInputSize(long height, long width)
    {
        if (InChannels < 1 || OutChannels < 1 || BaseChannels < 1 || Depth < 1)
            throw new ArgumentException($"a U-Net needs positive channels and depth, got {this}");
        var multiple = 1L << Depth;
        if (height < multiple || width < multiple || height % multiple != 0 || width % multiple != 0)
            throw new ArgumentException(
                $"input {height}x{width} must be a positive multiple of 2^depth = {multiple} on each side; " +
                $"pad it to {RoundUp(height, multiple)}x{RoundUp(width, multiple)}");
    }

    private static long RoundUp(long v, long multiple) => Math.Max(multiple, (v + multiple - 1) / multiple * multiple);
}
