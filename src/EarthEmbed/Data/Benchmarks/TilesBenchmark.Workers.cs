using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EarthEmbed.Engine;
using EarthEmbed.Geo;
using TorchSharp;

namespace EarthEmbed.Data.Benchmarks;

/// <summary>The figures of K worker processes sharing the benchmark raster as a sharded prediction.</summary>
/// <param name="Workers">K.</param>
/// <param name="ThreadsPerWorker">libtorch threads of each worker.</param>
/// <param name="ElapsedSeconds">Wall time from starting the first worker to the end of the last (process start,
/// engine and model loading included: what a scheduler's array job pays).</param>
/// <param name="PixelsPerSecond">Raster pixels per second of wall time.</param>
/// <param name="PixelsPerSecondPerWorker">The same divided by K.</param>
/// <param name="OutputTiles">Output tiles of the job.</param>
/// <param name="PeakRssMb">Each worker's peak resident memory (MiB).</param>
/// <param name="WorkerSeconds">Each worker's time inside the sharded prediction.</param>
public sealed record TilesWorkersResult(int Workers, int ThreadsPerWorker, double ElapsedSeconds, double PixelsPerSecond,
    double PixelsPerSecondPerWorker, int OutputTiles, IReadOnlyList<double> PeakRssMb, IReadOnlyList<double> WorkerSeconds);

// K worker processes over the benchmark raster: each runs a shard (worker j of K) of a sharded prediction with
// output tiles, as `earthembed predict --output-dir --workers K` does, and writes its own figures.
public static partial class TilesBenchmark
{
    /// <summary>One worker: predicts shard <paramref name="worker"/> of the benchmark raster's output tiles into
    /// <paramref name="folder"/> and writes its figures to <c>folder/worker-J.json</c>.</summary>
    public static void RunWorker(TilesBenchmarkSettings settings, ShardSpec worker, string folder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TorchEngine.EnsureLoaded();
        TorchEngine.Threads = settings.Threads;
        Gdal.CacheMaxBytes = settings.GdalCacheBytes;
        var raster = BenchRaster.PathFor(settings.CacheFolder, settings.Size, settings.Bands);
        if (!File.Exists(raster)) throw new FileNotFoundException($"the benchmark raster '{raster}' is missing; the main benchmark run generates it", raster);
        torch.manual_seed(0);
        using var model = new BenchUNet(settings.Bands, 1, settings.BaseChannels, settings.Depth);
        var predictor = new ModuleTilePredictor(model, settings.Bands, 1, model.SizeMultiple);
        PeakMemory.Reset();
        using var reader = AlphaEarthReader.Open(raster, settings.Bands);
        var source = Source(reader, settings);
        var report = ShardedPrediction.Run(source, predictor, folder, new ShardedPredictionOptions
        {
            Shard = worker,
            OutputTileSize = settings.OutputTileSize,
            ModelId = $"BenchUNet(base {settings.BaseChannels}, depth {settings.Depth}, seed 0)",
            Inputs = [raster],
            Tiling = new TiledPredictionOptions
            {
                TileSize = settings.TileSize, Overlap = settings.Overlap, BatchSize = settings.BatchSize,
                Output = new GeoTiffOptions { NoData = double.NaN, BandDescriptions = ["height"] },
            },
        });
        var figures = new Dictionary<string, double>
        {
            ["seconds"] = report.Elapsed.TotalSeconds,
            ["pixels"] = report.PixelsWritten,
            ["tiles"] = report.TilesOwned,
            ["peak_rss_mb"] = PeakMemory.Megabytes(),
        };
        File.WriteAllText(Path.Combine(folder, $"worker-{worker.Index}.json"), JsonSerializer.Serialize(figures));
    }

    /// <summary>Runs <paramref name="workers"/> worker processes side by side (started by
    /// <paramref name="startWorker"/>, given the worker's shard and its libtorch threads, which must run
    /// <see cref="RunWorker"/>) over a fresh output folder and collects their figures.</summary>
    /// <exception cref="InvalidOperationException">A worker failed.</exception>
    public static TilesWorkersResult RunWorkers(TilesBenchmarkSettings settings, int workers, Func<ShardSpec, int, string, ProcessStartInfo> startWorker,
        TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(startWorker);
        var folder = Path.GetFullPath(Path.Combine(settings.CacheFolder, $"workers-{workers}"));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var threads = LocalWorkers.ThreadsPerWorker(workers, settings.Threads);
        var starts = Enumerable.Range(1, workers).Select(j => startWorker(new ShardSpec(j, workers), threads, folder)).ToArray();
        var clock = Stopwatch.StartNew();
        var results = LocalWorkers.Run(starts, output, error);
        var elapsed = clock.Elapsed.TotalSeconds;
        if (results.FirstOrDefault(r => r.ExitCode != 0) is { } failed)
            throw new InvalidOperationException($"benchmark worker {failed.Worker}/{workers} exited {failed.ExitCode}; see its lines above");
        var figures = Enumerable.Range(1, workers)
            .Select(j => JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(folder, $"worker-{j}.json")))!).ToArray();
        var pixels = figures.Sum(f => f["pixels"]);
        return new TilesWorkersResult(workers, threads, elapsed, pixels / elapsed, pixels / elapsed / workers, (int)figures.Sum(f => f["tiles"]),
            figures.Select(f => f["peak_rss_mb"]).ToArray(), figures.Select(f => f["seconds"]).ToArray());
    }

    /// <summary>The workers' figures as a JSON object keyed by K.</summary>
    internal static string WorkersJson(IReadOnlyList<TilesWorkersResult> workers)
    {
        var ci = CultureInfo.InvariantCulture;
        string N(double v) => double.IsFinite(v) ? v.ToString("R", ci) : "null";
        string L(IEnumerable<double> v) => "[" + string.Join(", ", v.Select(N)) + "]";
        return "{" + string.Join(", ", workers.Select(w =>
            $"\"{w.Workers}\": {{\"pixels_per_s\": {N(w.PixelsPerSecond)}, \"pixels_per_s_per_worker\": {N(w.PixelsPerSecondPerWorker)}, " +
            $"\"elapsed_s\": {N(w.ElapsedSeconds)}, \"threads_per_worker\": {w.ThreadsPerWorker}, \"output_tiles\": {w.OutputTiles}, " +
            $"\"peak_rss_mb\": {L(w.PeakRssMb)}, \"worker_s\": {L(w.WorkerSeconds)}}}")) + "}";
    }

    /// <summary>The raster, or its top rows when the settings ask for fewer.</summary>
    private static IRasterSource Source(AlphaEarthReader reader, TilesBenchmarkSettings settings) =>
        settings.Rows is { } rows && rows < settings.Size ? reader.Crop(new PixelWindow(0, 0, settings.Size, rows)) : reader;
}
