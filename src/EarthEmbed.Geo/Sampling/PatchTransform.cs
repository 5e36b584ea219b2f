namespace EarthEmbed.Geo;

/// <summary>The eight flips and transposes of a square patch (the dihedral group of the square), the augmentation of
/// training patches on a raster: a code 0-7 where bit 2 transposes, then bit 0 flips rows and bit 1 flips columns.
/// Code 0 is the identity; every code maps the patch onto itself, so no pixel is invented or lost.</summary>
public static class PatchTransform
{
    /// <summary>Number of distinct codes.</summary>
    public const int Count = 8;

    /// <summary>The source pixel (row, column) of output pixel (<paramref name="row"/>, <paramref name="col"/>) of a
    /// <paramref name="size"/> x <paramref name="size"/> patch under <paramref name="code"/>.</summary>
    public static (int Row, int Col) Source(int row, int col, int size, int code)
    {
        if (code is < 0 or >= Count) throw new ArgumentOutOfRangeException(nameof(code), code, "a patch transform code is 0 to 7");
        if ((code & 4) != 0) (row, col) = (col, row);
        if ((code & 1) != 0) row = size - 1 - row;
        if ((code & 2) != 0) col = size - 1 - col;
        return (row, col);
    }
}
