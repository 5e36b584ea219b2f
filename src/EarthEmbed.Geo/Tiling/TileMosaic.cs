using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Geo;

/// <summary>Settings of <see cref="TileMosaic.Build"/>.</summary>
public sealed record MosaicOptions
{
    /// <summary>Write the mosaic even when tiles are missing (they stay no-data; the report still lists them).
    /// Default false: missing tiles are an error that lists them, never a silent hole.</summary>
    public bool AllowMissing { get; init; }

    /// <summary>Check each tile's SHA-256 against its record (default true); false checks presence and size only.</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>GDAL's COMPRESS for a .tif (COG) mosaic. Default DEFLATE (lossless).</summary>
    public string Compression { get; init; } = "DEFLATE";
}

/// <summary>A tile of the job that is not complete, and why.</summary>
/// <param name="Tile">The tile's name.</param>
/// <param name="Index">Its index in the job.</param>
/// <param name="Reason">Why it does not count: no record, or what is wrong with its record or file.</param>
public sealed record MissingTile(string Tile, int Index, string Reason);

/// <summary>What <see cref="TileMosaic.Build"/> found and wrote.</summary>
public sealed record MosaicReport
{
    /// <summary>The mosaic written (VRT or COG), or null when nothing was written (tiles missing).</summary>
    public string? Output { get; init; }

    /// <summary>The merged manifest (<c>DIR/manifest.json</c>).</summary>
    public required string Manifest { get; init; }

    /// <summary>Tiles in the job.</summary>
    public required int Tiles { get; init; }

    /// <summary>Tiles with a COG.</summary>
    public required int Done { get; init; }

    /// <summary>Tiles without a valid pixel (no COG; no-data in the mosaic).</summary>
    public required int Empty { get; init; }

    /// <summary>Tiles not complete, in job order.</summary>
    public required IReadOnlyList<MissingTile> Missing { get; init; }
}

/// <summary>Raised when tiles are missing and <see cref="MosaicOptions.AllowMissing"/> is off; lists them.</summary>
public sealed class MosaicIncompleteException : Exception
{
    /// <summary>An error naming the missing tiles.</summary>
    public MosaicIncompleteException(string folder, IReadOnlyList<MissingTile> missing, int tiles)
        : base(Describe(folder, missing, tiles)) => Missing = missing;

    /// <summary>The missing tiles.</summary>
    public IReadOnlyList<MissingTile> Missing { get; }

    private static string Describe(string folder, IReadOnlyList<MissingTile> missing, int tiles)
    {
        var shown = missing.Take(20).Select(m => $"  {m.Tile} (tile {m.Index}): {m.Reason}");
        var more = missing.Count > 20 ? $"\n  ... and {missing.Count - 20} more (all in manifest.json)" : "";
        return $"{missing.Count} of {tiles} tile(s) of '{folder}' are missing; run the shards that own them again " +
               $"(finished tiles are skipped), or pass --allow-missing to leave them no-data:\n{string.Join("\n", shown)}{more}";
    }
}

