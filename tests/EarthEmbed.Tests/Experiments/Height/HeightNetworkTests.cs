using EarthEmbed.Engine.Serialization;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Tests.Training;
using EarthEmbed.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.Height;

[Collection(TrainerTests.Serial)]
public class HeightNetworkTests
{
    private static HeightModelSpec Spec(string architecture, int bands = 8) => new()
    {
        Architecture = architecture, Encoder = "resnet-tiny", EncoderDepth = 5, Bands = bands, TargetMean = 100, TargetStd = 10,
    };

    [Theory]
    [InlineData("unet")]
    [InlineData("unetpp")]
    public void Inputs_that_are_not_a_multiple_of_32_come_back_at_their_own_size(string architecture)
    {
        using var scope = torch.NewDisposeScope();
        using var network = new HeightNetwork(Spec(architecture));
        network.eval();
        using var noGrad = torch.no_grad();
        var output = network.call(torch.randn(2, 8, 37, 50));
        Assert.Equal([2L, 1, 37, 50], output.shape);
    }

    [Fact]
    public void A_wrong_band_count_is_refused_naming_both_counts()
    {
        using var scope = torch.NewDisposeScope();
        using var network = new HeightNetwork(Spec("unet"));
        var e = Assert.Throws<ArgumentException>(() => network.call(torch.randn(1, 5, 32, 32)));
        Assert.Contains("(N, 8, H, W)", e.Message);
        Assert.Contains("1, 5, 32, 32", e.Message);
    }

    [Fact]
    public void Input_statistics_standardise_the_bands_inside_the_network()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new HeightNetwork(Spec("unet", 2));
        using var b = new HeightNetwork(Spec("unet", 2));
        Checkpoint.LoadStateDict(b, a.state_dict());
        b.SetInputStatistics([1f, -2f], [2f, 4f]);
        a.eval();
        b.eval();
        using var noGrad = torch.no_grad();
        var x = torch.randn(1, 2, 32, 32);
        var shifted = torch.cat([x.narrow(1, 0, 1) * 2 + 1, x.narrow(1, 1, 1) * 4 - 2], 1);
        ReferenceAssert(a.call(x), b.call(shifted));
    }

    [Fact]
    public void A_tiny_network_overfits_one_batch_of_landscape_patches()
    {
        using var scope = torch.NewDisposeScope();
        var config = HeightTestData.Tiny();
        var scene = HeightData.Prepare(config);
        var batch = PatchBatches.Random(scene, scene.TrainRegion, 32, 4, 4, seed: 1, augment: false).Batches(0).Single();
        batch.Input.MoveToOuterDisposeScope();
        batch.Target.MoveToOuterDisposeScope();
        batch.Mask!.MoveToOuterDisposeScope();
        var spec = HeightTask.Spec("unet", scene, config);
        torch.manual_seed(5);
        using var network = new HeightNetwork(spec);
        var (mean, std) = scene.InputStatistics();
        network.SetInputStatistics(mean, std);
        var trainer = new Trainer(network, new TrainerOptions { Epochs = 80, LearningRate = 3e-3, Schedule = "none", Patience = 0, RestoreBest = false },
            new TargetNormalizer(spec.TargetMean, spec.TargetStd));
        var history = trainer.Fit(new InMemoryBatches([batch]));
        Assert.True(history.Epochs[^1].TrainLoss < 0.1 * history.Epochs[0].TrainLoss,
            $"loss {history.Epochs[0].TrainLoss:G4} -> {history.Epochs[^1].TrainLoss:G4}");
    }

    private static void ReferenceAssert(Tensor expected, Tensor actual)
    {
        var e = expected.contiguous().data<float>().ToArray();
        var a = actual.contiguous().data<float>().ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < 1e-4, $"element {i}: {e[i]} vs {a[i]}");
    }
}
