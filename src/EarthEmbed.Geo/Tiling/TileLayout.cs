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

    /// <summary>The tiles that touch <paramref name="region"/> (raster pixels): a block of tile rows and columns of
    /// this lattice, which stays anchored to the whole raster whatever the region.</summary>
    internal TileRange Covering(PixelWindow region)
    {
        int r0 = Rows, r1 = 0, c0 = Columns, c1 = 0;
        for (var r = 0; r < Rows; r++)
        {
            var y = Origin(r, 0).Y;
            if (y >= region.Bottom || y + TileHeight <= region.Y) continue;
            r0 = Math.Min(r0, r);
            r1 = r + 1;
        }
        for (var c = 0; c < Columns; c++)
        {
            var x = Origin(0, c).X;
            if (x >= region.Right || x + TileWidth <= region.X) continue;
            c0 = Math.Min(c0, c);
            c1 = c + 1;
        }
        return r1 > r0 && c1 > c0 ? new TileRange(r0, r1, c0, c1) : new TileRange(0, 0, 0, 0);
    }

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

/// <summary>A block of tiles of a <see cref="TileLayout"/>: rows Row0..Row1-1 and columns Col0..Col1-1.</summary>
internal readonly record struct TileRange(int Row0, int Row1, int Col0, int Col1)
{
    /// <summary>Tiles in the block.</summary>
    internal int Count => (Row1 - Row0) * (Col1 - Col0);

    /// <summary>Position of tile (row, col) in the block's row-major order, from 0.</summary>
    internal int Ordinal(int row, int col) => (row - Row0) * (Col1 - Col0) + (col - Col0);
}
