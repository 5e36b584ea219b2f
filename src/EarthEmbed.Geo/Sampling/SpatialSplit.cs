namespace EarthEmbed.Geo;

/// <summary>Assigns patches to named splits (train / val / test ...) by where they lie, so neighbouring, spatially
/// correlated pixels do not end up on both sides: the grid is divided into labelled rectangles (contiguous blocks
/// or named regions), a patch belongs to a split only when it lies wholly inside that split's area, and it is
/// dropped when it comes within <see cref="Buffer"/> pixels of another split's area. Any train patch and any test
/// patch are then at least <see cref="Buffer"/> pixels apart.</summary>
public sealed class SpatialSplit
{
    private readonly List<(string Name, PixelWindow Area)> areas;

    private SpatialSplit(Grid grid, List<(string Name, PixelWindow Area)> areas, int buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(buffer);
        Grid = grid;
        this.areas = areas;
        Buffer = buffer;
        Names = areas.Select(a => a.Name).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The grid being split.</summary>
    public Grid Grid { get; }

    /// <summary>Minimum gap, in pixels, between a patch and any other split's area.</summary>
    public int Buffer { get; }

    /// <summary>The split names, in order of first appearance.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The labelled rectangles (pixel windows) making up each split's area.</summary>
    public IEnumerable<(string Name, PixelWindow Area)> Areas => areas;

    /// <summary>First column of a contiguous eastern test block that takes <paramref name="testFraction"/> of
    /// <paramref name="width"/> columns (rounded; at least one column stays on each side): the real-data split rule
    /// of the experiments (test_fraction), so the test area is one block, not pixels mixed with training.</summary>
    public static int EastBlockStart(int width, double testFraction)
    {
        if (width < 2) throw new ArgumentOutOfRangeException(nameof(width), width, "an eastern block needs at least 2 columns");
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "test_fraction must be in (0, 1)");
        return Math.Clamp((int)Math.Round(width * (1 - testFraction)), 1, width - 1);
    }

