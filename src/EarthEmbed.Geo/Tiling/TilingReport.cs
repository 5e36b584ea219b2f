namespace EarthEmbed.Geo;

/// <summary>What a tiled prediction did and what it cost.</summary>
public sealed record TilingReport
{
    /// <summary>The output file.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Tile height and width used (the tile size, or smaller for small rasters).</summary>
    public required (int Height, int Width) TileShape { get; init; }

    /// <summary>Tiles in the layout (rows x columns of tiles) that touch the predicted region (the whole raster by default).</summary>
    public required int Tiles { get; init; }

    /// <summary>Tiles the model predicted.</summary>
    public required int TilesPredicted { get; init; }

    /// <summary>Tiles skipped because every pixel in them is no-data.</summary>
    public required int TilesSkipped { get; init; }

    /// <summary>Predictor calls.</summary>
    public required int Batches { get; init; }

    /// <summary>Pixels the model computed, overlap and padding included (tiles predicted x tile area).</summary>
    public required long PixelsComputed { get; init; }

    /// <summary>Pixels of the raster (width x height), or of the region when only a region was predicted.</summary>
    public required long RasterPixels { get; init; }

    /// <summary>Output pixels written with a value (the rest are no-data).</summary>
    public required long ValidPixelsWritten { get; init; }

    /// <summary>Wall time of the whole run, commit included.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Time spent inside the predictor.</summary>
    public required TimeSpan PredictTime { get; init; }

    /// <summary>Time the reading stage was busy (reading, padding, masking).</summary>
    public required TimeSpan ReadTime { get; init; }

    /// <summary>Time the writing stage was busy (blending, writing rows).</summary>
    public required TimeSpan WriteTime { get; init; }

    /// <summary>Rows of the output held in memory at once: the blending strip (tile height + one storage block).
    /// Independent of the raster's height.</summary>
    public required int BufferedRows { get; init; }

    /// <summary>Bytes of every working buffer (batches in flight, blending strip, staging): fixed at the start from
    /// the tile size, batch size, bands and raster width, whatever the raster's height.</summary>
    public required long BufferBytes { get; init; }
}
