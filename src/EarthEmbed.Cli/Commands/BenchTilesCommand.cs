using System.CommandLine;
using System.Globalization;
using EarthEmbed.Data.Benchmarks;
using EarthEmbed.Geo;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed bench tiles</c>: streaming tiled prediction of a small U-Net over an AlphaEarth-sized raster
/// (8192 x 8192, 64 int8 bands); pixels/s, the model's in-memory throughput, their ratio and peak RSS (see
/// docs/geo.md); then the same raster as a sharded job run by K = 1 and K = 2 worker processes (pixels/s and peak
/// RSS per worker; docs/scale.md). The hidden <c>--worker j/K</c> runs one such worker.</summary>
internal static class BenchTilesCommand
{
    internal static Command Create()
    {
        var defaults = new TilesBenchmarkSettings();
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures to this JSON file." };
        var size = new Option<int?>("--size") { Description = $"Raster width and height (default {defaults.Size})." };
        var rows = new Option<int?>("--rows") { Description = "Predict only the top N rows (full width, less work; memory as for the full raster)." };
        var tile = new Option<int?>("--tile") { Description = $"Tile size (default {defaults.TileSize})." };
        var overlap = new Option<int?>("--overlap") { Description = $"Tile overlap (default {defaults.Overlap})." };
        var batch = new Option<int?>("--batch") { Description = $"Tiles per model call (default {defaults.BatchSize})." };
        var threads = new Option<int?>("--threads") { Description = $"libtorch threads (default {defaults.Threads}, the cores)." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = $"Folder for the generated raster and the output (default {defaults.CacheFolder})." };
        var quick = new Option<bool>("--quick") { Description = "A 512 x 512 raster: checks that everything runs; the figures mean little." };
        var workers = new Option<string?>("--workers") { Description = "Worker counts K to measure as a sharded job, comma-separated (default 1,2; 0 skips)." };
        var outputTile = new Option<int?>("--output-tile") { Description = $"Output tile size of the worker runs (default {defaults.OutputTileSize})." };
        var worker = new Option<string?>("--worker") { Hidden = true, Description = "Run as worker j/K of a worker run (started by the benchmark itself)." };
        var workerDir = new Option<string?>("--worker-dir") { Hidden = true, Description = "The worker run's output folder." };
        var command = new Command("tiles",
            "Tiled prediction of a small U-Net over a generated 8192x8192x64 int8 raster (made once, cached); prints pixels/s, " +
            "model-only pixels/s, their ratio (efficiency) and peak RSS, then pixels/s and peak RSS per worker for K worker processes.")
        {
            json, size, rows, tile, overlap, batch, threads, cache, quick, workers, outputTile, worker, workerDir,
        };
        command.SetAction(parse =>
        {
            var s = parse.GetValue(quick) ? TilesBenchmarkSettings.Quick : defaults;
            s = s with
            {
                Size = parse.GetValue(size) ?? s.Size,
                Rows = parse.GetValue(rows) ?? s.Rows,
                TileSize = parse.GetValue(tile) ?? s.TileSize,
                Overlap = parse.GetValue(overlap) ?? s.Overlap,
                BatchSize = parse.GetValue(batch) ?? s.BatchSize,
                Threads = parse.GetValue(threads) ?? s.Threads,
                CacheFolder = parse.GetValue(cache)?.FullName ?? s.CacheFolder,
                OutputTileSize = parse.GetValue(outputTile) ?? s.OutputTileSize,
                Workers = parse.GetValue(workers) is { } list ? ParseWorkers(list) : s.Workers,
            };
            if (parse.GetValue(worker) is { } spec)
            {
                TilesBenchmark.RunWorker(s, ShardSpec.Parse(spec), parse.GetValue(workerDir) ?? throw new ArgumentException("--worker needs --worker-dir"));
                return 0;
            }
            return Run(s, parse.GetValue(json), Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Run(TilesBenchmarkSettings settings, FileInfo? json, TextWriter output, TextWriter error)
    {
        var progress = new Progress(output);
        var result = TilesBenchmark.Run(settings, progress);
        var measured = new List<TilesWorkersResult>();
        foreach (var k in settings.Workers)
        {
            progress.Report($"{k} worker process(es) over the same raster as a sharded job (output tiles of {settings.OutputTileSize})");
            measured.Add(TilesBenchmark.RunWorkers(settings, k, (spec, threads, folder) => LocalWorkers.Self(WorkerArguments(settings, spec, threads, folder),
                new Dictionary<string, string> { ["EARTHEMBED_THREADS"] = Text(threads) }), output, error));
        }
        result = result with { Workers = measured };
        output.WriteLine();
        output.WriteLine(TilesBenchmark.Table(result));
        if (json is not null)
        {
            File.WriteAllText(json.FullName, result.ToJson());
            output.WriteLine($"wrote {json.FullName}");
        }
        return 0;
    }

    /// <summary>The command line of one benchmark worker: the same raster and tiling, its shard and threads.</summary>
    private static List<string> WorkerArguments(TilesBenchmarkSettings s, ShardSpec spec, int threads, string folder)
    {
        var args = new List<string>
        {
            "bench", "tiles", "--size", Text(s.Size), "--tile", Text(s.TileSize), "--overlap", Text(s.Overlap), "--batch", Text(s.BatchSize),
            "--cache", Path.GetFullPath(s.CacheFolder), "--output-tile", Text(s.OutputTileSize), "--threads", Text(threads),
            "--worker", spec.ToString(), "--worker-dir", folder,
        };
        if (s.Rows is { } rows) args.AddRange(["--rows", Text(rows)]);
        return args;
    }

    private static int[] ParseWorkers(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => int.Parse(k, CultureInfo.InvariantCulture)).Where(k => k > 0).ToArray();

    private static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Prints progress lines at once, with the elapsed time.</summary>
    private sealed class Progress(TextWriter output) : IProgress<string>
    {
        private readonly DateTime start = DateTime.UtcNow;

        public void Report(string value)
        {
            lock (output)
            {
                output.WriteLine($"[{(DateTime.UtcNow - start).TotalSeconds,5:F0} s] {value}");
                output.Flush();
            }
        }
    }
}