/// <summary>The last step of a sharded prediction: checks every tile of the job against its record, merges the
/// per-tile records into <c>DIR/manifest.json</c>, and stitches the finished tiles with GDAL into one VRT
/// (gdalbuildvrt over the job's whole grid, so the VRT's grid is the job's even where tiles are empty) or one COG
/// (that VRT through gdal_translate -of COG). Missing tiles are listed, never silently left as holes.</summary>
public static class TileMosaic
{
    /// <summary>Builds the mosaic of the job in <paramref name="folder"/> at <paramref name="output"/> (.vrt or
    /// .tif), written under a temporary name and renamed.</summary>
    /// <exception cref="MosaicIncompleteException">Tiles are missing (and not allowed to be).</exception>
    /// <exception cref="FileNotFoundException">The folder holds no job.</exception>
    /// <exception cref="ArgumentException">The output is neither .vrt nor .tif.</exception>
    public static MosaicReport Build(string folder, string output, MosaicOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        options ??= new MosaicOptions();
        var extension = Path.GetExtension(output).ToLowerInvariant();
        if (extension is not (".vrt" or ".tif" or ".tiff"))
            throw new ArgumentException($"mosaic output '{output}' must end in .vrt (a VRT over the tiles) or .tif (one COG)", nameof(output));
        var report = Check(folder, options.VerifyChecksums);
        if (report.Missing.Count > 0 && !options.AllowMissing) throw new MosaicIncompleteException(folder, report.Missing, report.Tiles);

        var job = TileJob.Load(folder);
        var sources = job.Tiling.Tiles
            .Select(t => TileRecord.TryRead(folder, t.Name))
            .Where(r => r is { Status: TileRecord.Done } && report.Missing.All(m => m.Tile != r.Tile))
            .Select(r => Path.GetFullPath(Path.Combine(folder, r!.File!)))
            .ToList();
        if (sources.Count == 0) throw new InvalidOperationException($"no tile of '{folder}' has a valid pixel: there is nothing to mosaic");
        var full = Path.GetFullPath(output);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tempVrt = AtomicFile.TemporaryPath(full, ".vrt");
        var tempTif = AtomicFile.TemporaryPath(full, ".tif");
        try
        {
            GdalPrograms.BuildVrt(tempVrt, sources, VrtArguments(job));
            CheckGrid(tempVrt, job.Tiling.Grid, full);
            if (extension == ".vrt")
            {
                File.Move(tempVrt, full, overwrite: true);
            }
            else
            {
                GdalPrograms.Translate(tempVrt, tempTif, ["-of", "COG", "-co", "COMPRESS=" + options.Compression, "-co", "BIGTIFF=IF_SAFER"]);
                File.Move(tempTif, full, overwrite: true);
            }
        }
        finally
        {
            File.Delete(tempVrt);
            File.Delete(tempTif);
        }
        return report with { Output = full };
    }

    /// <summary>Checks every tile of the job in <paramref name="folder"/> and writes the merged manifest
    /// (<c>DIR/manifest.json</c>, atomically) without building a mosaic.</summary>
    public static MosaicReport Check(string folder, bool verifyChecksums = true)
    {
        var job = TileJob.Load(folder);
        var missing = new List<MissingTile>();
        var records = new JsonArray();
        int done = 0, empty = 0;
        foreach (var tile in job.Tiling.Tiles)
        {
            var record = TileRecord.TryRead(folder, tile.Name);
            var why = record is null ? "not predicted yet (no record in manifest/)" : record.Incomplete(folder, job.Id, verifyChecksums);
            if (why is not null)
            {
                missing.Add(new MissingTile(tile.Name, tile.Index, why));
                continue;
            }
            if (record!.Status == TileRecord.Empty) empty++;
            else done++;
            records.Add(JsonNode.Parse(record.ToJson()));
        }
        var manifest = Path.Combine(folder, "manifest.json");
        var merged = new JsonObject
        {
            ["format"] = "earthembed.tile-manifest/1",
            ["job_id"] = job.Id,
            ["tiles"] = job.Tiling.Tiles.Count,
            ["done"] = done,
            ["empty"] = empty,
            ["missing"] = new JsonArray(missing.Select(m => (JsonNode)new JsonObject { ["tile"] = m.Tile, ["index"] = m.Index, ["reason"] = m.Reason }).ToArray()),
            ["records"] = records,
        };
        AtomicFile.WriteAllText(manifest, merged.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return new MosaicReport { Manifest = manifest, Tiles = job.Tiling.Tiles.Count, Done = done, Empty = empty, Missing = missing };
    }

    private static List<string> VrtArguments(TileJob job)
    {
        var ci = CultureInfo.InvariantCulture;
        var grid = job.Tiling.Grid;
        var e = grid.Extent;
        return
        [
            "-te", e.MinX.ToString("R", ci), e.MinY.ToString("R", ci), e.MaxX.ToString("R", ci), e.MaxY.ToString("R", ci),
            "-tr", grid.ResolutionX.ToString("R", ci), grid.ResolutionY.ToString("R", ci),
            "-vrtnodata", job.NoData.ToString("R", ci),
        ];
    }

    private static void CheckGrid(string vrt, Grid expected, string output)
    {
        using var ds = RasterDataset.Open(vrt);
        if (!ds.Grid.Equals(expected))
            throw new InvalidOperationException($"GDAL built the mosaic '{output}' on {ds.Grid}, not on the job's grid {expected}");
    }
}
