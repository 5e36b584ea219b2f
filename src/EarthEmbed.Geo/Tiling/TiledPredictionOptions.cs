namespace EarthEmbed.Geo;

/// <summary>How overlapping tile predictions are weighted where they meet: each tile's output is multiplied by a
/// separable window that falls towards the tile edges inside the overlap, and every pixel is the weighted mean of
/// the tiles covering it, so there are no seams. The weights never reach zero, so every pixel is well defined.</summary>
public enum BlendWindow
{
    /// <summary>Raised cosine (Hann) ramp over the overlap: smooth, the default.</summary>
    Cosine,
    /// <summary>Linear ramp over the overlap.</summary>
    Linear,
    /// <summary>Equal weights: a plain mean of the overlapping predictions.</summary>
    Uniform,
}

/// <summary>What the model sees beyond the raster's edges (tiles there are padded to full size).</summary>
public enum EdgePadding
{
    /// <summary>Mirror the raster at its edge without repeating the edge pixel (numpy's "reflect").</summary>
    Reflect,
    /// <summary>Repeat the edge pixel.</summary>
    Edge,
    /// <summary>The input fill value (<see cref="TiledPredictionOptions.InputFill"/>).</summary>
    Constant,
}

/// <summary>Settings of <see cref="TiledPrediction.Run"/>.</summary>
public sealed record TiledPredictionOptions
{
    /// <summary>Tile size in pixels (a multiple of the predictor's <see cref="ITilePredictor.SizeMultiple"/>). Rasters
    /// smaller than a tile get one smaller tile, rounded up to the multiple. Default 256.</summary>
    public int TileSize { get; init; } = 256;

    /// <summary>Pixels shared by neighbouring tiles, blended with <see cref="Blend"/>; half of it is also added as
    /// padding around the raster so edge pixels get context. Must be less than the tile size. Default 32.</summary>
    public int Overlap { get; init; } = 32;

    /// <summary>Tiles per predictor call. Default 4.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Blending window. Default <see cref="BlendWindow.Cosine"/>.</summary>
    public BlendWindow Blend { get; init; } = BlendWindow.Cosine;

    /// <summary>Padding beyond the raster's edges. Default <see cref="EdgePadding.Reflect"/>.</summary>
    public EdgePadding Padding { get; init; } = EdgePadding.Reflect;

    /// <summary>The value the model sees where the input is no-data (and beyond the edges with
    /// <see cref="EdgePadding.Constant"/>). Default 0. The output stays no-data at those pixels whatever the model says.</summary>
    public float InputFill { get; init; }

    /// <summary>Skip tiles without a single valid pixel (counted in <see cref="TilingReport.TilesSkipped"/>). Default true.</summary>
    public bool SkipEmptyTiles { get; init; } = true;

    /// <summary>Batches in flight between reading, predicting and writing (3 lets the three overlap; 1 runs them
    /// one after the other). Each holds BatchSize x (input + output bands) x tile area floats.</summary>
    public int BuffersInFlight { get; init; } = 3;

    /// <summary>How the output GeoTIFF is written. Its no-data value defaults to NaN for float outputs.</summary>
    public GeoTiffOptions Output { get; init; } = new() { NoData = double.NaN };

    /// <summary>Predict and write only this window of the raster (null: all of it). The output GeoTIFF lies on the
    /// window's sub-grid, but the tiles stay on the lattice of the whole raster and read their context (the halo
    /// the overlap needs) from outside the window, so every pixel equals the same pixel of a whole-raster run, bit
    /// for bit, provided the predictor gives each tile's output from that tile alone (whatever else shares its
    /// batch). This is how the output tiles of a sharded prediction (<see cref="ShardedPrediction"/>) are made.</summary>
    public PixelWindow? Region { get; init; }

    /// <summary>Receives progress after each tile is blended (from a worker thread).</summary>
    public IProgress<TilingProgress>? Progress { get; init; }
}

/// <summary>Progress of a tiled prediction.</summary>
/// <param name="TilesDone">Tiles predicted or skipped so far.</param>
/// <param name="TilesTotal">Tiles in the whole raster.</param>
/// <param name="RowsWritten">Output rows written to disk so far.</param>
/// <param name="RowsTotal">Rows of the raster.</param>
public sealed record TilingProgress(int TilesDone, int TilesTotal, int RowsWritten, int RowsTotal)
{
    /// <summary>Fraction of tiles done, 0..1.</summary>
    public double Fraction => TilesTotal == 0 ? 1 : (double)TilesDone / TilesTotal;
}
