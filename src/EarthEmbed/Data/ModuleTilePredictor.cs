using EarthEmbed.Geo;
using static TorchSharp.torch;

namespace EarthEmbed.Data;

/// <summary>A torch module as a tile predictor for <see cref="TiledPrediction"/>: each batch of float tiles becomes
/// an [N, C, H, W] tensor on the module's device, goes through the module (TorchSharp's <c>call</c>) without
/// gradients, and comes back as floats. The module is put in evaluation mode; it stays owned by the caller.</summary>
public sealed class ModuleTilePredictor : ITilePredictor
{
    private readonly nn.Module<Tensor, Tensor> module;
    private readonly Device device;

    /// <summary>Wraps <paramref name="module"/>, which maps [N, <paramref name="inputBands"/>, H, W] to
    /// [N, <paramref name="outputBands"/>, H, W] for H and W multiples of <paramref name="sizeMultiple"/>.</summary>
    public ModuleTilePredictor(nn.Module<Tensor, Tensor> module, int inputBands, int outputBands, int sizeMultiple = 1, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputBands);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputBands);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeMultiple);
        this.module = module;
        this.device = device ?? CPU;
        InputBands = inputBands;
        OutputBands = outputBands;
        SizeMultiple = sizeMultiple;
        module.eval();
    }

    /// <inheritdoc />
    public int InputBands { get; }

    /// <inheritdoc />
    public int OutputBands { get; }

    /// <inheritdoc />
    public int SizeMultiple { get; }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = RasterTensors.FromSpan(input, [batch, InputBands, height, width], device);
        var y = module.call(x);
        var shape = y.shape;
        if (shape.Length != 4 || shape[0] != batch || shape[1] != OutputBands || shape[2] != height || shape[3] != width)
            throw new InvalidOperationException(
                $"{module.GetType().Name} returned shape [{string.Join(", ", shape)}] for input [{batch}, {InputBands}, {height}, {width}]; " +
                $"a tile predictor needs [{batch}, {OutputBands}, {height}, {width}]");
        RasterTensors.CopyTo(y, output);
    }
}
