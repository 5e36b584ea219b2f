using System.Diagnostics;
using System.Globalization;
using EarthEmbed.Engine;
using EarthEmbed.Geo;
using TorchSharp;

namespace EarthEmbed.Data.Benchmarks;

/// <summary>Settings of the tiles benchmark (<c>earthembed bench tiles</c>).</summary>
public sealed record TilesBenchmarkSettings
{
    /// <summary>Raster width and height (an AlphaEarth tile is 8192).</summary>
    public int Size { get; init; } = 8192;

    /// <summary>Embedding bands (AlphaEarth has 64).</summary>
    public int Bands { get; init; } = 64;

    /// <summary>Rows of the raster to predict (from the top; null = all): the full width with less work, for a
    /// quicker run whose memory is that of the full-size one (it depends on the width, not the height).</summary>
    public int? Rows { get; init; }

    /// <summary>Tile size fed to the model.</summary>
    public int TileSize { get; init; } = 256;

    /// <summary>Tile overlap.</summary>
    public int Overlap { get; init; } = 32;

    /// <summary>Tiles per model call.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>U-Net channels at full resolution.</summary>
    public int BaseChannels { get; init; } = 16;

    /// <summary>U-Net levels.</summary>
    public int Depth { get; init; } = 3;

    /// <summary>libtorch threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Model-only batches timed before and after the run.</summary>
    public int ModelOnlyBatches { get; init; } = 6;

    /// <summary>GDAL block cache for the run (it counts towards resident memory). A tile row of 256-pixel tiles spans
    /// two block rows of the input (2 x 32 blocks x 64 bands x 64 KiB = 256 MiB at full size); the cache holds them
    /// with room for the output's blocks, so no input block is decoded twice.</summary>
    public long GdalCacheBytes { get; init; } = 384L << 20;

    /// <summary>Output tile size of the worker runs (a sharded prediction of the same raster). Default 2048.</summary>
    public int OutputTileSize { get; init; } = 2048;

    /// <summary>The worker counts K measured after the main run: K processes, each with Threads / K libtorch
    /// threads, share the raster's output tiles. Default 1 and 2; empty to skip.</summary>
    public IReadOnlyList<int> Workers { get; init; } = [1, 2];

    /// <summary>Where the generated raster and the output are kept.</summary>
    public string CacheFolder { get; init; } = Path.Combine("build", "bench");

    /// <summary>A small raster that checks everything runs; its figures mean little.</summary>
    public static TilesBenchmarkSettings Quick { get; } = new() { Size = 512, TileSize = 128, Overlap = 16, ModelOnlyBatches = 2, OutputTileSize = 256 };
}

