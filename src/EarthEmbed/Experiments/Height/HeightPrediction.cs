using EarthEmbed.Engine;
using EarthEmbed.Geo;

namespace EarthEmbed.Experiments.Height;

/// <summary>Prediction of a height raster from a trained model file and any input raster with the model's band
/// count (AlphaEarth int8 is de-quantised; float rasters are read as they are), by streaming tiled prediction: the
/// input is never read whole and the output GeoTIFF (float32, NaN no-data, the input's grid and CRS) is written as
/// rows finish.</summary>
public static class HeightPrediction
{
    /// <summary>Predicts <paramref name="inputPath"/> with the model in <paramref name="checkpointPath"/> into
    /// <paramref name="outputPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The checkpoint or the input does not exist.</exception>
    /// <exception cref="RasterInputException">The input's band count is not the model's.</exception>
    public static TilingReport Run(string checkpointPath, string inputPath, string outputPath, int tileSize = 256, int overlap = 32,
        IProgress<TilingProgress>? progress = null)
    {
        TorchEngine.EnsureLoaded();
        using var predictor = HeightModelFile.LoadPredictor(checkpointPath);
        using var input = HeightData.OpenInputs(inputPath);
        if (input.BandCount != predictor.InputBands)
            throw new RasterInputException(
                $"'{inputPath}' has {input.BandCount} band(s) but the model in '{checkpointPath}' ({predictor.Spec.Architecture}) was trained on " +
                $"{predictor.InputBands}; give it a raster with the same bands as its training data ({predictor.Spec.TrainedOn})", inputPath);
        var multiple = Math.Max(1, predictor.SizeMultiple);
        if (tileSize % multiple != 0)
            throw new ArgumentException($"--tile {tileSize} is not a multiple of the model's output stride {multiple}; use {Math.Max(multiple, tileSize / multiple * multiple)}",
                nameof(tileSize));
        var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (folder is not null) Directory.CreateDirectory(folder);
        return TiledPrediction.Run(input, predictor, outputPath,
            new TiledPredictionOptions { TileSize = tileSize, Overlap = overlap, Progress = progress });
    }
}
