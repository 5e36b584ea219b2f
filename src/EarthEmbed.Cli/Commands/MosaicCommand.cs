using System.CommandLine;
using EarthEmbed.Geo;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed mosaic DIR --output OUT.vrt|OUT.tif [--allow-missing]</c>: joins the COG tiles of a sharded
/// <c>earthembed predict --output-dir DIR</c> into one VRT (or one COG) over the job's grid through GDAL, after
/// checking every tile against its manifest record; writes DIR/manifest.json. Missing tiles are listed and, unless
/// allowed, stop it (exit 1); exit 0 when the mosaic is written.</summary>
internal static class MosaicCommand
{
    internal static Command Create()
    {
        var folder = new Argument<string>("dir") { Description = "The --output-dir of earthembed predict." };
        var output = new Option<string>("--output") { Description = "The mosaic: OUT.vrt (a VRT over the tiles) or OUT.tif (one COG).", Required = true };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Write the mosaic even with tiles missing (they stay no-data; still listed)." };
        var noChecksums = new Option<bool>("--no-checksums") { Description = "Check tiles' presence and size only, not their SHA-256." };
        var command = new Command("mosaic", "Join the tiles of a sharded prediction into one VRT or COG; lists missing tiles instead of leaving silent holes.")
        {
            folder, output, allowMissing, noChecksums,
        };
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(output)!,
            new MosaicOptions { AllowMissing = parse.GetValue(allowMissing), VerifyChecksums = !parse.GetValue(noChecksums) }, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string folder, string output, MosaicOptions options, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var report = TileMosaic.Build(folder, output, options);
            stdout.WriteLine($"mosaic: {report.Tiles} tile(s): {report.Done} with data, {report.Empty} empty, {report.Missing.Count} missing");
            foreach (var m in report.Missing) stderr.WriteLine($"mosaic: missing {m.Tile} (tile {m.Index}), left no-data: {m.Reason}");
            stdout.WriteLine($"wrote {report.Output} ({(output.EndsWith(".vrt", StringComparison.OrdinalIgnoreCase) ? "VRT" : "COG")}) and {report.Manifest}");
            return 0;
        }
        catch (Exception e) when (e is MosaicIncompleteException or FileNotFoundException or InvalidDataException or ArgumentException or GdalException or InvalidOperationException)
        {
            stderr.WriteLine($"mosaic: {e.Message}");
            return 1;
        }
    }
}
