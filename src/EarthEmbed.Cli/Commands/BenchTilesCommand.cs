using System.CommandLine;
using EarthEmbed.Data.Benchmarks;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed bench tiles</c>: streaming tiled prediction of a small U-Net over an AlphaEarth-sized raster
/// (8192 x 8192, 64 int8 bands); pixels/s, the model's in-memory throughput, their ratio and peak RSS (see
/// docs/geo.md).</summary>
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
        var command = new Command("tiles",
            "Tiled prediction of a small U-Net over a generated 8192x8192x64 int8 raster (made once, cached); prints pixels/s, " +
            "model-only pixels/s, their ratio (efficiency) and peak RSS.")
        {
            json, size, rows, tile, overlap, batch, threads, cache, quick,
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
            };
            return Run(s, parse.GetValue(json), Console.Out);
        });
        return command;
    }

    internal static int Run(TilesBenchmarkSettings settings, FileInfo? json, TextWriter output)
    {
        var progress = new Progress(output);
        var result = TilesBenchmark.Run(settings, progress);
        output.WriteLine();
        output.WriteLine(TilesBenchmark.Table(result));
        if (json is not null)
        {
            File.WriteAllText(json.FullName, result.ToJson());
            output.WriteLine($"wrote {json.FullName}");
        }
        return 0;
    }

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
