using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Experiments.JointSeg;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>Foreground oversampling of the patch sampler, on a hand-made scene whose only ISA pixel is known.</summary>
public class PatchSamplerTests
{
    /// <summary>A 64 x 64 (10 m) scene at factor 2 with one ISA pixel at fine (row 100, column 30).</summary>
    private static SuperResolutionSample OnePixelScene()
    {
        const int low = 64, factor = 2, high = low * factor;
        var label = new byte[high * high];
        label[(100 * high) + 30] = 1;
        return new SuperResolutionSample
        {
            Name = "one-pixel", LowHeight = low, LowWidth = low, Factor = factor, Bands = 1,
            LowRes = new float[low * low], HighRes = new float[high * high], Label = label,
        };
    }

    private static int PatchesWithIsa(double share)
    {
        using var scope = NewDisposeScope();
        var sample = OnePixelScene();
        using var scene = new SceneTensors(sample, new BandStats([0f], [1f]));
        var batch = new PatchSampler([scene], 16, seed: 3, isaShare: share).Next(40);
        var perPatch = batch.Label.sum(new long[] { 1, 2, 3 }).data<float>().ToArray();
        return perPatch.Count(v => v > 0);
    }

    [Fact]
    public void With_share_one_every_patch_holds_the_only_ISA_pixel()
    {
        Assert.Equal(40, PatchesWithIsa(1.0));
    }

    [Fact]
    public void Uniform_windows_rarely_hold_a_single_ISA_pixel()
    {
        // A 16-pixel window holds a given pixel in at most 16 x 16 of the 49 x 49 positions (about 11 %).
        Assert.True(PatchesWithIsa(0.0) < 15, "uniform sampling should rarely cover one pixel");
    }

    [Fact]
    public void Half_share_lands_between_uniform_and_forced()
    {
        var half = PatchesWithIsa(0.5);
        Assert.InRange(half, 12, 39);
    }

    [Fact]
    public void A_share_outside_zero_to_one_is_refused_by_name()
    {
        using var scope = NewDisposeScope();
        using var scene = new SceneTensors(OnePixelScene(), new BandStats([0f], [1f]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchSampler([scene], 16, 1, isaShare: 1.5));
        Assert.Equal("isaShare", e.ParamName);
    }
}
