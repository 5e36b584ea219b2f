namespace EarthEmbed.Geo;

/// <summary>Proposes patch windows on a grid. <see cref="PatchSampling.Sample"/> reads each candidate to keep only
/// those with enough valid pixels.</summary>
public interface IPatchSampler
{
    /// <summary>Size (width and height) of the square patches, in pixels.</summary>
    int PatchSize { get; }

    /// <summary>Candidate windows on <paramref name="grid"/>, all inside it (and inside the region of interest).
    /// May be endless (random sampling): take what you need.</summary>
    IEnumerable<PixelWindow> Candidates(Grid grid);
}

/// <summary>Patches on a regular lattice: every <see cref="Stride"/> pixels across a region of interest (the whole
/// grid by default). With <see cref="CoverEdges"/>, a last row and column of patches flush with the region's
/// far edges is added when the stride does not divide it, so every pixel is covered.</summary>
public sealed class GridSampler : IPatchSampler
{
    /// <summary>Patches of <paramref name="patchSize"/> every <paramref name="stride"/> pixels (stride = size: no
    /// overlap; smaller: overlapping) inside <paramref name="region"/> (null: the whole grid).</summary>
    public GridSampler(int patchSize, int stride, PixelWindow? region = null, bool coverEdges = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        PatchSize = patchSize;
        Stride = stride;
        Region = region;
        CoverEdges = coverEdges;
    }

    /// <inheritdoc />
    public int PatchSize { get; }

    /// <summary>Step between patch origins, in pixels.</summary>
    public int Stride { get; }

    /// <summary>The region of interest, in pixels of the grid (null: the whole grid).</summary>
    public PixelWindow? Region { get; }

    /// <summary>Add patches flush with the far edges of the region.</summary>
    public bool CoverEdges { get; }

    /// <inheritdoc />
    public IEnumerable<PixelWindow> Candidates(Grid grid)
    {
        var region = PatchSampling.ClipRegion(grid, Region, PatchSize);
        var xs = Origins(region.X, region.Width);
        var ys = Origins(region.Y, region.Height);
        foreach (var y in ys)
            foreach (var x in xs)
                yield return new PixelWindow(x, y, PatchSize, PatchSize);
    }

    private List<int> Origins(int start, int length)
    {
        var result = new List<int>();
        for (var o = 0; o + PatchSize <= length; o += Stride) result.Add(start + o);
        if (CoverEdges && result[^1] + PatchSize < start + length) result.Add(start + length - PatchSize);
        return result;
    }
}

/// <summary>Patches at uniformly random positions inside a region of interest, reproducible from a seed (the
/// same seed gives the same sequence on every run and machine).</summary>
public sealed class RandomSampler : IPatchSampler
{
    /// <summary>Random patches of <paramref name="patchSize"/> inside <paramref name="region"/> (null: the whole grid).</summary>
    public RandomSampler(int patchSize, int seed, PixelWindow? region = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patchSize);
        PatchSize = patchSize;
        Seed = seed;
        Region = region;
    }

    /// <inheritdoc />
    public int PatchSize { get; }

    /// <summary>The seed of the sequence.</summary>
    public int Seed { get; }

    /// <summary>The region of interest, in pixels of the grid (null: the whole grid).</summary>
    public PixelWindow? Region { get; }

    /// <summary>An endless, seeded sequence of windows.</summary>
    public IEnumerable<PixelWindow> Candidates(Grid grid)
    {
        var region = PatchSampling.ClipRegion(grid, Region, PatchSize);
        var random = new Random(Seed);
        while (true)
        {
            var x = region.X + random.Next(region.Width - PatchSize + 1);
            var y = region.Y + random.Next(region.Height - PatchSize + 1);
            yield return new PixelWindow(x, y, PatchSize, PatchSize);
        }
    }
}
