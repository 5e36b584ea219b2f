namespace EarthEmbed.Geo;

/// <summary>Spatial splits that keep neighbouring, spatially correlated pixels on one side: the experiments' rule for
/// real data is one contiguous eastern test block. (A general block/region splitter with buffers was here; no
/// experiment used it, so it was removed with issue 16's "Geo's samplers are used by the experiments or removed".)</summary>
public static class SpatialSplit
{
    /// <summary>First column of a contiguous eastern test block that takes <paramref name="testFraction"/> of
    /// <paramref name="width"/> columns (rounded; at least one column stays on each side): the real-data split rule
    /// of the experiments (test_fraction), so the test area is one block, not pixels mixed with training.</summary>
    public static int EastBlockStart(int width, double testFraction)
    {
        if (width < 2) throw new ArgumentOutOfRangeException(nameof(width), width, "an eastern block needs at least 2 columns");
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "test_fraction must be in (0, 1)");
        return Math.Clamp((int)Math.Round(width * (1 - testFraction)), 1, width - 1);
    }
}
