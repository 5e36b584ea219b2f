using EarthEmbed.Geo;
using EarthEmbed.Training;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.Height;

/// <summary>Batches of square patches cut from a <see cref="HeightScene"/>: inputs (B, C, P, P) as stored (the
/// network normalises them), heights (B, 1, P, P) with 0 at invalid pixels, and the validity mask (B, 1, P, P).
/// Invalid input pixels are fed as 0, as tiled prediction does. Two kinds: random patches inside a region, drawn
/// afresh each epoch from a seed and the epoch number (so a resumed run sees the same draws), optionally flipped and
/// transposed; or a fixed grid of patches covering a region (validation).</summary>
public sealed class PatchBatches : IBatchSource
{
    private readonly HeightScene scene;
    private readonly int patch;
    private readonly int batchSize;
    private readonly IReadOnlyList<PixelWindow>? fixedWindows;
    private readonly PixelWindow region;
    private readonly int patchesPerEpoch;
    private readonly int seed;
    private readonly bool augment;
    private readonly double minValid;
    private readonly int[] validPrefix;

    private PatchBatches(HeightScene scene, PixelWindow region, int patch, int batchSize, IReadOnlyList<PixelWindow>? windows,
        int patchesPerEpoch, int seed, bool augment, double minValid)
    {
        this.scene = scene;
        this.region = region;
        this.patch = patch;
        this.batchSize = batchSize;
        fixedWindows = windows;
        this.patchesPerEpoch = patchesPerEpoch;
        this.seed = seed;
        this.augment = augment;
        this.minValid = minValid;
        validPrefix = Prefix(scene);
    }

    /// <summary>Random patches of <paramref name="patchSize"/> inside <paramref name="region"/>: <paramref name="patchesPerEpoch"/>
    /// per epoch, each with at least <paramref name="minValidFraction"/> valid pixels.</summary>
    public static PatchBatches Random(HeightScene scene, PixelWindow region, int patchSize, int batchSize, int patchesPerEpoch,
        int seed, bool augment = true, double minValidFraction = 0.5)
    {
        ArgumentNullException.ThrowIfNull(scene);
        CheckFits(region, patchSize, "training");
        return new PatchBatches(scene, region, patchSize, batchSize, null, patchesPerEpoch, seed, augment, minValidFraction);
    }

    /// <summary>Non-overlapping patches tiling <paramref name="region"/> (the last row and column shifted inward to
    /// fit), the same every epoch; patches without a valid pixel are left out.</summary>
    public static PatchBatches Grid(HeightScene scene, PixelWindow region, int patchSize, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(scene);
        CheckFits(region, patchSize, "validation");
        var xs = Starts(region.X, region.Width, patchSize);
        var ys = Starts(region.Y, region.Height, patchSize);
        var batches = new PatchBatches(scene, region, patchSize, batchSize, [], 0, 0, false, 0);
        var windows = (from y in ys from x in xs select new PixelWindow(x, y, patchSize, patchSize))
            .Where(w => batches.ValidCount(w) > 0).ToList();
        return new PatchBatches(scene, region, patchSize, batchSize, windows, 0, 0, false, 0);
    }

    /// <summary>Patches per epoch.</summary>
    public int Patches => fixedWindows?.Count ?? patchesPerEpoch;

    /// <inheritdoc />
    public int Count => (Patches + batchSize - 1) / batchSize;

