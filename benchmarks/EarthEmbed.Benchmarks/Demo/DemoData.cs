using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Benchmarks.Demo;

/// <summary>The demo's synthetic per-pixel regression. Each band is a smooth random field (normal noise on a coarse
/// grid, bilinearly up-sampled); the target is a smooth nonlinear function of the first four bands plus Gaussian
/// noise: <c>y = sin(2 b0) + 0.5 b1 b2 + 0.5 tanh(2 b3) + noise * N(0, 1)</c>. The other bands are distractors.
/// The noise standard deviation is the best RMSE any model can reach.</summary>
public static class DemoData
{
    /// <summary>Bands the target depends on (the rest carry no signal).</summary>
    public const int SignalBands = 4;

    /// <summary>Draws <paramref name="tiles"/> tiles of <paramref name="bands"/> x <paramref name="size"/> x
    /// <paramref name="size"/> from libtorch's global generator (seed it with <c>torch.manual_seed</c> first).
    /// Returns (inputs (N, bands, size, size), targets (N, 1, size, size)), owned by the current dispose scope.</summary>
    public static (Tensor Inputs, Tensor Targets) Generate(long tiles, long bands, long size, double noise)
    {
        if (bands < SignalBands)
            throw new ArgumentOutOfRangeException(nameof(bands), bands, $"the target needs at least {SignalBands} bands");
        if (size < 8 || size % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "tile size must be a positive multiple of 8");
        var coarse = randn(tiles, bands, size / 8 + 1, size / 8 + 1);
        var inputs = F.interpolate(coarse, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: true);
        var targets = Target(inputs);
        using (var eps = randn(targets.shape)) targets.add_(eps, alpha: noise);
        return (inputs, targets);
    }

    /// <summary>The noise-free target of inputs (N, bands, H, W), shape (N, 1, H, W).</summary>
    public static Tensor Target(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var scope = NewDisposeScope();
        Tensor Band(int b) => inputs.narrow(1, b, 1);
        var y = (Band(0) * 2).sin() + Band(1) * Band(2) * 0.5 + (Band(3) * 2).tanh() * 0.5;
        return y.MoveToOuterDisposeScope();
    }
}
