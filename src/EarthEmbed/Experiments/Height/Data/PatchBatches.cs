using EarthEmbed.Geo;
using EarthEmbed.Training;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.Height;

/// <summary>Batches of square patches cut from a <see cref="HeightScene"/>: inputs (B, C, P, P) as stored (the
/// network normalises them), heights (B, 1, P, P) with 0 at invalid pixels, and the validity mask (B, 1, P, P).
/// Invalid input pixels are fed as 0, as tiled prediction does. Two kinds: random patches inside a region, drawn
/// afresh each epoch from a seed and the epoch number (so a resumed run sees the same draws), optionally flipped and
/// transposed; or a fixed grid of patches covering a region (validation).</summary>
internal sealed class PatchBatches : IBatchSource
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
    private readonly ArrayRasterSource validity;

    private PatchBatches(HeightScene scene, PixelWindow region, int patch, int batchSize, IReadOnlyList<PixelWindow>? windows,
        int patchesPerEpoch, int seed, bool augment, double minValid, ArrayRasterSource validity)
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
        this.validity = validity;
    }

    /// <summary>Random patches of <paramref name="patchSize"/> inside <paramref name="region"/>: <paramref name="patchesPerEpoch"/>
    /// per epoch, each with at least <paramref name="minValidFraction"/> valid pixels.</summary>
    public static PatchBatches Random(HeightScene scene, PixelWindow region, int patchSize, int batchSize, int patchesPerEpoch,
        int seed, bool augment = true, double minValidFraction = 0.5)
    {
        ArgumentNullException.ThrowIfNull(scene);
        CheckFits(region, patchSize, "training");
        return new PatchBatches(scene, region, patchSize, batchSize, null, patchesPerEpoch, seed, augment, minValidFraction, Validity(scene));
    }

    /// <summary>Non-overlapping patches tiling <paramref name="region"/> (the last row and column shifted inward to
    /// fit), the same every epoch; patches without a valid pixel are left out.</summary>
    public static PatchBatches Grid(HeightScene scene, PixelWindow region, int patchSize, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(scene);
        CheckFits(region, patchSize, "validation");
        // Geo's lattice (flush with the far edges), less the patches without a valid pixel.
        var validity = Validity(scene);
        var windows = PatchSampling.Sample(new GridSampler(patchSize, patchSize, region, coverEdges: true), validity).Windows;
        return new PatchBatches(scene, region, patchSize, batchSize, windows, 0, 0, false, 0, validity);
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
        var epochSeed = unchecked(seed * 1_000_003 + epoch * 7919 + 17);  // not HashCode: it is salted per process
        var attempts = 50 * patchesPerEpoch;
        var windows = PatchSampling.Sample(new RandomSampler(patch, epochSeed, region), validity, minValid, patchesPerEpoch, attempts).Windows.ToList();
        if (windows.Count < patchesPerEpoch)
        {
            // Too few patches reach min_valid_fraction (a raster mostly no-data): fill up with patches that have any
            // valid pixel, repeated if need be; the loss is masked to valid pixels anyway.
            windows.AddRange(PatchSampling.Sample(new RandomSampler(patch, unchecked(epochSeed + 1), region), validity, 0.0,
                patchesPerEpoch - windows.Count, attempts).Windows);
            if (windows.Count == 0)
                throw new InvalidOperationException($"no patch of {patch} px in {region} has a valid pixel; check the inputs' and the height's no-data");
            for (var i = 0; windows.Count < patchesPerEpoch; i++) windows.Add(windows[i]);
        }
        var transforms = new Random(unchecked(epochSeed * 31 + 7));
        return windows.Select(w => (w, augment ? transforms.Next(8) : 0)).ToList();
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

    /// <summary>The scene's validity as a one-band source for Geo's samplers: 1 where the pixel is valid, NaN (no-data) where not.</summary>
    private static ArrayRasterSource Validity(HeightScene scene) =>
        new("height validity", scene.Grid, scene.Valid.Select(v => v ? 1f : float.NaN).ToArray(), 1);

    private static void CheckFits(PixelWindow region, int patch, string what)
    {
        if (region.Width < patch || region.Height < patch)
            throw new ArgumentException($"the {what} region {region} is smaller than a {patch}-pixel patch; lower patch_size " +
                                        "or enlarge the raster / the validation_fraction");
    }
}
