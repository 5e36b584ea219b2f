using EarthEmbed.Engine;
using EarthEmbed.Geo;

namespace EarthEmbed.Experiments.Height;

/// <summary>Settings of a height prediction (<c>earthembed predict</c>).</summary>
public sealed record HeightPredictionSettings
{
    /// <summary>Model tile size in pixels (a multiple of the model's output stride). Default 256.</summary>
    public int TileSize { get; init; } = 256;

    /// <summary>Overlap of neighbouring model tiles (blended). Default 32.</summary>
    public int Overlap { get; init; } = 32;

    /// <summary>Model tiles per forward pass. Default 1: libtorch's CPU convolutions in the height networks give
    /// other last bits for a tile in a batch of 4 than alone (measured: about half the values of a resnet-tiny U-Net++
    /// differ, by up to 1.2e-5), so only a fixed batch makes a tile's output independent of its neighbours in the
    /// batch, which bit-for-bit equal shards need. On the 2-core AVX-512 machine batch 1 was not slower.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Side of an output tile (one COG) of a sharded prediction. Default 2048.</summary>
    public int OutputTileSize { get; init; } = 2048;

    /// <summary>This process's share of a sharded prediction. Default: all of it.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.All;
}

/// <summary>Prediction of a height raster from a trained model file and input rasters with the model's band count
/// (AlphaEarth int8 is de-quantised; float rasters are read as they are), by streaming tiled prediction: the input is
/// never read whole. Several inputs (in any CRSs) are read as one raster over the union of their extents, on the
/// first input's CRS and pixel lattice (<see cref="UnionSource"/>). The output is one GeoTIFF (float32 height in
/// metres, NaN no-data) written as rows finish, or, for work shared by several processes, a folder of COG tiles of
/// which this process makes its shard's (<see cref="ShardedPrediction"/>), later joined by
/// <see cref="TileMosaic"/>. Both give the same pixels, bit for bit.</summary>
public static class HeightPrediction
{
    /// <summary>Predicts <paramref name="inputPath"/> with the model in <paramref name="checkpointPath"/> into
    /// <paramref name="outputPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The checkpoint or the input does not exist.</exception>
    /// <exception cref="RasterInputException">The input's band count is not the model's.</exception>
    public static TilingReport Run(string checkpointPath, string inputPath, string outputPath, int tileSize = 256, int overlap = 32,
        IProgress<TilingProgress>? progress = null) =>
        Run(checkpointPath, [inputPath], outputPath, new HeightPredictionSettings { TileSize = tileSize, Overlap = overlap }, progress);

    /// <summary>Predicts the union of <paramref name="inputs"/> into one GeoTIFF at <paramref name="outputPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The checkpoint or an input does not exist.</exception>
    /// <exception cref="RasterInputException">An input's band count is not the model's, or inputs cannot be joined.</exception>
    public static TilingReport Run(string checkpointPath, IReadOnlyList<string> inputs, string outputPath, HeightPredictionSettings settings,
        IProgress<TilingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TorchEngine.EnsureLoaded();
        using var predictor = HeightModelFile.LoadPredictor(checkpointPath);
        using var input = Open(inputs, predictor, checkpointPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (folder is not null) Directory.CreateDirectory(folder);
        return TiledPrediction.Run(input, predictor, outputPath, Tiling(settings, predictor) with { Progress = progress }, cancellationToken);
    }

    /// <summary>Predicts this process's shard (<see cref="HeightPredictionSettings.Shard"/>) of the output tiles of
    /// the union of <paramref name="inputs"/> into <paramref name="outputFolder"/>, skipping tiles already complete.</summary>
    /// <exception cref="InvalidOperationException">The folder holds another job (another model, inputs or settings).</exception>
    public static ShardReport RunShard(string checkpointPath, IReadOnlyList<string> inputs, string outputFolder, HeightPredictionSettings settings,
        IProgress<ShardProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(inputs);
        TorchEngine.EnsureLoaded();
        using var predictor = HeightModelFile.LoadPredictor(checkpointPath);
        using var input = Open(inputs, predictor, checkpointPath);
        var options = new ShardedPredictionOptions
        {
            Tiling = Tiling(settings, predictor),
            OutputTileSize = settings.OutputTileSize,
            Shard = settings.Shard,
            ModelId = "sha256:" + TileRecord.HashFile(checkpointPath),
            Inputs = inputs.Select(InputList.Key).ToArray(),
            Progress = progress,
        };
        return ShardedPrediction.Run(input, predictor, outputFolder, options, cancellationToken);
    }

    private static TiledPredictionOptions Tiling(HeightPredictionSettings settings, HeightTilePredictor predictor)
    {
        var multiple = Math.Max(1, predictor.SizeMultiple);
        if (settings.TileSize % multiple != 0)
            throw new ArgumentException(
                $"--tile {settings.TileSize} is not a multiple of the model's output stride {multiple}; use {Math.Max(multiple, settings.TileSize / multiple * multiple)}",
                nameof(settings));
        return new TiledPredictionOptions { TileSize = settings.TileSize, Overlap = settings.Overlap, BatchSize = settings.BatchSize };
    }

    /// <summary>One input as it is, several as their union; the band count checked against the model's.</summary>
    private static DisposableSource Open(IReadOnlyList<string> inputs, HeightTilePredictor predictor, string checkpointPath)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("no input rasters given", nameof(inputs));
        var opened = new List<DisposableSource>();
        try
        {
            foreach (var path in inputs)
            {
                var source = HeightData.OpenInputs(path);
                opened.Add(source);
                if (source.BandCount != predictor.InputBands)
                    throw new RasterInputException(
                        $"'{path}' has {source.BandCount} band(s) but the model in '{checkpointPath}' ({predictor.Spec.Architecture}) was trained on " +
                        $"{predictor.InputBands}; give it a raster with the same bands as its training data ({predictor.Spec.TrainedOn})", path);
            }
            return opened.Count == 1 ? opened[0] : Union(opened);
        }
        catch
        {
            foreach (var s in opened) s.Dispose();
            throw;
        }
    }

    private static DisposableSource Union(List<DisposableSource> opened)
    {
        var union = UnionSource.Create(opened, ownsInputs: true);
        return new DisposableSource(union, union);
    }
}
