using System.CommandLine;
using System.Globalization;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Geo;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed predict</c>: a height raster from a trained model file (best.safetensors of a network, or
/// ridge.safetensors, written by <c>replicate height</c>) over rasters with the model's bands, by streaming tiled
/// prediction. <c>--output TIF</c> writes one GeoTIFF; <c>--output-dir DIR</c> writes this process's shard of the
/// job's output tiles as COGs with a manifest (shard from <c>--shard I/N</c> or the scheduler's variables; K local
/// worker processes with <c>--workers K</c>), resumable, joined by <c>earthembed mosaic</c>. Exit 0 on success, 1
/// when the inputs are wrong or a worker failed (message on stderr).</summary>
internal static class PredictCommand
{
    internal static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Trained model file (checkpoints/<model>/best.safetensors or checkpoints/ridge.safetensors).", Required = true };
        var input = new Option<string[]>("--input")
        {
            Description = "Input raster(s): AlphaEarth int8 or float GeoTIFF/COG/VRT with the model's band count, local or /vsis3/, /vsicurl/ ...; several are read as one over their union.",
            AllowMultipleArgumentsPerToken = true,
        };
        var inputList = new Option<string?>("--input-list") { Description = "A file with one input raster per line (# comments)." };
        var output = new Option<string?>("--output") { Description = "Output GeoTIFF (float32 height in metres, NaN no-data): the whole area in this process." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Output folder of a sharded job: COG tiles, manifest, job.json (then: earthembed mosaic DIR)." };
        var shard = new Option<string?>("--shard") { Description = "I/N: this process's share of the tiles (default: SLURM_ARRAY_TASK_ID/COUNT, JOB_COMPLETION_INDEX with EARTHEMBED_SHARD_COUNT, else 1/1)." };
        var workers = new Option<int>("--workers") { Description = "Worker processes on this machine sharing this shard (libtorch threads split between them).", DefaultValueFactory = _ => 1 };
        var tile = new Option<int>("--tile") { Description = "Model tile size in pixels (a multiple of the model's stride).", DefaultValueFactory = _ => 256 };
        var overlap = new Option<int>("--overlap") { Description = "Overlap of neighbouring model tiles in pixels (blended).", DefaultValueFactory = _ => 32 };
        var batch = new Option<int>("--batch") { Description = "Model tiles per forward pass (1 keeps results independent of batching).", DefaultValueFactory = _ => 1 };
        var outputTile = new Option<int>("--output-tile") { Description = "Output tile (COG) size in pixels, with --output-dir.", DefaultValueFactory = _ => 2048 };
        var command = new Command("predict", "Predict a height raster from a trained checkpoint by streaming tiled prediction, in one process or as shards.")
        {
            checkpoint, input, inputList, output, outputDir, shard, workers, tile, overlap, batch, outputTile,
        };
        command.SetAction(parse => Run(new PredictArguments(parse.GetValue(checkpoint)!, parse.GetValue(input) ?? [], parse.GetValue(inputList),
            parse.GetValue(output), parse.GetValue(outputDir), parse.GetValue(shard), parse.GetValue(workers), parse.GetValue(tile),
            parse.GetValue(overlap), parse.GetValue(batch), parse.GetValue(outputTile)), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(PredictArguments a, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if ((a.Output is null) == (a.OutputDir is null)) throw new ArgumentException("give either --output FILE.tif (one raster) or --output-dir DIR (tiles, shardable)");
            if (a.OutputDir is null && (a.Shard is not null || a.Workers != 1)) throw new ArgumentException("--shard and --workers need --output-dir");
            if (a.Workers < 1) throw new ArgumentException($"--workers {a.Workers}: give at least 1");
            var inputs = InputList.Resolve(a.Inputs, a.InputList).Select(e => e.Path).ToArray();
            var settings = new HeightPredictionSettings { TileSize = a.Tile, Overlap = a.Overlap, BatchSize = a.Batch, OutputTileSize = a.OutputTile };
            var spec = HeightModelFile.ReadSpec(a.Checkpoint);
            if (a.OutputDir is null)
            {
                stdout.WriteLine(Describe(spec));
                var report = HeightPrediction.Run(a.Checkpoint, inputs, a.Output!, settings, new Lines(stdout));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {a.Output}: {report.RasterPixels} pixels, {report.ValidPixelsWritten} with a height, {report.TilesPredicted} tiles predicted ({report.TilesSkipped} empty skipped)"));
                return 0;
            }
            var shard = ShardSpec.Resolve(a.Shard, Environment.GetEnvironmentVariable);
            if (a.Workers > 1) return RunWorkers(a, inputs, shard, stdout, stderr);
            stdout.WriteLine($"{Describe(spec)}; shard {shard}");
            var shardReport = HeightPrediction.RunShard(a.Checkpoint, inputs, a.OutputDir, settings with { Shard = shard }, new TileLines(stdout, shard));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"predict: shard {shard} done: {shardReport.TilesOwned} of {shardReport.TilesInJob} tile(s): {shardReport.TilesWritten} written, " +
                $"{shardReport.TilesEmpty} empty, {shardReport.TilesAlreadyDone} already done; {shardReport.PixelsWritten} pixels in " +
                $"{shardReport.Elapsed.TotalSeconds:F1} s; peak RSS {PeakMemory.Megabytes():F0} MiB"));
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or RasterInputException or ArgumentException or InvalidDataException or GdalException or InvalidOperationException)
        {
            stderr.WriteLine($"predict: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs this shard as K worker processes (sub-shards of N x K, see <see cref="ShardSpec.Split"/>), each
    /// with an equal share of the cores as libtorch threads.</summary>
    private static int RunWorkers(PredictArguments a, string[] inputs, ShardSpec shard, TextWriter stdout, TextWriter stderr)
    {
        var threads = LocalWorkers.ThreadsPerWorker(a.Workers, Environment.ProcessorCount);
        stdout.WriteLine($"predict: shard {shard} as {a.Workers} worker processes with {threads} libtorch thread(s) each");
        var env = new Dictionary<string, string> { ["EARTHEMBED_THREADS"] = threads.ToString(CultureInfo.InvariantCulture) };
        var starts = Enumerable.Range(1, a.Workers).Select(j => LocalWorkers.Self(
        [
            "predict", "--checkpoint", a.Checkpoint, "--input", .. inputs, "--output-dir", a.OutputDir!, "--shard", shard.Split(j, a.Workers).ToString(),
            "--tile", Text(a.Tile), "--overlap", Text(a.Overlap), "--batch", Text(a.Batch), "--output-tile", Text(a.OutputTile),
        ], env)).ToArray();
        var results = LocalWorkers.Run(starts, stdout, stderr);
        var failed = results.Where(r => r.ExitCode != 0).ToArray();
        foreach (var f in failed) stderr.WriteLine($"predict: worker {f.Worker}/{a.Workers} exited {f.ExitCode}; run the same command again to finish its tiles");
        return failed.Length == 0 ? 0 : 1;
    }

    private static string Describe(HeightModelSpec spec) =>
        $"model: {spec.Architecture}{(spec.Architecture == "ridge" ? "" : $" ({spec.Encoder}, depth {spec.EncoderDepth})")}, {spec.Bands} bands, trained on {spec.TrainedOn}";

    private static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A progress line at every tenth of the tiles.</summary>
    private sealed class Lines(TextWriter output) : IProgress<TilingProgress>
    {
        private int last = -1;

        public void Report(TilingProgress value)
        {
            var tenth = (int)Math.Floor(value.Fraction * 10);
            if (tenth <= last) return;
            last = tenth;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"predict: {value.Fraction * 100,3:F0}%  tiles {value.TilesDone}/{value.TilesTotal}  rows written {value.RowsWritten}/{value.RowsTotal}"));
            output.Flush();
        }
    }

    /// <summary>A line per output tile event.</summary>
    private sealed class TileLines(TextWriter output, ShardSpec shard) : IProgress<ShardProgress>
    {
        public void Report(ShardProgress p)
        {
            var what = p.Event switch
            {
                ShardTileEvent.Started => "started" + (p.Note is { } why ? $" (again: {why})" : ""),
                ShardTileEvent.Finished => string.Create(CultureInfo.InvariantCulture, $"written in {p.Seconds:F1} s"),
                ShardTileEvent.Empty => "empty (no valid input pixel), recorded",
                _ => "already done, skipped",
            };
            output.WriteLine($"predict: shard {shard}: tile {p.Tile.Name} ({p.Position}/{p.Owned}) {what}");
            output.Flush();
        }
    }
}

/// <summary>The options of <c>earthembed predict</c>.</summary>
internal sealed record PredictArguments(string Checkpoint, string[] Inputs, string? InputList, string? Output, string? OutputDir, string? Shard,
    int Workers = 1, int Tile = 256, int Overlap = 32, int Batch = 1, int OutputTile = 2048);
