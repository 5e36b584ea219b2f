namespace EarthEmbed.Geo;

/// <summary>A dense model seen by tiled prediction: it maps a batch of tiles, channels first (NCHW), to a batch of
/// output tiles of the same height and width. EarthEmbed.Geo knows nothing of tensors; the science project wraps
/// a torch module as one of these (EarthEmbed.Data.ModuleTilePredictor).</summary>
public interface ITilePredictor
{
    /// <summary>Channels each input pixel must have (C of NCHW).</summary>
    int InputBands { get; }

    /// <summary>Channels each output pixel has.</summary>
    int OutputBands { get; }

    /// <summary>Tile heights and widths must be multiples of this (the model's output stride, e.g. 2^depth for a
    /// U-Net); 1 when any size works.</summary>
    int SizeMultiple { get; }

    /// <summary>Predicts <paramref name="batch"/> tiles of <paramref name="height"/> x <paramref name="width"/>:
    /// <paramref name="input"/> holds batch x InputBands x height x width floats, <paramref name="output"/> receives
    /// batch x OutputBands x height x width. Called from one thread at a time.</summary>
    void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output);
}
