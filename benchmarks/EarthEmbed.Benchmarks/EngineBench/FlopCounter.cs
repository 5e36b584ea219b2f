namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>One convolution of a <see cref="ReferenceUNet"/> as the FLOP counter sees it.</summary>
/// <param name="Name">The module's dotted name (as in the state dict, without ".weight").</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Kernel">Square kernel side.</param>
/// <param name="OutputPixels">Output height x width for one sample.</param>
/// <param name="Transposed">True for a transposed convolution.</param>
public sealed record ConvCost(string Name, long InChannels, long OutChannels, long Kernel, long OutputPixels, bool Transposed)
{
    /// <summary>Multiply-adds of the forward pass for one sample. A convolution does InChannels x Kernel^2 of them
    /// per output element. A stride-k, kernel-k transposed convolution (no overlap) touches each output pixel once
    /// per input channel, i.e. InChannels multiply-adds per output element; kernels that overlap are counted from
    /// the input side instead (input pixels x InChannels x OutChannels x Kernel^2), which is the same number here.</summary>
    public long ForwardMacs => Transposed
        ? OutputPixels / (Kernel * Kernel) * InChannels * OutChannels * Kernel * Kernel
        : OutputPixels * OutChannels * InChannels * Kernel * Kernel;
}

/// <summary>Analytic FLOP count of training a <see cref="ReferenceUNet"/>.
/// Convention (the usual one for throughput figures, and the one behind environment.md's "~20 GFLOP per sample"):
/// only convolutions and transposed convolutions are counted; one multiply-add is 2 FLOPs; biases, batch norm,
/// ReLU, pooling, concatenation, the loss and the optimiser step are ignored (they are a few percent). The backward
/// pass is counted as 2x the forward (a gradient for the input and one for the weights, each as costly as the
/// forward), so one training step costs 3x the forward FLOPs, including the first layer's input gradient that
/// autograd in fact skips.</summary>
public static class FlopCounter
{
    /// <summary>Every convolution of the model, in the order the forward pass runs them, for one sample of
    /// <paramref name="height"/> x <paramref name="width"/> pixels.</summary>
    public static IReadOnlyList<ConvCost> Convolutions(UNetConfig config, long height, long width)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.CheckInputSize(height, width);
        var costs = new List<ConvCost>();
        long Pixels(int level) => (height >> level) * (width >> level);
        void Block(string name, long cin, long cout, long pixels)
        {
            costs.Add(new($"{name}.0", cin, cout, 3, pixels, false));
            costs.Add(new($"{name}.3", cout, cout, 3, pixels, false));
        }

        for (var i = 0; i <= config.Depth; i++)
            Block($"enc{i}", i == 0 ? config.InChannels : config.Width(i - 1), config.Width(i), Pixels(i));
        for (var i = config.Depth - 1; i >= 0; i--)
        {
            costs.Add(new($"up{i}", config.Width(i + 1), config.Width(i), 2, Pixels(i), true));
            Block($"dec{i}", 2 * config.Width(i), config.Width(i), Pixels(i));
        }
        costs.Add(new("head", config.Width(0), config.OutChannels, 1, Pixels(0), false));
        return costs;
    }

    /// <summary>Forward multiply-adds for one sample.</summary>
    public static long ForwardMacs(UNetConfig config, long height, long width) =>
        Convolutions(config, height, width).Sum(c => c.ForwardMacs);

    /// <summary>Forward FLOPs for one sample (2 per multiply-add).</summary>
    public static double ForwardFlops(UNetConfig config, long height, long width) => 2.0 * ForwardMacs(config, height, width);

    /// <summary>FLOPs of one training step per sample: forward plus a backward counted as twice the forward.</summary>
    public static double TrainingFlopsPerSample(UNetConfig config, long height, long width) =>
        3.0 * ForwardFlops(config, height, width);
}