    /// <summary>Divides the grid into square blocks of <paramref name="blockSize"/> pixels and gives each block to a
    /// split at random (seeded) in proportion to <paramref name="fractions"/> (e.g. train 0.7, val 0.1, test 0.2):
    /// the block counts are rounded so they add up, then shuffled.</summary>
    public static SpatialSplit Blocks(Grid grid, int blockSize, IReadOnlyList<KeyValuePair<string, double>> fractions, int seed, int buffer)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        if (fractions.Count == 0 || fractions.Any(f => f.Value < 0) || fractions.Sum(f => f.Value) <= 0)
            throw new ArgumentException("fractions need at least one split with a positive share", nameof(fractions));
        var blocks = new List<PixelWindow>();
        for (var y = 0; y < grid.Height; y += blockSize)
            for (var x = 0; x < grid.Width; x += blockSize)
                blocks.Add(new PixelWindow(x, y, Math.Min(blockSize, grid.Width - x), Math.Min(blockSize, grid.Height - y)));
        var labels = Apportion(fractions, blocks.Count);
        var random = new Random(seed);
        random.Shuffle(labels);
        return new SpatialSplit(grid, blocks.Select((b, i) => (labels[i], b)).ToList(), buffer);
    }

    /// <summary>Named regions in world coordinates (each grown outward to whole pixels of the grid); a name may
    /// have several rectangles. Pixels outside every region belong to no split.</summary>
    public static SpatialSplit Regions(Grid grid, IEnumerable<KeyValuePair<string, Extent>> regions, int buffer)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(regions);
        var list = new List<(string, PixelWindow)>();
        foreach (var (name, extent) in regions)
        {
            var window = grid.WindowOf(extent)
                ?? throw new ArgumentException($"region '{name}' {extent} does not overlap the grid {grid}", nameof(regions));
            list.Add((name, window));
        }
        return new SpatialSplit(grid, list, buffer);
    }

    /// <summary>Named regions in pixels of the grid.</summary>
    public static SpatialSplit PixelRegions(Grid grid, IEnumerable<KeyValuePair<string, PixelWindow>> regions, int buffer)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(regions);
        return new SpatialSplit(grid, regions.Select(r => (r.Key, r.Value)).ToList(), buffer);
    }

    /// <summary>The split a patch belongs to, or null when it straddles areas, lies outside every area, or comes
    /// within <see cref="Buffer"/> pixels of another split's area.</summary>
    public string? Assign(PixelWindow patch)
    {
        string? owner = null;
        var own = new List<PixelWindow>();
        foreach (var (name, area) in areas)
        {
            if (area.Intersect(patch) is null) continue;
            if (owner != null && owner != name) return null; // straddles two splits
            owner = name;
            own.Add(area);
        }
        if (owner is null) return null;
        var grown = patch.Inflate(Buffer);
        foreach (var (name, area) in areas)
            if (name != owner && area.Intersect(grown) is not null) return null; // another split within the buffer
        return Covers(own, patch) ? owner : null;
    }

    /// <summary>Sorts patches into splits; patches no split can take are counted in <see cref="SplitResult.Dropped"/>.</summary>
    public SplitResult Partition(IEnumerable<PixelWindow> patches)
    {
        ArgumentNullException.ThrowIfNull(patches);
        var result = Names.ToDictionary(n => n, _ => new List<PixelWindow>(), StringComparer.Ordinal);
        var dropped = 0;
        foreach (var p in patches)
        {
            if (Assign(p) is { } name) result[name].Add(p);
            else dropped++;
        }
        return new SplitResult(result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PixelWindow>)kv.Value, StringComparer.Ordinal), dropped);
    }

    /// <summary>True when the union of <paramref name="rects"/> covers every pixel of <paramref name="patch"/>
    /// (coordinate compression over the rectangle edges inside the patch).</summary>
    private static bool Covers(List<PixelWindow> rects, PixelWindow patch)
    {
        var xs = new SortedSet<int> { patch.X, patch.Right };
        var ys = new SortedSet<int> { patch.Y, patch.Bottom };
        foreach (var r in rects)
        {
            if (r.X > patch.X && r.X < patch.Right) xs.Add(r.X);
            if (r.Right > patch.X && r.Right < patch.Right) xs.Add(r.Right);
            if (r.Y > patch.Y && r.Y < patch.Bottom) ys.Add(r.Y);
            if (r.Bottom > patch.Y && r.Bottom < patch.Bottom) ys.Add(r.Bottom);
        }
        var xa = xs.ToArray();
        var ya = ys.ToArray();
        for (var i = 0; i + 1 < xa.Length; i++)
            for (var j = 0; j + 1 < ya.Length; j++)
            {
                var cell = new PixelWindow(xa[i], ya[j], xa[i + 1] - xa[i], ya[j + 1] - ya[j]);
                if (!rects.Any(r => r.Contains(cell))) return false;
            }
        return true;
    }

    private static string[] Apportion(IReadOnlyList<KeyValuePair<string, double>> fractions, int count)
    {
        // Largest-remainder rounding: the counts add up to `count` exactly.
        var total = fractions.Sum(f => f.Value);
        var exact = fractions.Select(f => f.Value / total * count).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - counts[i]).Take(count - counts.Sum()))
            counts[i]++;
        return fractions.SelectMany((f, i) => Enumerable.Repeat(f.Key, counts[i])).ToArray();
    }
}

/// <summary>Patches sorted into splits, and how many no split could take.</summary>
/// <param name="Splits">Patches per split name.</param>
/// <param name="Dropped">Patches that straddle areas, lie outside every area or fall inside a buffer.</param>
public sealed record SplitResult(IReadOnlyDictionary<string, IReadOnlyList<PixelWindow>> Splits, int Dropped);
