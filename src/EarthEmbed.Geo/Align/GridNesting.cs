using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>Checks that a fine grid nests in a coarse one: same CRS, north-up, square pixels, a coarse pixel an
/// integer number of fine pixels wide, the same top-left corner and the same extent. This is what lets a 10 m
/// Sentinel-2 pixel (r, c) be compared with the fine pixels (r*f .. r*f+f-1, c*f .. c*f+f-1) without resampling.
/// <see cref="Overlap"/> relaxes the last two: the fine grid's corners lie on coarse pixel corners and only the
/// common part counts (user rasters rarely share an extent).</summary>
public static class GridNesting
{
    /// <summary>The fine grid nested in <paramref name="coarse"/> with <paramref name="factor"/> x smaller pixels
    /// (the same corner and extent).</summary>
    public static Grid FineGrid(Grid coarse, int factor)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        var t = coarse.Transform;
        return new Grid(coarse.Width * factor, coarse.Height * factor,
            t with { PixelWidth = t.PixelWidth / factor, PixelHeight = t.PixelHeight / factor }, coarse.Crs);
    }

    /// <summary>The integer factor between the grids; throws a <see cref="RasterInputException"/> naming both
    /// rasters and what differs when they do not nest.</summary>
    public static int Factor(Grid coarse, string coarseName, Grid fine, string fineName)
    {
        var factor = Ratio(coarse, coarseName, fine, fineName);
        var (dx, dy) = CornerOffset(coarse, fine);
        if (Math.Abs(dx) > 1e-3 || Math.Abs(dy) > 1e-3)
            throw new RasterInputException(Invariant($"{Where(coarse, coarseName, fine, fineName)}: the top-left corners differ by ({dx:0.###}, {dy:0.###}) fine pixels; crop both to the same corner"), fineName);
        if (fine.Width != coarse.Width * factor || fine.Height != coarse.Height * factor)
            throw new RasterInputException(Invariant($"{Where(coarse, coarseName, fine, fineName)}: expected {coarse.Width * factor}x{coarse.Height * factor} fine pixels ({factor} per coarse pixel), got {fine.Width}x{fine.Height}"), fineName);
        return factor;
    }

    /// <summary>The part of <paramref name="coarse"/> covered by <paramref name="fine"/>, where the fine grid is
    /// <paramref name="expectedFactor"/> times finer (same CRS, north-up, square pixels) and its top-left corner lies
    /// on a coarse pixel corner: the window in coarse pixels and the same area in fine pixels (whole coarse pixels
    /// only). Throws a <see cref="RasterInputException"/> naming both rasters, their pixel sizes and origins when
    /// they do not nest that way or do not overlap.</summary>
    public static (PixelWindow Coarse, PixelWindow Fine) Overlap(Grid coarse, string coarseName, Grid fine, string fineName, int expectedFactor)
    {
        var factor = Ratio(coarse, coarseName, fine, fineName);
        if (factor != expectedFactor)
            throw new RasterInputException(Invariant($"{Where(coarse, coarseName, fine, fineName)}: its pixels ({fine.ResolutionX}) are {factor}x smaller than the coarse ones ({coarse.ResolutionX}); expected {expectedFactor}x (the product of sr_scales)"), fineName);
        var (dx, dy) = CornerOffset(coarse, fine);
        int ox = (int)Math.Round(dx), oy = (int)Math.Round(dy);
        if (Math.Abs(dx - ox) > 1e-3 || Math.Abs(dy - oy) > 1e-3 || ox % factor != 0 || oy % factor != 0)
            throw new RasterInputException(Invariant($"{Where(coarse, coarseName, fine, fineName)}: its origin ({fine.Transform.OriginX}, {fine.Transform.OriginY}) is ({dx:0.###}, {dy:0.###}) fine pixels from the coarse origin ({coarse.Transform.OriginX}, {coarse.Transform.OriginY}), not on a coarse pixel corner (a multiple of {factor}); crop or warp it onto the coarse grid"), fineName);
        // Fine pixel (x, y) is coarse pixel ((x + ox) / f, (y + oy) / f); keep the coarse pixels wholly inside both.
        int c0 = Math.Max(0, ox / factor), r0 = Math.Max(0, oy / factor);
        int c1 = Math.Min(coarse.Width, FloorDiv(ox + fine.Width, factor)), r1 = Math.Min(coarse.Height, FloorDiv(oy + fine.Height, factor));
        if (c1 <= c0 || r1 <= r0)
            throw new RasterInputException(Invariant($"'{fineName}' ({fine.Extent}) and '{coarseName}' ({coarse.Extent}) do not overlap by a whole coarse pixel"), fineName);
        var coarseWindow = new PixelWindow(c0, r0, c1 - c0, r1 - r0);
        return (coarseWindow, new PixelWindow((c0 * factor) - ox, (r0 * factor) - oy, coarseWindow.Width * factor, coarseWindow.Height * factor));
    }

    /// <summary>CRS, orientation, square pixels and an integer resolution ratio: the factor.</summary>
    private static int Ratio(Grid coarse, string coarseName, Grid fine, string fineName)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(fine);
        if (!coarse.Transform.IsNorthUp || !fine.Transform.IsNorthUp)
            throw new RasterInputException($"{Where(coarse, coarseName, fine, fineName)}: both grids must be north-up without rotation", fineName);
        if ((coarse.Crs is null) != (fine.Crs is null) || (coarse.Crs is not null && !coarse.Crs.IsSame(fine.Crs!)))
            throw new RasterInputException($"{Where(coarse, coarseName, fine, fineName)}: the CRSs differ ({coarse.Crs?.ToString() ?? "none"} vs {fine.Crs?.ToString() ?? "none"}); warp one onto the other first", fineName);
        foreach (var (g, name) in new[] { (coarse, coarseName), (fine, fineName) })
            if (Math.Abs(g.ResolutionX - g.ResolutionY) > 1e-6 * g.ResolutionX)
                throw new RasterInputException(Invariant($"'{name}' has non-square pixels ({g.ResolutionX} x {g.ResolutionY})"), name);
        var ratio = coarse.ResolutionX / fine.ResolutionX;
        var factor = (int)Math.Round(ratio);
        if (factor < 1 || Math.Abs(ratio - factor) > 1e-6 * ratio)
            throw new RasterInputException(Invariant($"{Where(coarse, coarseName, fine, fineName)}: the pixel sizes {coarse.ResolutionX} and {fine.ResolutionX} are not in an integer ratio (ratio {ratio:0.######})"), fineName);
        return factor;
    }

    /// <summary>The fine grid's top-left corner minus the coarse one's, in fine pixels (x east, y south).</summary>
    private static (double Dx, double Dy) CornerOffset(Grid coarse, Grid fine) =>
        ((fine.Transform.OriginX - coarse.Transform.OriginX) / fine.ResolutionX, (coarse.Transform.OriginY - fine.Transform.OriginY) / fine.ResolutionX);

    private static string Where(Grid coarse, string coarseName, Grid fine, string fineName) =>
        $"'{fineName}' ({fine}) does not nest in '{coarseName}' ({coarse})";

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
