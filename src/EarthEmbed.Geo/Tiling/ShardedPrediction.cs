using System.Diagnostics;
using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>Prediction of a large raster as a job of output tiles that independent processes share: the job is a
/// deterministic list of square tiles over the source's grid (<see cref="OutputTiling"/>); shard I of N takes its
/// share (<see cref="ShardSpec"/>); each tile is predicted with <see cref="TiledPrediction"/> on the whole raster's
/// tile lattice (reading the halo its overlap needs from beyond the tile), written as a Cloud-Optimised GeoTIFF
/// under a temporary name and renamed, then recorded in its own manifest file (<see cref="TileRecord"/>). A tile
/// already complete (record of this job, file present with its size and checksum) is skipped, so a killed or
/// pre-empted worker loses only the tile it was on, and a rerun finishes the job. The mosaic of all tiles
/// (<see cref="TileMosaic"/>) equals a single <see cref="TiledPrediction.Run"/> of the whole raster bit for bit,
/// whatever the number of shards, provided the predictor gives a tile's output from that tile alone.</summary>
/// <remarks>Folder layout: <c>job.json</c> (<see cref="TileJob"/>), <c>tiles/NAME.tif</c>, <c>manifest/NAME.json</c>;
/// temporary files are hidden (names starting with a dot) and removed by the shard that next takes the tile.</remarks>
public static class ShardedPrediction
{
    /// <summary>Predicts the tiles of <paramref name="options"/>' shard of <paramref name="source"/> into
    /// <paramref name="outputFolder"/>.</summary>
    /// <exception cref="InvalidOperationException">The folder holds another job's tiles.</exception>
    /// <exception cref="RasterInputException">The source's band count is not the predictor's.</exception>
    public static ShardReport Run(IRasterSource source, ITilePredictor predictor, string outputFolder, ShardedPredictionOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelId))
            throw new ArgumentException("ShardedPredictionOptions.ModelId is empty: give what identifies the model (e.g. its checkpoint's SHA-256)", nameof(options));
        if (options.Tiling.Region is not null)
            throw new ArgumentException("ShardedPredictionOptions.Tiling.Region must be unset: each output tile sets its own", nameof(options));
        if (predictor.InputBands != source.BandCount)
            throw new RasterInputException($"'{source.Name}' has {source.BandCount} band(s) but the model expects {predictor.InputBands}", source.Name);
        var clock = Stopwatch.StartNew();
        var job = TileJob.Create(source.Grid, options.OutputTileSize, predictor.OutputBands, options.Tiling, options.ModelId, options.Inputs);
        job.WriteOrVerify(outputFolder);
        Directory.CreateDirectory(Path.Combine(outputFolder, "tiles"));
        Directory.CreateDirectory(Path.Combine(outputFolder, "manifest"));

        var owned = job.Tiling.Owned(options.Shard).ToArray();
        var tiling = options.Tiling with { Output = options.Tiling.Output with { Cog = true }, Progress = null };
        int written = 0, empty = 0, already = 0, modelTiles = 0;
        long pixels = 0, valid = 0;
        for (var k = 0; k < owned.Length; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tile = owned[k];
            var existing = TileRecord.TryRead(outputFolder, tile.Name);
            var why = existing?.Incomplete(outputFolder, job.Id, options.VerifyChecksums);
            if (existing is not null && why is null)
            {
                already++;
                options.Progress?.Report(new ShardProgress(tile, ShardTileEvent.AlreadyDone, k + 1, owned.Length, 0));
                continue;
            }
            RemoveTemporaryFiles(outputFolder, tile.Name);
            options.Progress?.Report(new ShardProgress(tile, ShardTileEvent.Started, k + 1, owned.Length, 0, why));
            var started = Stopwatch.GetTimestamp();
            var path = TileRecord.TilePath(outputFolder, tile.Name);
            var report = TiledPrediction.Run(source, predictor, path, tiling with { Region = tile.Window }, cancellationToken);
            var isEmpty = report.ValidPixelsWritten == 0;
            if (isEmpty) File.Delete(path);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var record = new TileRecord
            {
                JobId = job.Id,
                Tile = tile.Name,
                Index = tile.Index,
                Window = [tile.Window.X, tile.Window.Y, tile.Window.Width, tile.Window.Height],
                Status = isEmpty ? TileRecord.Empty : TileRecord.Done,
                File = isEmpty ? null : $"tiles/{tile.Name}.tif",
                Bytes = isEmpty ? 0 : new FileInfo(path).Length,
                Sha256 = isEmpty ? null : TileRecord.HashFile(path),
                ValidPixels = report.ValidPixelsWritten,
                ModelTiles = report.TilesPredicted,
                Shard = options.Shard.ToString(),
                Seconds = Math.Round(seconds, 3),
                FinishedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            record.Write(outputFolder);
            if (isEmpty) empty++;
            else written++;
            pixels += tile.Window.Area;
            valid += report.ValidPixelsWritten;
            modelTiles += report.TilesPredicted;
            options.Progress?.Report(new ShardProgress(tile, isEmpty ? ShardTileEvent.Empty : ShardTileEvent.Finished, k + 1, owned.Length, seconds));
        }
        return new ShardReport
        {
            Shard = options.Shard,
            JobId = job.Id,
            TilesInJob = job.Tiling.Tiles.Count,
            TilesOwned = owned.Length,
            TilesWritten = written,
            TilesEmpty = empty,
            TilesAlreadyDone = already,
            PixelsWritten = pixels,
            ValidPixelsWritten = valid,
            ModelTiles = modelTiles,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>Deletes what a killed worker may have left of a tile: GeoTiffWriter's hidden temporary files
    /// (AtomicFile's ".NAME.tif.tmp-PID-GUID.partial.tif" and ".cog.tif") and a half-written record. Only the shard about to
    /// predict the tile calls it, so no running worker's files are touched.</summary>
    private static void RemoveTemporaryFiles(string folder, string tile)
    {
        foreach (var (sub, prefix) in new[] { ("tiles", $".{tile}.tif.tmp-"), ("manifest", $".{tile}.json.tmp-") })
        {
            var dir = Path.Combine(folder, sub);
            foreach (var file in Directory.EnumerateFiles(dir, prefix + "*")) File.Delete(file);
        }
    }
}
