using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class FlopCounterTests
{
    // A tiny U-Net worked by hand: 3 bands in, 1 out, base 4, depth 1, one 8x8 sample.
    //   enc0  64 px x 9 x (3*4 + 4*4)   = 16128   (conv 3->4, conv 4->4 at 8x8)
    //   enc1  16 px x 9 x (4*8 + 8*8)   = 13824   (bottleneck at 4x4)
    //   up0   16 input px x 8 x 4 x 2*2 =  2048   (transposed conv 8->4, k2 s2)
    //   dec0  64 px x 9 x (8*4 + 4*4)   = 27648   (conv 8->4 on the concatenation, conv 4->4)
    //   head  64 px x 4 x 1             =   256
    //   total                             59904 multiply-adds
    private static readonly UNetConfig Tiny = new(InChannels: 3, OutChannels: 1, BaseChannels: 4, Depth: 1);

    [Fact]
    public void Forward_multiply_adds_of_a_tiny_unet_match_the_hand_count()
    {
        Assert.Equal(59904, FlopCounter.ForwardMacs(Tiny, 8, 8));
    }

    [Fact]
    public void Each_convolution_of_the_tiny_unet_costs_what_the_hand_count_says()
    {
        var costs = FlopCounter.Convolutions(Tiny, 8, 8).ToDictionary(c => c.Name, c => c.ForwardMacs);
        Assert.Equal(64 * 9 * 3 * 4, costs["enc0.0"]);
        Assert.Equal(64 * 9 * 4 * 4, costs["enc0.3"]);
        Assert.Equal(16 * 9 * 4 * 8, costs["enc1.0"]);
        Assert.Equal(16 * 9 * 8 * 8, costs["enc1.3"]);
        Assert.Equal(2048, costs["up0"]);
        Assert.Equal(64 * 9 * 8 * 4, costs["dec0.0"]);
        Assert.Equal(64 * 9 * 4 * 4, costs["dec0.3"]);
        Assert.Equal(256, costs["head"]);
        Assert.Equal(8, costs.Count);
    }

    [Fact]
    public void A_training_step_counts_two_flops_per_multiply_add_and_three_times_the_forward()
    {
        Assert.Equal(2.0 * 59904, FlopCounter.ForwardFlops(Tiny, 8, 8));
        Assert.Equal(3 * 2.0 * 59904, FlopCounter.TrainingFlopsPerSample(Tiny, 8, 8));
    }

    [Fact]
    public void Flops_grow_with_the_pixel_count()
    {
        Assert.Equal(4 * FlopCounter.ForwardMacs(Tiny, 8, 8), FlopCounter.ForwardMacs(Tiny, 16, 16));
    }

    [Fact]
    public void The_reference_unet_costs_about_twenty_gflop_per_training_sample()
    {
        // environment.md: "~20 GFLOP per sample (forward+backward)" for 64 bands, 128x128, base 32, depth 4.
        var gflop = FlopCounter.TrainingFlopsPerSample(UNetConfig.Reference, 128, 128) / 1e9;
        Assert.InRange(gflop, 19.5, 20.5);
    }

    [Fact]
    public void An_input_that_does_not_halve_cleanly_is_rejected_with_the_padded_size()
    {
        var e = Assert.Throws<ArgumentException>(() => FlopCounter.ForwardMacs(UNetConfig.Reference, 100, 128));
        Assert.Contains("112x128", e.Message, StringComparison.Ordinal);
    }
}
