namespace EarthEmbed.Geo;

/// <summary>Sampling patches with a minimum valid fraction: candidates are read from a source and those with too
/// much no-data are skipped and counted (entirely no-data windows separately).</summary>
public static class PatchSampling
{
    /// <summary>Keeps candidates of <paramref name="sampler"/> whose fraction of pixels valid in every band of
    /// <paramref name="source"/> is at least <paramref name="minValidFraction"/>, up to <paramref name="maxCount"/>
    /// patches (all candidates of a finite sampler when null) or <paramref name="maxAttempts"/> candidates.</summary>
    public static SampleResult Sample(IPatchSampler sampler, IRasterSource source, double minValidFraction = 0.0,
        int? maxCount = null, int maxAttempts = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(minValidFraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValidFraction, 1.0);
        if (maxCount is null && sampler is RandomSampler)
            throw new ArgumentException("a random sampler is endless: give maxCount", nameof(maxCount));
        var kept = new List<PixelWindow>();
        int considered = 0, allNoData = 0, belowMin = 0;
        var n = source.BandCount * sampler.PatchSize * sampler.PatchSize;
        var values = new float[n];
        var valid = new bool[n];
        var plane = sampler.PatchSize * sampler.PatchSize;
        foreach (var window in sampler.Candidates(source.Grid))
        {
            if (maxCount is { } m && kept.Count >= m) break;
            if (considered >= maxAttempts) break;
            considered++;
            source.ReadInto(window, values, valid);
            var fraction = PixelValidFraction(valid, source.BandCount, plane);
            if (fraction == 0) allNoData++;
            else if (fraction < minValidFraction) belowMin++;
            else kept.Add(window);
        }
        return new SampleResult(kept, considered, allNoData, belowMin);
    }

    internal static double PixelValidFraction(ReadOnlySpan<bool> valid, int bands, int plane)
    {
        var count = 0;
        for (var p = 0; p < plane; p++)
        {
            var ok = true;
            for (var b = 0; b < bands && ok; b++) ok = valid[b * plane + p];
            if (ok) count++;
        }
        return (double)count / plane;
    }

    /// <summary>The region of interest clipped to the grid; errors when no patch fits.</summary>
    internal static PixelWindow ClipRegion(Grid grid, PixelWindow? region, int patchSize)
    {
        var full = grid.FullWindow;
        var r = region is { } given
            ? given.Intersect(full) ?? throw new ArgumentException($"region of interest {given} lies outside the {grid.Width}x{grid.Height} grid", nameof(region))
            : full;
        if (r.Width < patchSize || r.Height < patchSize)
            throw new ArgumentException($"a {patchSize}x{patchSize} patch does not fit in the region {r} of the {grid.Width}x{grid.Height} grid", nameof(region));
        return r;
    }
}

/// <summary>What <see cref="PatchSampling.Sample"/> kept and skipped.</summary>
/// <param name="Windows">The kept patches, in sampling order.</param>
/// <param name="Considered">Candidates read.</param>
/// <param name="SkippedAllNoData">Candidates without a single valid pixel.</param>
/// <param name="SkippedBelowMinValid">Candidates with some, but too few, valid pixels.</param>
public sealed record SampleResult(IReadOnlyList<PixelWindow> Windows, int Considered, int SkippedAllNoData, int SkippedBelowMinValid);
