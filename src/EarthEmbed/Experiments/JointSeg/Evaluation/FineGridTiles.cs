using System.Runtime.InteropServices;
using EarthEmbed.Geo;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>A 10 m -> 1 m ISA model as a tile predictor on a <see cref="FineGridView"/>: each fine tile is averaged
/// by factor x factor back to 10 m, normalised with the training statistics, and the model's fine logits become
/// probabilities. The size multiple is factor x 32 so the U-Net baselines fit too.</summary>
internal sealed class FineGridPredictor : ITilePredictor
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly BandStats stats;
    private readonly int factor;

    /// <summary>Wraps <paramref name="model"/> (put in evaluation mode).</summary>
    public FineGridPredictor(nn.Module<Tensor, Tensor> model, BandStats stats, int factor, int bands = 4)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        this.stats = stats;
        this.factor = factor;
        InputBands = bands;
        model.eval();
    }

    /// <inheritdoc />
    public int InputBands { get; }

    /// <inheritdoc />
    public int OutputBands => 1;

    /// <inheritdoc />
    public int SizeMultiple => factor * 32;

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.tensor(input.ToArray(), new long[] { batch, InputBands, height, width });
        var low = stats.Normalize(F.avg_pool2d(x, factor));
        var p = model.call(low).sigmoid().contiguous();
        MemoryMarshal.Cast<byte, float>(p.bytes).CopyTo(output);
    }
}
