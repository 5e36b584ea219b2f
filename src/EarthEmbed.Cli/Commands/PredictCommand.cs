using System.CommandLine;
using System.Globalization;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Geo;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed predict --checkpoint FILE --input RASTER --output TIF [--tile N --overlap N]</c>: a height
/// raster from a trained model file (best.safetensors of a network, or ridge.safetensors, written by
/// <c>replicate height</c>) over any raster with the model's bands, by streaming tiled prediction, with progress
/// lines. Exit 0 on success, 1 when the inputs are wrong (message on stderr).</summary>
internal static class PredictCommand
{
    internal static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Trained model file (checkpoints/<model>/best.safetensors or checkpoints/ridge.safetensors).", Required = true };
        var input = new Option<string>("--input") { Description = "Input raster (AlphaEarth int8 or float GeoTIFF/COG/VRT with the model's band count).", Required = true };
        var output = new Option<string>("--output") { Description = "Output GeoTIFF (float32 height in metres, NaN no-data).", Required = true };
        var tile = new Option<int>("--tile") { Description = "Tile size in pixels (a multiple of the model's stride).", DefaultValueFactory = _ => 256 };
        var overlap = new Option<int>("--overlap") { Description = "Overlap of neighbouring tiles in pixels (blended).", DefaultValueFactory = _ => 32 };
        var command = new Command("predict", "Predict a height raster from a trained checkpoint by streaming tiled prediction.")
        {
            checkpoint, input, output, tile, overlap,
        };
        command.SetAction(parse => Run(parse.GetValue(checkpoint)!, parse.GetValue(input)!, parse.GetValue(output)!,
            parse.GetValue(tile), parse.GetValue(overlap), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string checkpoint, string input, string output, int tile, int overlap, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var spec = HeightModelFile.ReadSpec(checkpoint);
            stdout.WriteLine($"model: {spec.Architecture}{(spec.Architecture == "ridge" ? "" : $" ({spec.Encoder}, depth {spec.EncoderDepth})")}, " +
                             $"{spec.Bands} bands, trained on {spec.TrainedOn}");
            var report = HeightPrediction.Run(checkpoint, input, output, tile, overlap, new Lines(stdout));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {output}: {report.RasterPixels} pixels, {report.ValidPixelsWritten} with a height, {report.TilesPredicted} tiles predicted ({report.TilesSkipped} empty skipped)"));
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or RasterInputException or ArgumentException or InvalidDataException or GdalException)
        {
            stderr.WriteLine($"predict: {e.Message}");
            return 1;
        }
    }

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
}
