using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Geo;

/// <summary>What a sharded prediction computes, as written to <c>DIR/job.json</c>: the output grid and its tiles, the
/// model (an identity the caller gives, e.g. the checkpoint's SHA-256), the tiled-prediction settings that decide
/// the pixels, and the inputs. <see cref="Id"/> is the SHA-256 of all of it; every tile record carries it, so tiles
/// of another job (another model, other settings) are never taken as done. Every shard writes the file if absent or
/// checks that the one there describes the same job, so shards started with different settings fail at once
/// instead of mixing outputs.</summary>
public sealed class TileJob
{
    /// <summary>The format marker of job.json.</summary>
    public const string Format = "earthembed.tile-job/1";

    /// <summary>The job file's name in the output folder.</summary>
    public const string FileName = "job.json";

    private readonly JsonObject body;

    private TileJob(JsonObject body, OutputTiling tiling, string id)
    {
        this.body = body;
        Tiling = tiling;
        Id = id;
    }

    /// <summary>The output tiles.</summary>
    public OutputTiling Tiling { get; }

    /// <summary>SHA-256 (hex) of the job's description.</summary>
    public string Id { get; }

    /// <summary>Output bands.</summary>
    public int Bands => (int)body["bands"]!;

    /// <summary>Output no-data value (NaN for float outputs by default).</summary>
    public double NoData => ParseDouble((string)body["no_data"]!);

    /// <summary>Output band descriptions (may be empty).</summary>
    public IReadOnlyList<string> BandDescriptions => body["band_descriptions"]!.AsArray().Select(n => (string)n!).ToArray();

    /// <summary>The job of a sharded prediction with these settings.</summary>
    public static TileJob Create(Grid grid, int outputTileSize, int bands, TiledPredictionOptions tiling, string modelId, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(tiling);
        ArgumentNullException.ThrowIfNull(modelId);
        ArgumentNullException.ThrowIfNull(inputs);
        var ci = CultureInfo.InvariantCulture;
        var output = new OutputTiling(grid, outputTileSize);
        var noData = tiling.Output.NoData ?? (tiling.Output.DataType is RasterDataType.Float32 or RasterDataType.Float64 ? double.NaN : 0);
        var body = new JsonObject
        {
            ["format"] = Format,
            ["grid"] = new JsonObject
            {
                ["width"] = grid.Width,
                ["height"] = grid.Height,
                ["geotransform"] = new JsonArray(grid.Transform.ToArray().Select(v => (JsonNode)v.ToString("R", ci)).ToArray()),
                ["crs_wkt"] = grid.Crs?.Wkt ?? "",
            },
            ["output_tile_size"] = outputTileSize,
            ["rows"] = output.Rows,
            ["columns"] = output.Columns,
            ["tiles"] = output.Tiles.Count,
            ["bands"] = bands,
            ["data_type"] = tiling.Output.DataType.ToString(),
            ["no_data"] = noData.ToString("R", ci),
            ["band_descriptions"] = new JsonArray((tiling.Output.BandDescriptions ?? []).Select(d => (JsonNode)d).ToArray()),
            ["model"] = modelId,
            ["tiling"] = new JsonObject
            {
                ["tile"] = tiling.TileSize,
                ["overlap"] = tiling.Overlap,
                ["batch"] = tiling.BatchSize,
                ["blend"] = tiling.Blend.ToString(),
                ["padding"] = tiling.Padding.ToString(),
                ["input_fill"] = tiling.InputFill.ToString("R", ci),
                ["skip_empty_tiles"] = tiling.SkipEmptyTiles,
            },
            ["inputs"] = new JsonArray(inputs.Select(i => (JsonNode)i).ToArray()),
        };
        return new TileJob(body, output, Hash(body));
    }

    /// <summary>Reads <c>DIR/job.json</c>.</summary>
    /// <exception cref="FileNotFoundException">No job file: the folder is not a sharded prediction's output.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or of another format.</exception>
    public static TileJob Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' holds no {FileName}: it is not the --output-dir of 'earthembed predict'", path);
        JsonObject body;
        try
        {
            body = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException("empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' is not a readable job file: {e.Message}", e);
        }
        if ((string?)body["format"] != Format)
            throw new InvalidDataException($"'{path}' has format '{(string?)body["format"]}', expected '{Format}'");
        var id = (string?)body["job_id"];
        body.Remove("job_id");
        var grid = ReadGrid(body, path);
        var tiling = new OutputTiling(grid, (int)body["output_tile_size"]!);
        if (Hash(body) != id) throw new InvalidDataException($"'{path}' was edited or damaged: its job_id does not match its content");
        return new TileJob(body, tiling, id);
    }

    /// <summary>Writes job.json into <paramref name="folder"/> if there is none, atomically; if there is one (another
    /// shard wrote it, or an earlier run), checks it describes this job.</summary>
    /// <exception cref="InvalidOperationException">The folder holds another job; the message names the first
    /// setting that differs.</exception>
    public void WriteOrVerify(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) _ = AtomicFile.WriteAllTextIfAbsent(path, ToJson());
        var existing = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if ((string?)existing["job_id"] == Id) return;
        var difference = body.Select(kv => kv.Key)
            .FirstOrDefault(k => !JsonNode.DeepEquals(body[k], existing[k])) ?? "job_id";
        throw new InvalidOperationException(
            $"'{folder}' holds the tiles of another job: its {FileName} has {difference} = {Shorten(existing[difference])}, this run has " +
            $"{Shorten(body[difference])}; use a new --output-dir (or delete that one) to predict with other settings");
    }

    /// <summary>The job file's text (with its <c>job_id</c>).</summary>
    public string ToJson()
    {
        var copy = body.DeepClone().AsObject();
        copy["job_id"] = Id;
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static Grid ReadGrid(JsonObject body, string path)
    {
        try
        {
            var g = body["grid"]!.AsObject();
            var gt = g["geotransform"]!.AsArray().Select(n => ParseDouble((string)n!)).ToArray();
            return new Grid((int)g["width"]!, (int)g["height"]!, GeoTransform.FromArray(gt), Crs.FromWktOrNull((string?)g["crs_wkt"]));
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' has no readable grid: {e.Message}", e);
        }
    }

    private static string Hash(JsonObject body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())));

    private static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Shorten(JsonNode? node)
    {
        var s = node?.ToJsonString() ?? "(nothing)";
        return s.Length <= 120 ? s : s[..117] + "...";
    }
}
