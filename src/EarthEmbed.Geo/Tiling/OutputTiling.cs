using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>One output tile of a sharded prediction: its place in the job's row-major list, its row and column of
/// tiles, and its pixels in the job's grid.</summary>
/// <param name="Index">Position in the job's list, from 0 (what <see cref="ShardSpec.Owns"/> looks at).</param>
/// <param name="Row">Row of tiles, from 0 (north).</param>
/// <param name="Column">Column of tiles, from 0 (west).</param>
/// <param name="Window">The tile's pixels in the job's grid (edge tiles are cut to the grid).</param>
public sealed record OutputTile(int Index, int Row, int Column, PixelWindow Window)
{
    /// <summary>The tile's name: "r{row}_c{column}" with four digits or more (file "tiles/NAME.tif", record
    /// "manifest/NAME.json").</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"r{Row:D4}_c{Column:D4}");
}

/// <summary>The deterministic list of output tiles of a job: squares of <see cref="TileSize"/> pixels over
/// <see cref="Grid"/> from its north-west corner, row by row, the last row and column cut to the grid. The list
/// depends only on the grid and the tile size, so every shard of a job computes the same one.</summary>
public sealed class OutputTiling
{
    /// <summary>Tiles of <paramref name="tileSize"/> pixels over <paramref name="grid"/>.</summary>
    /// <exception cref="ArgumentException">A tile size below 16.</exception>
    public OutputTiling(Grid grid, int tileSize)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (tileSize < 16)
            throw new ArgumentException($"output tile size {tileSize} is too small: use at least 16 pixels (thousands for real jobs)", nameof(tileSize));
        Grid = grid;
        TileSize = tileSize;
        Rows = (grid.Height + tileSize - 1) / tileSize;
        Columns = (grid.Width + tileSize - 1) / tileSize;
        var tiles = new OutputTile[checked(Rows * Columns)];
        for (var r = 0; r < Rows; r++)
            for (var c = 0; c < Columns; c++)
            {
                int x = c * tileSize, y = r * tileSize;
                tiles[r * Columns + c] = new OutputTile(r * Columns + c, r, c,
                    new PixelWindow(x, y, Math.Min(tileSize, grid.Width - x), Math.Min(tileSize, grid.Height - y)));
            }
        Tiles = tiles;
    }

    /// <summary>The grid the tiles cut up.</summary>
    public Grid Grid { get; }

    /// <summary>Side of a full tile in pixels.</summary>
    public int TileSize { get; }

    /// <summary>Rows of tiles.</summary>
    public int Rows { get; }

    /// <summary>Columns of tiles.</summary>
    public int Columns { get; }

    /// <summary>Every tile, in row-major order (index = position).</summary>
    public IReadOnlyList<OutputTile> Tiles { get; }

    /// <summary>The tiles of one shard, in order.</summary>
    public IEnumerable<OutputTile> Owned(ShardSpec shard) => Tiles.Where(t => shard.Owns(t.Index));
}
