namespace EarthEmbed.Geo;

/// <summary>A coarse raster seen on the fine grid nested in it: every coarse pixel repeated factor x factor times
/// (nearest neighbour, no new values). Streaming tiled prediction writes outputs on its input's grid, so a model
/// that maps 10 m to 1 m is run over this view and averages each factor x factor block back to the 10 m value
/// (exactly, since the blocks are constant) when the tiles are aligned with the 10 m pixels.</summary>
public sealed class FineGridView(IRasterSource coarse, int factor) : IRasterSource
{
    /// <inheritdoc />
    public string Name => $"{coarse.Name} (x{factor} nearest)";

    /// <inheritdoc />
    public Grid Grid { get; } = GridNesting.FineGrid(coarse.Grid, factor);

    /// <inheritdoc />
    public int BandCount => coarse.BandCount;

    /// <inheritdoc />
    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid)
    {
        int c0 = window.X / factor, r0 = window.Y / factor;
        int c1 = (window.X + window.Width - 1) / factor, r1 = (window.Y + window.Height - 1) / factor;
        var cw = new PixelWindow(c0, r0, c1 - c0 + 1, r1 - r0 + 1);
        var n = BandCount * cw.Width * cw.Height;
        var v = new float[n];
        var ok = new bool[n];
        coarse.ReadInto(cw, v, ok);
        for (var b = 0; b < BandCount; b++)
            for (var r = 0; r < window.Height; r++)
                for (var c = 0; c < window.Width; c++)
                {
                    var src = (b * cw.Width * cw.Height) + ((((window.Y + r) / factor) - r0) * cw.Width) + (((window.X + c) / factor) - c0);
                    var dst = (b * window.Width * window.Height) + (r * window.Width) + c;
                    values[dst] = v[src];
                    valid[dst] = ok[src];
                }
    }
}