/// <summary>The figures of one tiles benchmark run.</summary>
public sealed record TilesBenchmarkResult(
    TilesBenchmarkSettings Settings, TilingReport Report, double PixelsPerSecond, double ComputedPixelsPerSecond,
    double ModelOnlyPixelsPerSecond, double ModelOnlyBefore, double ModelOnlyAfter, double Efficiency, double PeakRssMb, bool PeakRssReset)
{
    /// <summary>Fraction of the run's wall time the model was computing (predict time / elapsed): how well reading,
    /// blending and writing hide behind compute, measured inside the run and so immune to load changing between
    /// the model-only measurement and the run.</summary>
    public double PredictShare => Report.PredictTime.TotalSeconds / Report.Elapsed.TotalSeconds;

    /// <summary>The same raster predicted by K worker processes as a sharded job, for each K measured.</summary>
    public IReadOnlyList<TilesWorkersResult> Workers { get; init; } = [];

    /// <summary>The figures as JSON (snake_case keys; the issue's four keys first).</summary>
    public string ToJson()
    {
        var ci = CultureInfo.InvariantCulture;
        string N(double v) => double.IsFinite(v) ? v.ToString("R", ci) : "null";
        var r = Report;
        var s = Settings;
        return "{\n" +
            $"  \"pixels_per_s\": {N(PixelsPerSecond)},\n" +
            $"  \"model_only_pixels_per_s\": {N(ModelOnlyPixelsPerSecond)},\n" +
            $"  \"efficiency\": {N(Efficiency)},\n" +
            $"  \"peak_rss_mb\": {N(PeakRssMb)},\n" +
            $"  \"computed_pixels_per_s\": {N(ComputedPixelsPerSecond)},\n" +
            $"  \"predict_share\": {N(PredictShare)},\n" +
            $"  \"model_only_pixels_per_s_before\": {N(ModelOnlyBefore)},\n" +
            $"  \"model_only_pixels_per_s_after\": {N(ModelOnlyAfter)},\n" +
            $"  \"peak_rss_reset_before_run\": {(PeakRssReset ? "true" : "false")},\n" +
            $"  \"raster\": {{\"width\": {s.Size}, \"height\": {s.Size}, \"bands\": {s.Bands}, \"type\": \"int8\", \"rows_predicted\": {s.Rows ?? s.Size}}},\n" +
            $"  \"tile\": {{\"size\": {s.TileSize}, \"overlap\": {s.Overlap}, \"batch\": {s.BatchSize}}},\n" +
            $"  \"model\": {{\"name\": \"BenchUNet\", \"base_channels\": {s.BaseChannels}, \"depth\": {s.Depth}}},\n" +
            $"  \"threads\": {s.Threads},\n" +
            $"  \"tiles\": {r.Tiles}, \"tiles_predicted\": {r.TilesPredicted}, \"tiles_skipped\": {r.TilesSkipped},\n" +
            $"  \"pixels_computed\": {r.PixelsComputed}, \"raster_pixels\": {r.RasterPixels},\n" +
            $"  \"elapsed_s\": {N(r.Elapsed.TotalSeconds)}, \"predict_s\": {N(r.PredictTime.TotalSeconds)}, " +
            $"\"read_s\": {N(r.ReadTime.TotalSeconds)}, \"write_s\": {N(r.WriteTime.TotalSeconds)},\n" +
            $"  \"buffer_mb\": {N(r.BufferBytes / 1048576.0)}, \"buffered_rows\": {r.BufferedRows},\n" +
            $"  \"output_tile\": {s.OutputTileSize},\n" +
            $"  \"workers\": {TilesBenchmark.WorkersJson(Workers)}\n" +
            "}\n";
    }
}

/// <summary>The tiles benchmark: a small U-Net predicts a height map over an AlphaEarth-sized raster (8192 x 8192,
/// 64 int8 bands) with streaming tiled prediction; compares the pixels the model computed per second (overlap and
/// padding included) with the same model's throughput on in-memory tiles, so the ratio measures the cost of
/// reading, de-quantising, blending and writing that is not hidden behind compute.</summary>
public static partial class TilesBenchmark
{
    /// <summary>Runs the benchmark (generating the raster first if it is not cached).</summary>
    public static TilesBenchmarkResult Run(TilesBenchmarkSettings settings, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TorchEngine.EnsureLoaded();
        TorchEngine.Threads = settings.Threads;
        Gdal.CacheMaxBytes = settings.GdalCacheBytes;
        var raster = BenchRaster.Ensure(settings.CacheFolder, settings.Size, settings.Bands, progress);

        torch.manual_seed(0);
        using var model = new BenchUNet(settings.Bands, 1, settings.BaseChannels, settings.Depth);
        var predictor = new ModuleTilePredictor(model, settings.Bands, 1, model.SizeMultiple);
        var before = ModelOnly(predictor, settings, warmUp: true);
        progress?.Report($"model only: {before / 1e6:F3} Mpx/s on in-memory {settings.BatchSize}x{settings.TileSize}x{settings.TileSize} tiles");

        var reset = PeakMemory.Reset();
        var output = Path.Combine(settings.CacheFolder, $"height_{settings.Size}.tif");
        var lastShown = -1;
        var tileProgress = new Callback<TilingProgress>(p =>
        {
            var pct = (int)(p.Fraction * 20) * 5;
            if (pct == Interlocked.Exchange(ref lastShown, pct)) return;
            progress?.Report($"  {pct,3}% tiles {p.TilesDone}/{p.TilesTotal}, rows written {p.RowsWritten}/{p.RowsTotal}");
        });
        TilingReport report;
        using (var reader = AlphaEarthReader.Open(raster, settings.Bands))
        {
            var source = Source(reader, settings);
            report = TiledPrediction.Run(source, predictor, output, new TiledPredictionOptions
            {
                TileSize = settings.TileSize, Overlap = settings.Overlap, BatchSize = settings.BatchSize, Progress = tileProgress,
                Output = new GeoTiffOptions { NoData = double.NaN, BandDescriptions = ["height"] },
            });
        }
        var rss = PeakMemory.Megabytes();
        var after = ModelOnly(predictor, settings, warmUp: false);
        progress?.Report($"model only (after): {after / 1e6:F3} Mpx/s");

        var seconds = report.Elapsed.TotalSeconds;
        var computed = report.PixelsComputed / seconds;
        var modelOnly = (before + after) / 2;
        return new TilesBenchmarkResult(settings, report, report.RasterPixels / seconds, computed, modelOnly, before, after,
            computed / modelOnly, rss, reset);
    }

