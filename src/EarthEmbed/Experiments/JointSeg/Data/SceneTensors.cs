using EarthEmbed.Data.SuperResolution;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Per-band mean and standard deviation used to normalise reflectance for the networks (from the training
/// scenes' 10 m images; the same values normalise the 1 m targets, since blurring and averaging keep the mean).</summary>
public sealed record BandStats(float[] Mean, float[] Std)
{
    /// <summary>The statistics of the low-resolution images of <paramref name="samples"/>.</summary>
    public static BandStats From(IReadOnlyList<SuperResolutionSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var bands = samples[0].Bands;
        var mean = new float[bands];
        var std = new float[bands];
        for (var b = 0; b < bands; b++)
        {
            double s = 0, s2 = 0;
            long n = 0;
            foreach (var x in samples)
            {
                var plane = x.LowHeight * x.LowWidth;
                for (var i = 0; i < plane; i++) { double v = x.LowRes[(b * plane) + i]; s += v; s2 += v * v; n++; }
            }
            mean[b] = (float)(s / n);
            std[b] = (float)Math.Sqrt(Math.Max((s2 / n) - ((s / n) * (s / n)), 1e-12));
        }
        return new BandStats(mean, std);
    }

    /// <summary>(x - mean) / std per band of an [N, C, H, W] tensor.</summary>
    public Tensor Normalize(Tensor x) => x.sub(Column(Mean)).div(Column(Std));

    /// <summary>The inverse of <see cref="Normalize"/>.</summary>
    public Tensor Denormalize(Tensor x) => x.mul(Column(Std)).add(Column(Mean));

    private static Tensor Column(float[] v) => torch.tensor(v, new long[] { 1, v.Length, 1, 1 });
}

/// <summary>A sample as tensors: the normalised 10 m image [1, C, h, w], the normalised fine image [1, C, H, W]
/// and the label [1, 1, H, W] as 0/1 floats (either null when the sample has none). The tensors are owned here.</summary>
public sealed class SceneTensors : IDisposable
{
    /// <summary>Converts <paramref name="sample"/> with <paramref name="stats"/>.</summary>
    public SceneTensors(SuperResolutionSample sample, BandStats stats)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(stats);
        Sample = sample;
        // Made in a scope of their own and detached from it: the tensors live until Dispose, whatever scope the caller has.
        using var scope = torch.NewDisposeScope();
        Low = stats.Normalize(torch.tensor(sample.LowRes, new long[] { 1, sample.Bands, sample.LowHeight, sample.LowWidth }))
            .DetachFromDisposeScope();
        if (sample.HighRes is not null)
            High = stats.Normalize(torch.tensor(sample.HighRes, new long[] { 1, sample.Bands, sample.HighHeight, sample.HighWidth }))
                .DetachFromDisposeScope();
        if (sample.Label is not null)
            Label = torch.tensor(sample.Label.Select(v => v == 1 ? 1f : 0f).ToArray(), new long[] { 1, 1, sample.HighHeight, sample.HighWidth })
                .DetachFromDisposeScope();
    }

    /// <summary>The sample.</summary>
    public SuperResolutionSample Sample { get; }

    /// <summary>Normalised low-resolution image.</summary>
    public Tensor Low { get; }

    /// <summary>Normalised high-resolution image, or null.</summary>
    public Tensor? High { get; }

    /// <summary>Label as floats, or null.</summary>
    public Tensor? Label { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Low.Dispose();
        High?.Dispose();
        Label?.Dispose();
    }
}

/// <summary>A training batch: normalised low-resolution patches, their fine images (null when the scenes have none:
/// user rasters without image_1m) and labels.</summary>
internal sealed record PatchBatch(Tensor Low, Tensor? High, Tensor Label);

/// <summary>Draws random aligned patches (a 10 m window and the fine window under it), with random flips and
/// 90-degree turns, from a seeded generator, so the same seed gives the same batches. With
/// an ISA share above 0, that share of the patches is centred near a random ISA pixel of its scene
/// (foreground oversampling as in nnU-Net's <c>oversample_foreground_percent</c>), so sparse rural roads and houses
/// are seen often enough; with 0 every window is uniform (and the draws are those of a sampler without it).</summary>
internal sealed class PatchSampler
{
    private readonly Random random;
    private readonly IReadOnlyList<SceneTensors> scenes;
    private readonly int patchSize;
    private readonly double isaShare;
    private readonly int[][] isaPixels;

    /// <summary>A sampler over <paramref name="scenes"/> of <paramref name="patchSize"/> 10 m pixels.</summary>
    public PatchSampler(IReadOnlyList<SceneTensors> scenes, int patchSize, int seed, double isaShare = 0)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        if (isaShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(isaShare), isaShare, "isa_patch_share must lie in [0, 1]");
        this.scenes = scenes;
        this.patchSize = patchSize;
        this.isaShare = isaShare;
        random = new Random(seed);
        isaPixels = isaShare > 0
            ? scenes.Select(s => s.Sample.Label is { } label ? Enumerable.Range(0, label.Length).Where(i => label[i] == 1).ToArray() : []).ToArray()
            : [];
    }

    /// <summary>The next batch of <paramref name="count"/> patches (tensors in the caller's scope).</summary>
    public PatchBatch Next(int count)
    {
        var lows = new List<Tensor>();
        var highs = new List<Tensor>();
        var labels = new List<Tensor>();
        for (var k = 0; k < count; k++)
        {
            var index = random.Next(scenes.Count);
            var s = scenes[index];
            var f = s.Sample.Factor;
            int r, c;
            if (isaShare > 0 && isaPixels[index].Length > 0 && random.NextDouble() < isaShare)
            {
                // A window holding a random ISA pixel, its position inside the window uniform (clamped to the scene).
                var pixel = isaPixels[index][random.Next(isaPixels[index].Length)];
                var (pr, pc) = (pixel / s.Sample.HighWidth / f, pixel % s.Sample.HighWidth / f);
                r = Math.Clamp(pr - random.Next(patchSize), 0, s.Sample.LowHeight - patchSize);
                c = Math.Clamp(pc - random.Next(patchSize), 0, s.Sample.LowWidth - patchSize);
            }
            else
            {
                r = random.Next(s.Sample.LowHeight - patchSize + 1);
                c = random.Next(s.Sample.LowWidth - patchSize + 1);
            }
            var turns = random.Next(4);
            var flip = random.Next(2) == 1;
            Tensor Crop(Tensor t, int scale)
            {
                var x = t.narrow(2, r * scale, patchSize * scale).narrow(3, c * scale, patchSize * scale);
                if (flip) x = x.flip(3);
                for (var i = 0; i < turns; i++) x = x.transpose(2, 3).flip(3);
                return x;
            }
            lows.Add(Crop(s.Low, 1));
            if (s.High is not null) highs.Add(Crop(s.High, f));
            labels.Add(Crop(s.Label ?? throw new InvalidOperationException($"scene '{s.Sample.Name}' has no label"), f));
        }
        if (highs.Count is not 0 && highs.Count != count)
            throw new InvalidOperationException("some scenes have a high-resolution image and some do not; give every scene one or none");
        return new PatchBatch(torch.cat(lows, 0).contiguous(), highs.Count == 0 ? null : torch.cat(highs, 0).contiguous(), torch.cat(labels, 0).contiguous());
    }
}
