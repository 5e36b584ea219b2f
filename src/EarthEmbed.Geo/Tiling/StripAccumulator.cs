namespace EarthEmbed.Geo;

/// <summary>The blending strip: weighted sums of tile outputs for a band of rows (tile height + one storage block),
/// in double precision. Rows that no later tile can touch are divided by their weight sums and written to the
/// output (whole storage blocks at a time), then the strip moves down. Memory depends on the raster's width and
/// the tile height, never on the raster's height. It covers one region of the raster (the whole raster, or the
/// output tile of a shard): tiles are added at raster coordinates and only their pixels inside the region count.</summary>
internal sealed class StripAccumulator
{
    private readonly GeoTiffWriter writer;
    private readonly TileLayout layout;
    private readonly PixelWindow region;
    private readonly int width;
    private readonly int height;
    private readonly int bands;
    private readonly int blockHeight;
    private readonly float noData;
    private readonly double[] sums;
    private readonly double[] weights;
    private readonly bool[] valid;
    private readonly float[] staging;
    private int top;

    internal StripAccumulator(GeoTiffWriter writer, TileLayout layout, PixelWindow region, int bands, float noData)
    {
        if (writer.Grid.Width != region.Width || writer.Grid.Height != region.Height)
            throw new ArgumentException($"the output '{writer.Path}' is {writer.Grid.Width}x{writer.Grid.Height}, the region {region}", nameof(region));
        this.writer = writer;
        this.layout = layout;
        this.region = region;
        width = region.Width;
        height = region.Height;
        this.bands = bands;
        this.noData = noData;
        blockHeight = writer.BlockHeight;
        Capacity = layout.TileHeight + blockHeight;
        sums = new double[(long)bands * Capacity * width];
        weights = new double[(long)Capacity * width];
        valid = new bool[(long)Capacity * width];
        staging = new float[(long)bands * Capacity * width];
    }

    /// <summary>Rows held in memory.</summary>
    internal int Capacity { get; }

    /// <summary>Bytes held by the strip.</summary>
    internal long BufferBytes => sums.LongLength * 8 + weights.LongLength * 8 + valid.LongLength + staging.LongLength * 4;

    /// <summary>Rows of the region.</summary>
    internal int Height => height;

    /// <summary>Rows written to the output so far.</summary>
    internal int RowsWritten => top;

    /// <summary>Output pixels written with a value so far.</summary>
    internal long ValidPixelsWritten { get; private set; }

    /// <summary>Adds one tile's output ([band][row][col], tile shape; top-left at raster pixel (x0, y0)) where its
    /// pixels are valid raster pixels inside the region.</summary>
    internal void Add(int x0, int y0, ReadOnlySpan<float> output, ReadOnlySpan<bool> pixelValid)
    {
        x0 -= region.X;
        y0 -= region.Y;
        int th = layout.TileHeight, tw = layout.TileWidth, plane = th * tw;
        int i0 = Math.Max(0, -y0), i1 = Math.Min(th, height - y0);
        int j0 = Math.Max(0, -x0), j1 = Math.Min(tw, width - x0);
        if (y0 + i0 < top || y0 + i1 > top + Capacity)
            throw new InvalidOperationException($"tile rows {y0 + i0}..{y0 + i1} fall outside the blending strip {top}..{top + Capacity}");
        var wx = layout.WeightX;
        var wy = layout.WeightY;
        var stripPlane = (long)Capacity * width;
        for (var i = i0; i < i1; i++)
        {
            var rowBase = (long)(y0 + i - top) * width + x0;
            for (var j = j0; j < j1; j++)
            {
                var p = i * tw + j;
                if (!pixelValid[p]) continue;
                double w = wy[i] * wx[j];
                var s = rowBase + j;
                weights[s] += w;
                valid[s] = true;
                for (var b = 0; b < bands; b++) sums[b * stripPlane + s] += w * output[b * plane + p];
            }
        }
    }

    /// <summary>Declares raster rows above <paramref name="row"/> final: writes them in whole storage blocks (the
    /// last partial block only at the bottom of the region) and moves the strip down.</summary>
    internal void FinalizeUpTo(int row)
    {
        row = Math.Clamp(row - region.Y, 0, height);
        while (true)
        {
            var limit = Math.Min(row, top + Capacity);
            var n = limit - top;
            if (limit < height) n = n / blockHeight * blockHeight;
            if (n <= 0) return;
            Flush(n);
        }
    }

    /// <summary>Writes every remaining row.</summary>
    internal void Finish() => FinalizeUpTo(region.Bottom);

    private void Flush(int n)
    {
        var stripPlane = (long)Capacity * width;
        var outPlane = n * width;
        for (var k = 0; k < outPlane; k++)
        {
            if (valid[k] && weights[k] > 0)
            {
                ValidPixelsWritten++;
                for (var b = 0; b < bands; b++) staging[b * outPlane + k] = (float)(sums[b * stripPlane + k] / weights[k]);
            }
            else
            {
                for (var b = 0; b < bands; b++) staging[b * outPlane + k] = noData;
            }
        }
        writer.Write(new PixelWindow(0, top, width, n), staging.AsSpan(0, bands * outPlane));
        writer.Flush(); // compress and write these rows now, on this thread, overlapping with prediction
        // Move the strip down by n rows and clear what comes in at the bottom.
        var keep = (Capacity - n) * width;
        for (var b = 0; b < bands; b++)
        {
            var band = sums.AsSpan((int)(b * stripPlane), (int)stripPlane);
            band.Slice(outPlane, keep).CopyTo(band);
            band.Slice(keep).Clear();
        }
        weights.AsSpan(outPlane, keep).CopyTo(weights);
        weights.AsSpan(keep).Clear();
        valid.AsSpan(outPlane, keep).CopyTo(valid);
        valid.AsSpan(keep).Clear();
        top += n;
    }
}