    /// <summary>The patch windows of epoch <paramref name="epoch"/>, with their augmentation code
    /// (<see cref="PatchTransform"/>: 0 none; bit 0 flips rows, bit 1 flips columns, bit 2 transposes).</summary>
    public IReadOnlyList<(PixelWindow Window, int Transform)> Windows(int epoch)
    {
        if (fixedWindows is not null) return fixedWindows.Select(w => (w, 0)).ToList();
        var rng = new Random(unchecked(seed * 1_000_003 + epoch * 7919 + 17));  // not HashCode: it is salted per process
        var result = new List<(PixelWindow, int)>(patchesPerEpoch);
        var needed = (long)Math.Ceiling(minValid * patch * patch);
        var fallback = (PixelWindow?)null;
        for (var attempts = 0; result.Count < patchesPerEpoch; attempts++)
        {
            var w = new PixelWindow(region.X + rng.Next(region.Width - patch + 1), region.Y + rng.Next(region.Height - patch + 1), patch, patch);
            var t = augment ? rng.Next(8) : 0;
            var count = ValidCount(w);
            if (count > 0) fallback ??= w;
            if (count >= needed) result.Add((w, t));
            else if (attempts > 50 * patchesPerEpoch)
            {
                if (fallback is null)
                    throw new InvalidOperationException($"no patch of {patch} px in {region} has a valid pixel; check the inputs' and the height's no-data");
                result.Add((fallback.Value, t));
            }
        }
        return result;
    }

    /// <inheritdoc />
    public IEnumerable<Batch> Batches(int epoch)
    {
        var windows = Windows(epoch);
        for (var start = 0; start < windows.Count; start += batchSize)
            yield return Make(windows.Skip(start).Take(batchSize).ToList());
    }

    /// <summary>One batch from explicit windows.</summary>
    public Batch Make(IReadOnlyList<(PixelWindow Window, int Transform)> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        int n = windows.Count, c = scene.Bands, p = patch, area = p * p, w = scene.Width;
        var plane = (long)scene.Width * scene.Height;
        var x = new float[(long)n * c * area];
        var y = new float[n * area];
        var m = new float[n * area];
        for (var i = 0; i < n; i++)
        {
            var (win, t) = windows[i];
            for (var r = 0; r < p; r++)
                for (var col = 0; col < p; col++)
                {
                    var (sr, sc) = PatchTransform.Source(r, col, p, t);
                    var src = (win.Y + sr) * w + win.X + sc;
                    var dst = r * p + col;
                    var ok = scene.Valid[src];
                    y[i * area + dst] = ok ? scene.Target[src] : 0f;
                    m[i * area + dst] = ok ? 1f : 0f;
                    for (var b = 0; b < c; b++)
                    {
                        var v = scene.Inputs[b * plane + src];
                        x[((long)i * c + b) * area + dst] = float.IsFinite(v) ? v : 0f;
                    }
                }
        }
        return new Batch(tensor(x, [n, c, p, p]), tensor(y, [n, 1, p, p]), tensor(m, [n, 1, p, p]));
    }

    private long ValidCount(PixelWindow w)
    {
        var stride = scene.Width + 1;
        int At(int row, int col) => validPrefix[row * stride + col];
        return At(w.Bottom, w.Right) - At(w.Y, w.Right) - At(w.Bottom, w.X) + At(w.Y, w.X);
    }

    private static int[] Prefix(HeightScene scene)
    {
        int w = scene.Width, h = scene.Height, stride = w + 1;
        var s = new int[(h + 1) * stride];
        for (var r = 0; r < h; r++)
            for (var c = 0; c < w; c++)
                s[(r + 1) * stride + c + 1] = s[r * stride + c + 1] + s[(r + 1) * stride + c] - s[r * stride + c] + (scene.Valid[r * w + c] ? 1 : 0);
        return s;
    }

    private static List<int> Starts(int origin, int length, int patch)
    {
        var starts = new List<int>();
        for (var s = 0; s + patch <= length; s += patch) starts.Add(origin + s);
        if (length % patch != 0) starts.Add(origin + length - patch);
        return starts;
    }

    private static void CheckFits(PixelWindow region, int patch, string what)
    {
        if (region.Width < patch || region.Height < patch)
            throw new ArgumentException($"the {what} region {region} is smaller than a {patch}-pixel patch; lower patch_size " +
                                        "or enlarge the raster / the validation_fraction");
    }
}
