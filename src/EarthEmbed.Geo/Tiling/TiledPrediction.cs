using System.Buffers;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace EarthEmbed.Geo;

/// <summary>Streaming tiled prediction: runs a dense model over a raster of any size in overlapping tiles and writes
/// the blended result as a GeoTIFF on the input's grid and CRS. Three stages overlap: a reader thread fills batches
/// of tiles (padding edges, feeding a fill value at no-data), the calling thread runs the predictor (so its
/// thread-local settings, e.g. no-grad, apply), and a writer thread blends outputs into a strip of rows and writes
/// finished rows. Memory is fixed by the tile size, batch size, bands and raster width: it does not grow with the
/// raster's height, and batches are recycled rather than allocated. The output appears under its name only when
/// complete. With <see cref="TiledPredictionOptions.Region"/> only a window of the raster is predicted and written,
/// on the whole raster's tile lattice, so windows predicted apart equal the whole-raster output pixel for pixel.</summary>
public static class TiledPrediction
{
    /// <summary>Predicts <paramref name="input"/> with <paramref name="predictor"/> into a GeoTIFF at
    /// <paramref name="outputPath"/>. Pixels that are no-data in any input band are no-data in the output; tiles
    /// without any valid pixel are skipped and counted.</summary>
    /// <exception cref="RasterInputException">The input's band count is not the predictor's.</exception>
    public static TilingReport Run(IRasterSource input, ITilePredictor predictor, string outputPath,
        TiledPredictionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(predictor);
        options ??= new TiledPredictionOptions();
        if (predictor.InputBands != input.BandCount)
            throw new RasterInputException(
                $"'{input.Name}' has {input.BandCount} band(s) but the model expects {predictor.InputBands}", input.Name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BuffersInFlight);
        var clock = Stopwatch.StartNew();
        var grid = input.Grid;
        var layout = new TileLayout(grid.Width, grid.Height, options.TileSize, options.Overlap, Math.Max(1, predictor.SizeMultiple), options.Blend);
        var region = options.Region ?? grid.FullWindow;
        if (region.IsEmpty || !grid.FullWindow.Contains(region))
            throw new ArgumentException($"TiledPredictionOptions.Region {region} is not inside the {grid.Width}x{grid.Height} raster '{input.Name}'", nameof(options));
        var tiles = layout.Covering(region);
        var noData = (float)(options.Output.NoData ?? (options.Output.DataType is RasterDataType.Float32 or RasterDataType.Float64 ? double.NaN : 0));
        // .NET's NaN has the sign bit set; GDAL (a VRT's no-data fill, gdal_translate) and numpy write the positive
        // quiet NaN. Writing that one makes no-data pixels equal bit for bit whichever of them wrote them (a mosaic
        // fills tiles without any valid pixel from its no-data value).
        if (float.IsNaN(noData)) noData = BitConverter.Int32BitsToSingle(0x7FC00000);

        using var writer = GeoTiffWriter.Create(outputPath, grid.Window(region), predictor.OutputBands, options.Output);
        var strip = new StripAccumulator(writer, layout, region, predictor.OutputBands, noData);
        var reader = new TileReader(input, layout, options.Padding, options.InputFill);
        var batches = Enumerable.Range(0, options.BuffersInFlight)
            .Select(_ => new Batch(options.BatchSize, input.BandCount, predictor.OutputBands, layout.TileHeight, layout.TileWidth)).ToArray();
        var free = Channel.CreateUnbounded<Batch>();
        var toPredict = Channel.CreateUnbounded<Batch>();
        var toWrite = Channel.CreateUnbounded<Batch>();
        foreach (var b in batches) free.Writer.TryWrite(b);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stats = new Stats();
        var readTask = Task.Factory.StartNew(() => Guard(() => ReadAll(reader, tiles, options, free, toPredict, stats, cancel.Token), cancel, toPredict.Writer),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var writeTask = Task.Factory.StartNew(() => Guard(() => WriteAll(strip, layout, tiles, options, toWrite, free, stats, cancel.Token), cancel, free.Writer),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Exception? failure = null;
        try
        {
            PredictAll(predictor, input.BandCount, layout, toPredict, toWrite, stats, cancel.Token);
        }
#pragma warning disable CA1031 // the first failure of any stage is rethrown below, after every stage has stopped
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
            cancel.Cancel();
        }
        toWrite.Writer.TryComplete();
        failure = Wait(writeTask, failure, cancel) ?? failure;
        failure = Wait(readTask, failure, cancel) ?? failure;
        foreach (var b in batches) b.Dispose(); // every stage has stopped: the arrays go back to the pool
        if (failure != null)
        {
            if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested) cancellationToken.ThrowIfCancellationRequested();
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
        writer.Commit();

        return new TilingReport
        {
            OutputPath = writer.Path,
            TileShape = (layout.TileHeight, layout.TileWidth),
            Tiles = tiles.Count,
            TilesPredicted = stats.Predicted,
            TilesSkipped = stats.Skipped,
            Batches = stats.Batches,
            PixelsComputed = (long)stats.Predicted * layout.TileHeight * layout.TileWidth,
            RasterPixels = region.Area,
            ValidPixelsWritten = strip.ValidPixelsWritten,
            Elapsed = clock.Elapsed,
            PredictTime = stats.PredictTime,
            ReadTime = stats.ReadTime,
            WriteTime = stats.WriteTime,
            BufferedRows = strip.Capacity,
            BufferBytes = batches.Sum(b => b.BufferBytes) + strip.BufferBytes + reader.BufferBytes,
        };
    }

    private static void ReadAll(TileReader reader, TileRange tiles, TiledPredictionOptions options, Channel<Batch> free,
        Channel<Batch> toPredict, Stats stats, CancellationToken token)
    {
        Batch? current = null;
        for (var r = tiles.Row0; r < tiles.Row1; r++)
            for (var c = tiles.Col0; c < tiles.Col1; c++)
            {
                token.ThrowIfCancellationRequested();
                if (current == null)
                {
                    current = free.Reader.ReadAsync(token).AsTask().GetAwaiter().GetResult();
                    current.Count = 0;
                }
                var started = Stopwatch.GetTimestamp();
                var slot = current.Count;
                var valid = reader.Fill(r, c, current.InputSlot(slot), current.ValidSlot(slot));
                stats.AddRead(Stopwatch.GetElapsedTime(started));
                if (valid == 0 && options.SkipEmptyTiles)
                {
                    Interlocked.Increment(ref stats.Skipped);
                    continue;
                }
                current.Tiles[slot] = (r, c);
                current.Count++;
                if (current.Count == current.Capacity)
                {
                    toPredict.Writer.TryWrite(current);
                    current = null;
                }
            }
        if (current is { Count: > 0 }) toPredict.Writer.TryWrite(current);
        toPredict.Writer.TryComplete();
    }

    private static void PredictAll(ITilePredictor predictor, int inputBands, TileLayout layout, Channel<Batch> toPredict,
        Channel<Batch> toWrite, Stats stats, CancellationToken token)
    {
        int th = layout.TileHeight, tw = layout.TileWidth;
        while (toPredict.Reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
        {
            while (toPredict.Reader.TryRead(out var batch))
            {
                token.ThrowIfCancellationRequested();
                var n = batch.Count;
                var started = Stopwatch.GetTimestamp();
                predictor.Predict(batch.Input.AsSpan(0, n * inputBands * th * tw), n, th, tw,
                    batch.Output.AsSpan(0, n * predictor.OutputBands * th * tw));
                stats.PredictTime += Stopwatch.GetElapsedTime(started);
                stats.Batches++;
                stats.Predicted += n;
                toWrite.Writer.TryWrite(batch);
            }
        }
    }

    private static void WriteAll(StripAccumulator strip, TileLayout layout, TileRange tiles, TiledPredictionOptions options,
        Channel<Batch> toWrite, Channel<Batch> free, Stats stats, CancellationToken token)
    {
        var tileRow = -1;
        while (toWrite.Reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
        {
            while (toWrite.Reader.TryRead(out var batch))
            {
                var started = Stopwatch.GetTimestamp();
                for (var k = 0; k < batch.Count; k++)
                {
                    var (r, c) = batch.Tiles[k];
                    var (x0, y0) = layout.Origin(r, c);
                    // Tiles arrive in row order: rows above this tile row's top are final.
                    if (r != tileRow)
                    {
                        strip.FinalizeUpTo(y0);
                        tileRow = r;
                    }
                    strip.Add(x0, y0, batch.OutputSlot(k), batch.ValidSlot(k));
                    options.Progress?.Report(new TilingProgress(tiles.Ordinal(r, c) + 1, tiles.Count, strip.RowsWritten, strip.Height));
                }
                stats.AddWrite(Stopwatch.GetElapsedTime(started));
                free.Writer.TryWrite(batch);
            }
        }
        token.ThrowIfCancellationRequested();
        var finish = Stopwatch.GetTimestamp();
        strip.Finish();
        stats.AddWrite(Stopwatch.GetElapsedTime(finish));
        options.Progress?.Report(new TilingProgress(tiles.Count, tiles.Count, strip.RowsWritten, strip.Height));
    }

    /// <summary>Runs a stage; on failure cancels the others and completes its output channel so no one waits forever.</summary>
    private static void Guard<T>(Action stage, CancellationTokenSource cancel, ChannelWriter<T> output)
    {
        try
        {
            stage();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            cancel.Cancel();
            throw;
        }
    }

    private static Exception? Wait(Task task, Exception? earlier, CancellationTokenSource cancel)
    {
        try
        {
            task.GetAwaiter().GetResult();
            return null;
        }
        catch (OperationCanceledException) when (earlier != null)
        {
            return null;
        }
#pragma warning disable CA1031 // collected and rethrown by Run
        catch (Exception e)
#pragma warning restore CA1031
        {
            cancel.Cancel();
            // A real failure outranks the cancellations it caused in other stages.
            return earlier is null or OperationCanceledException ? e : null;
        }
    }

    /// <summary>A reusable batch: inputs, pixel validity and outputs for up to Capacity tiles. The arrays come from
    /// the shared array pool and go back to it when the run ends, so runs one after the other (the output tiles of a
    /// shard) reuse them instead of leaving hundreds of MiB per run to the garbage collector.</summary>
    private sealed class Batch(int capacity, int inBands, int outBands, int th, int tw) : IDisposable
    {
        private readonly int plane = th * tw;
        private readonly int inputLength = checked(capacity * inBands * th * tw);
        private readonly int outputLength = checked(capacity * outBands * th * tw);
        internal int Capacity { get; } = capacity;
        internal int Count { get; set; }
        internal float[] Input { get; } = ArrayPool<float>.Shared.Rent(checked(capacity * inBands * th * tw));
        internal bool[] Valid { get; } = ArrayPool<bool>.Shared.Rent(checked(capacity * th * tw));
        internal float[] Output { get; } = ArrayPool<float>.Shared.Rent(checked(capacity * outBands * th * tw));
        internal (int Row, int Col)[] Tiles { get; } = new (int, int)[capacity];
        internal long BufferBytes => inputLength * 4L + (long)Capacity * plane + outputLength * 4L;
        internal Span<float> InputSlot(int k) => Input.AsSpan(k * inBands * plane, inBands * plane);
        internal Span<bool> ValidSlot(int k) => Valid.AsSpan(k * plane, plane);
        internal ReadOnlySpan<float> OutputSlot(int k) => Output.AsSpan(k * outBands * plane, outBands * plane);

        public void Dispose()
        {
            ArrayPool<float>.Shared.Return(Input);
            ArrayPool<bool>.Shared.Return(Valid);
            ArrayPool<float>.Shared.Return(Output);
        }
    }

    private sealed class Stats
    {
        private readonly Lock gate = new();
        internal int Skipped;
        internal int Predicted;
        internal int Batches;
        internal TimeSpan PredictTime;
        internal TimeSpan ReadTime;
        internal TimeSpan WriteTime;

        internal void AddRead(TimeSpan t)
        {
            lock (gate) ReadTime += t;
        }

        internal void AddWrite(TimeSpan t)
        {
            lock (gate) WriteTime += t;
        }
    }
}
