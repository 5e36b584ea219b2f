using System.Globalization;
using EarthEmbed.Geo;

namespace EarthEmbed.Data.SuperResolution;

/// <summary>Checks that a fine grid nests in a coarse one: same CRS, north-up, square pixels, a coarse pixel an
/// integer number of fine pixels wide, the same top-left corner and the same extent. This is what lets a 10 m
/// Sentinel-2 pixel (r, c) be compared with the fine pixels (r*f .. r*f+f-1, c*f .. c*f+f-1) without resampling.</summary>
public static class GridNesting
{
    /// <summary>The integer factor between the grids; throws a <see cref="RasterInputException"/> naming both
    /// rasters and what differs when they do not nest.</summary>
    public static int Factor(Grid coarse, string coarseName, Grid fine, string fineName)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(fine);
        string Where() => $"'{fineName}' ({fine}) does not nest in '{coarseName}' ({coarse})";
        if (!coarse.Transform.IsNorthUp || !fine.Transform.IsNorthUp)
            throw new RasterInputException($"{Where()}: both grids must be north-up without rotation", fineName);
        if ((coarse.Crs is null) != (fine.Crs is null) || (coarse.Crs is not null && !coarse.Crs.IsSame(fine.Crs!)))
            throw new RasterInputException($"{Where()}: the CRSs differ ({coarse.Crs?.ToString() ?? "none"} vs {fine.Crs?.ToString() ?? "none"}); warp one onto the other first", fineName);
        foreach (var (g, name) in new[] { (coarse, coarseName), (fine, fineName) })
            if (Math.Abs(g.ResolutionX - g.ResolutionY) > 1e-6 * g.ResolutionX)
                throw new RasterInputException(Invariant($"'{name}' has non-square pixels ({g.ResolutionX} x {g.ResolutionY})"), name);
        var ratio = coarse.ResolutionX / fine.ResolutionX;
        var factor = (int)Math.Round(ratio);
        if (factor < 1 || Math.Abs(ratio - factor) > 1e-6 * ratio)
            throw new RasterInputException(Invariant($"{Where()}: the pixel sizes {coarse.ResolutionX} and {fine.ResolutionX} are not in an integer ratio (ratio {ratio:0.######})"), fineName);
        var dx = (fine.Transform.OriginX - coarse.Transform.OriginX) / fine.ResolutionX;
        var dy = (coarse.Transform.OriginY - fine.Transform.OriginY) / fine.ResolutionX;
        if (Math.Abs(dx) > 1e-3 || Math.Abs(dy) > 1e-3)
            throw new RasterInputException(Invariant($"{Where()}: the top-left corners differ by ({dx:0.###}, {dy:0.###}) fine pixels; crop both to the same corner"), fineName);
        if (fine.Width != coarse.Width * factor || fine.Height != coarse.Height * factor)
            throw new RasterInputException(Invariant($"{Where()}: expected {coarse.Width * factor}x{coarse.Height * factor} fine pixels ({factor} per coarse pixel), got {fine.Width}x{fine.Height}"), fineName);
        return factor;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