    /// <summary>A human-readable summary.</summary>
    public static string Table(TilesBenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result.Report;
        var ci = CultureInfo.InvariantCulture;
        return string.Join(Environment.NewLine, (string[])[
            string.Create(ci, $"raster            {result.Settings.Size}x{result.Settings.Size}x{result.Settings.Bands} int8{(result.Settings.Rows is { } rows ? $" (top {rows} rows predicted)" : "")}, tiles {r.TileShape.Height}x{r.TileShape.Width} overlap {result.Settings.Overlap}, batch {result.Settings.BatchSize}"),
            string.Create(ci, $"tiles             {r.Tiles} ({r.TilesPredicted} predicted, {r.TilesSkipped} skipped as no-data)"),
            string.Create(ci, $"elapsed           {r.Elapsed.TotalSeconds:F1} s (model {r.PredictTime.TotalSeconds:F1} s, read {r.ReadTime.TotalSeconds:F1} s, blend+write {r.WriteTime.TotalSeconds:F1} s)"),
            string.Create(ci, $"pixels/s          {result.PixelsPerSecond / 1e6:F3} M raster pixels/s"),
            string.Create(ci, $"computed pixels/s {result.ComputedPixelsPerSecond / 1e6:F3} M/s (overlap and padding included)"),
            string.Create(ci, $"model only        {result.ModelOnlyPixelsPerSecond / 1e6:F3} M/s (before {result.ModelOnlyBefore / 1e6:F3}, after {result.ModelOnlyAfter / 1e6:F3})"),
            string.Create(ci, $"efficiency        {result.Efficiency:F3} (target >= 0.85); model busy {result.PredictShare:P1} of the run"),
            string.Create(ci, $"peak RSS          {result.PeakRssMb:F0} MiB (target < 2048){(result.PeakRssReset ? "" : "; could not reset the peak before the run, it includes generation")}"),
            string.Create(ci, $"working buffers   {r.BufferBytes / 1048576.0:F0} MiB, {r.BufferedRows} output rows"),
            .. result.Workers.Select(w => string.Create(ci,
                $"K={w.Workers} worker(s)     {w.PixelsPerSecond / 1e6:F3} M raster pixels/s ({w.PixelsPerSecondPerWorker / 1e6:F3} per worker, {w.ThreadsPerWorker} thread(s) each, " +
                $"{w.OutputTiles} output tiles of {result.Settings.OutputTileSize}, {w.ElapsedSeconds:F1} s wall); peak RSS per worker {string.Join(", ", w.PeakRssMb.Select(m => m.ToString("F0", ci)))} MiB"))]);
    }

    /// <summary>Pixels per second of the predictor on in-memory tiles (random values in the embedding range).</summary>
    private static double ModelOnly(ModuleTilePredictor predictor, TilesBenchmarkSettings s, bool warmUp)
    {
        var t = s.TileSize;
        var input = new float[(long)s.BatchSize * s.Bands * t * t];
        var output = new float[(long)s.BatchSize * t * t];
        var random = new Random(1);
        for (var i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 0.5 - 0.25);
        if (warmUp) predictor.Predict(input, s.BatchSize, t, t, output);
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < s.ModelOnlyBatches; k++) predictor.Predict(input, s.BatchSize, t, t, output);
        return (double)s.ModelOnlyBatches * s.BatchSize * t * t / clock.Elapsed.TotalSeconds;
    }

    private sealed class Callback<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
