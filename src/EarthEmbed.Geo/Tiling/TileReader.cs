using System.Runtime.InteropServices;

namespace EarthEmbed.Geo;

/// <summary>Fills one tile of a batch: reads the part of the raster the tile needs, pads beyond the edges, feeds
/// the fill value at no-data, and records which tile pixels are real, valid raster pixels.</summary>
internal sealed class TileReader
{
    private readonly IRasterSource source;
    private readonly TileLayout layout;
    private readonly EdgePadding padding;
    private readonly float fill;
    private readonly int bands;
    private readonly float[] scratch;
    private readonly bool[] scratchValid;
    private readonly int[] rowMap;
    private readonly int[] colMap;

    internal TileReader(IRasterSource source, TileLayout layout, EdgePadding padding, float fill)
    {
        this.source = source;
        this.layout = layout;
        this.padding = padding;
        this.fill = fill;
        bands = source.BandCount;
        var n = bands * layout.TileWidth * layout.TileHeight;
        scratch = new float[n];
        scratchValid = new bool[n];
        rowMap = new int[layout.TileHeight];
        colMap = new int[layout.TileWidth];
    }

    /// <summary>Bytes held by this reader's scratch buffers.</summary>
    internal long BufferBytes => scratch.LongLength * 5 + (rowMap.Length + colMap.Length) * 4L;

    /// <summary>Fills <paramref name="input"/> ([band][row][col] of one tile) and <paramref name="pixelValid"/>
    /// ([row][col]) for tile (row, col); returns the number of valid raster pixels in the tile.</summary>
    internal int Fill(int tileRow, int tileCol, Span<float> input, Span<bool> pixelValid)
    {
        var (x0, y0) = layout.Origin(tileRow, tileCol);
        int th = layout.TileHeight, tw = layout.TileWidth, plane = th * tw;
        var grid = source.Grid;
        if (x0 >= 0 && y0 >= 0 && x0 + tw <= grid.Width && y0 + th <= grid.Height)
        {
            // Wholly inside: read straight into the batch.
            source.ReadInto(new PixelWindow(x0, y0, tw, th), input, scratchValid);
            return Reduce(input, scratchValid, pixelValid, plane);
        }

        // At an edge: read the rows and columns the padded tile maps to, then gather.
        var (r0, r1) = Map(y0, th, grid.Height, rowMap);
        var (c0, c1) = Map(x0, tw, grid.Width, colMap);
        int rh = r1 - r0, rw = c1 - c0, rplane = rh * rw;
        source.ReadInto(new PixelWindow(c0, r0, rw, rh), scratch.AsSpan(0, bands * rplane), scratchValid.AsSpan(0, bands * rplane));
        var count = 0;
        for (var i = 0; i < th; i++)
        {
            var sr = rowMap[i];
            var rowInside = (uint)(y0 + i) < (uint)grid.Height;
            for (var j = 0; j < tw; j++)
            {
                var sc = colMap[j];
                var p = i * tw + j;
                if (sr < 0 || sc < 0)
                {
                    for (var b = 0; b < bands; b++) input[b * plane + p] = fill;
                    pixelValid[p] = false;
                    continue;
                }
                var s = (sr - r0) * rw + (sc - c0);
                var ok = true;
                for (var b = 0; b < bands; b++)
                {
                    var k = b * rplane + s;
                    if (scratchValid[k]) input[b * plane + p] = scratch[k];
                    else
                    {
                        input[b * plane + p] = fill;
                        ok = false;
                    }
                }
                var real = ok && rowInside && (uint)(x0 + j) < (uint)grid.Width;
                pixelValid[p] = real;
                if (real) count++;
            }
        }
        return count;
    }

    private int Reduce(Span<float> input, ReadOnlySpan<bool> valid, Span<bool> pixelValid, int plane)
    {
        // Bools as bytes (0/1) so the all-valid checks and the count below run vectorised: most planes of most
        // tiles have no invalid entry and cost one search.
        var pixels = MemoryMarshal.Cast<bool, byte>(pixelValid[..plane]);
        pixels.Fill(1);
        for (var b = 0; b < bands; b++)
        {
            var v = MemoryMarshal.Cast<bool, byte>(valid.Slice(b * plane, plane));
            var first = v.IndexOf((byte)0);
            if (first < 0) continue;
            var x = input.Slice(b * plane, plane);
            for (var p = first; p < plane; p++)
            {
                if (v[p] != 0) continue;
                x[p] = fill;
                pixels[p] = 0;
            }
        }
        return plane - pixels.Count((byte)0);
    }

    /// <summary>Maps tile coordinates start..start+size-1 to raster coordinates (-1 = constant padding) and returns
    /// the range of raster coordinates used.</summary>
    private (int Lo, int Hi) Map(int start, int size, int length, int[] map)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        for (var i = 0; i < size; i++)
        {
            var v = start + i;
            if ((uint)v >= (uint)length)
            {
                v = padding switch
                {
                    EdgePadding.Edge => Math.Clamp(v, 0, length - 1),
                    EdgePadding.Reflect => Reflect(v, length),
                    _ => -1,
                };
            }
            map[i] = v;
            if (v < 0) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v + 1);
        }
        return (lo, hi);
    }

    /// <summary>Mirror index without repeating the edge: ... 2 1 | 0 1 2 ... n-1 | n-2 n-3 ...</summary>
    internal static int Reflect(int v, int length)
    {
        if (length == 1) return 0;
        var period = 2 * (length - 1);
        v %= period;
        if (v < 0) v += period;
        return v < length ? v : period - v;
    }
}
