using System.Diagnostics;
using EarthEmbed.Engine;
using static TorchSharp.torch;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The machine's usable fp32 peak as the engine sees it: the best of a few products of two square fp32
/// matrices (<c>torch.mm</c>, one untimed product first), on TorchSharp's libtorch at the thread count it runs with.
/// A large GEMM is the most efficient kernel libtorch has, so it is the yardstick the U-Net's GFLOP/s is read
/// against ("share of peak"); it is a measured figure, not the vendor's theoretical one.</summary>
/// <param name="Size">Side of the matrices (n: an n x n by n x n product).</param>
/// <param name="Repetitions">Timed products.</param>
/// <param name="BestSeconds">Wall time of the fastest product.</param>
public sealed record PeakGemm(int Size, int Repetitions, double BestSeconds)
{
    /// <summary>FLOPs of one product: n^3 multiply-adds, 2 FLOPs each.</summary>
    public double Flop => 2.0 * Size * Size * (double)Size;

    /// <summary>The peak: <see cref="Flop"/> / <see cref="BestSeconds"/>, in GFLOP/s.</summary>
    public double GflopPerS => Flop / BestSeconds / 1e9;

    /// <summary>Multiplies two random <paramref name="size"/> x <paramref name="size"/> fp32 matrices once untimed
    /// and then <paramref name="repetitions"/> times, and keeps the fastest time.</summary>
    public static PeakGemm Measure(int size, int repetitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        TorchEngine.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var generator = new Generator(1234);
        var a = randn(size, size, generator: generator);
        var b = randn(size, size, generator: generator);
        mm(a, b).Dispose();
        var best = double.PositiveInfinity;
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            var c = mm(a, b); // CPU kernels are synchronous: the product is done when mm returns
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            c.Dispose();
        }
        return new PeakGemm(size, repetitions, best);
    }
}
