namespace EarthEmbed.Geo;

/// <summary>Where the tiles go: a regular lattice of tiles of one shape stepping by (tile - overlap), starting half
/// an overlap before the raster so edge pixels are not at tile edges, with enough tiles to pass the far edge by
/// the same margin. Also the separable blending weights.</summary>
internal sealed class TileLayout
{
    internal TileLayout(int width, int height, int tileSize, int overlap, int multiple, BlendWindow blend)
    {
        if (tileSize % multiple != 0)
        {
            var down = tileSize / multiple * multiple;
            var up = down + multiple;
            throw new ArgumentException(
                $"tile size {tileSize} is not a multiple of the model's size multiple {multiple}; use {(down > 0 ? $"{down} or " : "")}{up}", nameof(tileSize));
        }
        if (overlap < 0 || overlap >= tileSize)
            throw new ArgumentException($"overlap {overlap} must be at least 0 and less than the tile size {tileSize}", nameof(overlap));
        Margin = overlap / 2;
        TileWidth = Math.Min(tileSize, RoundUp(width + 2 * Margin, multiple));
        TileHeight = Math.Min(tileSize, RoundUp(height + 2 * Margin, multiple));
        Overlap = Math.Min(overlap, Math.Min(TileWidth, TileHeight) - 1);
        Columns = Count(width, TileWidth);
        Rows = Count(height, TileHeight);
        WeightX = Weights(TileWidth, Overlap, blend);
        WeightY = Weights(TileHeight, Overlap, blend);
    }

    internal int Margin { get; }
    internal int Overlap { get; }
    internal int TileWidth { get; }
    internal int TileHeight { get; }
    internal int Columns { get; }
    internal int Rows { get; }
    internal int TileCount => Columns * Rows;
    internal float[] WeightX { get; }
    internal float[] WeightY { get; }

    /// <summary>Top-left raster coordinates of tile (row, col); negative at the north and west edges.</summary>
    internal (int X, int Y) Origin(int row, int col) =>
        (-Margin + col * (TileWidth - Overlap), -Margin + row * (TileHeight - Overlap));

    private int Count(int length, int tile)
    {
        var span = length + 2 * Margin;
        if (span <= tile) return 1;
        var step = tile - Overlap;
        return (span - tile + step - 1) / step + 1;
    }

    private static int RoundUp(int v, int m) => (v + m - 1) / m * m;

    private static float[] Weights(int size, int overlap, BlendWindow blend)
    {
        var w = new float[size];
        for (var i = 0; i < size; i++)
        {
            // Distance from the nearer edge, in units of the overlap, clamped to 1; pixel centres so never zero.
            var r = overlap == 0 || blend == BlendWindow.Uniform ? 1.0 : Math.Min(1.0, Math.Min(i + 0.5, size - i - 0.5) / overlap);
            w[i] = (float)(blend == BlendWindow.Cosine ? 0.5 - 0.5 * Math.Cos(Math.PI * r) : r);
        }
        return w;
    }
}
