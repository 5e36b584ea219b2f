using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EarthEmbed.Geo;

/// <summary>The manifest entry of one finished output tile, written as <c>DIR/manifest/NAME.json</c> (one file per
/// tile, atomically) after the tile's COG has been renamed into place. One file per tile rather than a shared
/// manifest: shards never write the same file, so they need no lock (file locks are unreliable on the network file
/// systems clusters use), a killed worker can damage nothing but its own temporary files, a restart with another
/// shard count still finds every finished tile, and writing one record costs the same whatever the job's size.
/// <c>earthembed mosaic</c> merges them into <c>DIR/manifest.json</c>.</summary>
public sealed record TileRecord
{
    /// <summary>The format marker.</summary>
    public const string Format = "earthembed.tile/1";

    /// <summary>Status of a tile with a COG.</summary>
    public const string Done = "done";

    /// <summary>Status of a tile without a valid input pixel: no COG is kept, the mosaic leaves it no-data.</summary>
    public const string Empty = "empty";

    /// <summary>Always <see cref="Format"/>.</summary>
    [JsonPropertyName("format")] public string FormatName { get; init; } = Format;

    /// <summary>The job (<see cref="TileJob.Id"/>) the tile belongs to.</summary>
    [JsonPropertyName("job_id")] public required string JobId { get; init; }

    /// <summary>The tile's name.</summary>
    [JsonPropertyName("tile")] public required string Tile { get; init; }

    /// <summary>The tile's index in the job.</summary>
    [JsonPropertyName("index")] public required int Index { get; init; }

    /// <summary>The tile's pixels in the job's grid: x, y, width, height.</summary>
    [JsonPropertyName("window")] public required int[] Window { get; init; }

    /// <summary><see cref="Done"/> or <see cref="Empty"/>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    /// <summary>The COG, relative to the output folder ("tiles/NAME.tif"); null for empty tiles.</summary>
    [JsonPropertyName("file")] public string? File { get; init; }

    /// <summary>The COG's size in bytes.</summary>
    [JsonPropertyName("bytes")] public long Bytes { get; init; }

    /// <summary>SHA-256 (hex) of the COG.</summary>
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }

    /// <summary>Output pixels with a value.</summary>
    [JsonPropertyName("valid_pixels")] public long ValidPixels { get; init; }

    /// <summary>Model tiles predicted for it (halo tiles included).</summary>
    [JsonPropertyName("model_tiles")] public int ModelTiles { get; init; }

    /// <summary>The shard ("I/N") that made it.</summary>
    [JsonPropertyName("shard")] public required string Shard { get; init; }

    /// <summary>Seconds it took.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }

    /// <summary>When it was finished (UTC, ISO 8601).</summary>
    [JsonPropertyName("finished_utc")] public required string FinishedUtc { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Where the record of <paramref name="tile"/> lives under <paramref name="folder"/>.</summary>
    public static string PathOf(string folder, string tile) => System.IO.Path.Combine(folder, "manifest", tile + ".json");

    /// <summary>Where the COG of <paramref name="tile"/> lives under <paramref name="folder"/>.</summary>
    public static string TilePath(string folder, string tile) => System.IO.Path.Combine(folder, "tiles", tile + ".tif");

    /// <summary>Reads the record of <paramref name="tile"/>, or null when there is none or it cannot be read (a
    /// record that does not parse counts as absent: the tile is predicted again).</summary>
    public static TileRecord? TryRead(string folder, string tile)
    {
        var path = PathOf(folder, tile);
        if (!System.IO.File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize<TileRecord>(System.IO.File.ReadAllText(path), Json);
            return record is { FormatName: Format } ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the record atomically.</summary>
    public void Write(string folder) => AtomicFile.WriteAllText(PathOf(folder, Tile), ToJson());

    /// <summary>The record as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>Why the tile is not complete for <paramref name="jobId"/>, or null when it is: the record belongs to
    /// the job and, for a tile with a COG, the file is there with the recorded size and checksum.</summary>
    public string? Incomplete(string folder, string jobId, bool verifyChecksum = true)
    {
        if (JobId != jobId) return "its record belongs to another job";
        if (Status == Empty) return null;
        if (Status != Done || File is null || Sha256 is null) return $"its record has status '{Status}'";
        var path = System.IO.Path.Combine(folder, File);
        var info = new FileInfo(path);
        if (!info.Exists) return $"{File} is missing";
        if (info.Length != Bytes) return $"{File} has {info.Length} bytes, the record says {Bytes}";
        if (verifyChecksum && HashFile(path) != Sha256) return $"{File} does not match its recorded SHA-256";
        return null;
    }

    /// <summary>SHA-256 (hex) of a file.</summary>
    public static string HashFile(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
