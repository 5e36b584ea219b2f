namespace EarthEmbed.Geo;

/// <summary>Settings of <see cref="ShardedPrediction.Run"/>.</summary>
public sealed record ShardedPredictionOptions
{
    /// <summary>How each output tile is predicted: model tile size, overlap, batch, blending, padding, output type
    /// (written as a COG whatever <see cref="GeoTiffOptions.Cog"/> says). <see cref="TiledPredictionOptions.Region"/>
    /// must be unset (each output tile sets it) and <see cref="TiledPredictionOptions.Progress"/> is not used.
    /// For bit-for-bit equal results whatever the sharding, the predictor must give each model tile's output from
    /// that tile alone: with a batch size of 1 any model does.</summary>
    public TiledPredictionOptions Tiling { get; init; } = new() { BatchSize = 1 };

    /// <summary>Side of an output tile (one COG) in pixels. Default 2048: 16 MiB of float32 per band, a few seconds
    /// to a minute of CPU per tile, so a pre-empted worker loses little.</summary>
    public int OutputTileSize { get; init; } = 2048;

    /// <summary>This process's share of the tiles. Default: all of them.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.All;

    /// <summary>What identifies the model (e.g. the SHA-256 of its checkpoint): part of the job, so tiles made by
    /// another model are never reused. Required.</summary>
    public string ModelId { get; init; } = "";

    /// <summary>The inputs as the user named them: part of the job (and shown in job.json).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Check the SHA-256 of a tile recorded as done before skipping it (default true; false only checks that
    /// the file is there with its recorded size).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Receives an event as each owned tile starts, finishes, turns out empty or is found already done.</summary>
    public IProgress<ShardProgress>? Progress { get; init; }
}

/// <summary>What happened to a tile of a shard.</summary>
public enum ShardTileEvent
{
    /// <summary>The tile is being predicted.</summary>
    Started,
    /// <summary>The tile's COG and record are written.</summary>
    Finished,
    /// <summary>The tile has no valid input pixel: recorded, no COG.</summary>
    Empty,
    /// <summary>A complete tile of this job was already there (an earlier or pre-empted run): skipped.</summary>
    AlreadyDone,
}

/// <summary>Progress of a shard.</summary>
/// <param name="Tile">The tile.</param>
/// <param name="Event">What happened.</param>
/// <param name="Position">The tile's position among the shard's tiles, from 1.</param>
/// <param name="Owned">Tiles the shard owns.</param>
/// <param name="Seconds">Seconds the tile took (finished and empty tiles), else 0.</param>
/// <param name="Note">Why an existing record was not trusted, when a tile is predicted again.</param>
public sealed record ShardProgress(OutputTile Tile, ShardTileEvent Event, int Position, int Owned, double Seconds, string? Note = null);

/// <summary>What one shard did.</summary>
public sealed record ShardReport
{
    /// <summary>The shard.</summary>
    public required ShardSpec Shard { get; init; }

    /// <summary>The job's identity (<see cref="TileJob.Id"/>).</summary>
    public required string JobId { get; init; }

    /// <summary>Output tiles in the whole job.</summary>
    public required int TilesInJob { get; init; }

    /// <summary>Output tiles this shard owns.</summary>
    public required int TilesOwned { get; init; }

    /// <summary>Tiles predicted and written now.</summary>
    public required int TilesWritten { get; init; }

    /// <summary>Tiles without a valid pixel, recorded without a COG.</summary>
    public required int TilesEmpty { get; init; }

    /// <summary>Tiles found complete and skipped.</summary>
    public required int TilesAlreadyDone { get; init; }

    /// <summary>Output pixels of the tiles predicted now.</summary>
    public required long PixelsWritten { get; init; }

    /// <summary>Of those, pixels with a value.</summary>
    public required long ValidPixelsWritten { get; init; }

    /// <summary>Model tiles predicted (halos included).</summary>
    public required int ModelTiles { get; init; }

    /// <summary>Wall time of the shard.</summary>
    public required TimeSpan Elapsed { get; init; }
}
