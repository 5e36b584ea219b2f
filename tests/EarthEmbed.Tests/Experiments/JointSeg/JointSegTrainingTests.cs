using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>Training: one batch can be overfitted, a seeded run repeats exactly, the adversarial term runs, and
/// streamed tiled prediction agrees with whole-scene prediction.</summary>
[Collection(TrainerTests.Serial)]
public class JointSegTrainingTests
{
    [Fact]
    public void JointSeg_overfits_one_fixed_batch()
    {
        using var scope = NewDisposeScope();
        var config = JointSegTiny.Config();
        var sample = JointSegTiny.Scene(size: 16);
        var stats = BandStats.From([sample]);
        using var scene = new SceneTensors(sample, stats);
        var batch = new PatchSampler([scene], 8, seed: 1).Next(2);
        manual_seed(5);
        using var model = new JointSegModel(config);
        using var optimizer = optim.AdamW(model.parameters(), lr: 5e-3, weight_decay: 0);
        double first = 0, last = 0, firstSr = 0, lastSr = 0;
        for (var step = 0; step < 80; step++)
        {
            using var inner = NewDisposeScope();
            optimizer.zero_grad();
            var output = model.ForwardAll(batch.Low);
            var sr = JointSegLosses.SuperResolution(output.SuperResolved, batch.High!);
            var seg = JointSegLosses.Segmentation(output.Logits, batch.Label, 1.0);
            sr.add(seg).backward();
            optimizer.step();
            if (step == 0) { first = seg.ToDouble(); firstSr = sr.ToDouble(); }
            last = seg.ToDouble();
            lastSr = sr.ToDouble();
        }
        Assert.True(last < 0.5 * first, $"segmentation loss {first:0.000} -> {last:0.000}");
        Assert.True(lastSr < firstSr, $"super-resolution loss {firstSr:0.000} -> {lastSr:0.000}");
    }

    private static (List<double> Losses, float[] Probability) TrainTiny(JointSegConfig config)
    {
        var sample = JointSegTiny.Scene(size: 16);
        var stats = BandStats.From([sample]);
        using var scene = new SceneTensors(sample, stats);
        using var model = JointSegModels.Create("jointseg", config, config.Seed);
        var losses = JointSegTask.Train(model, [scene], config, config.Seed + 1);
        return (losses, JointSegEvaluation.Predict(model, scene, stats).Probability);
    }

    [Fact]
    public void The_same_config_and_seed_give_the_same_losses_and_predictions()
    {
        var config = JointSegTiny.Config();
        var a = TrainTiny(config);
        var b = TrainTiny(config);
        Assert.Equal(a.Losses, b.Losses);
        Assert.Equal(a.Probability, b.Probability);
        config.Seed = 8;
        Assert.NotEqual(a.Losses, TrainTiny(config).Losses);
    }

    [Fact]
    public void The_adversarial_term_trains_a_step_with_the_spectrally_normalised_discriminator()
    {
        var config = JointSegTiny.Config();
        config.AdversarialWeight = 0.01;
        config.Steps = 1;
        var (losses, probability) = TrainTiny(config);
        Assert.Single(losses);
        Assert.True(double.IsFinite(losses[0]));
        config.AdversarialWeight = 0;
        // The adversarial term adds to the loss of the same first batch.
        Assert.NotEqual(TrainTiny(config).Losses[0], losses[0]);
        Assert.All(probability, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void The_baselines_train_and_score_every_split()
    {
        var config = JointSegTiny.Config();
        config.Steps = 2;
        var urban = JointSegTiny.Scene(SceneType.Urban, 1);
        var rural = JointSegTiny.Scene(SceneType.Rural, 2);
        var stats = BandStats.From([urban, rural]);
        using var a = new SceneTensors(urban, stats);
        using var b = new SceneTensors(rural, stats);
        var report = new EarthEmbed.Runs.MetricsReport("jointseg", "test");
        foreach (var name in new[] { "bilinear_unet", "lowres_unet" })
        {
            using var model = JointSegModels.Create(name, config, 1);
            Assert.Equal(2, JointSegTask.Train(model, [a, b], config, 2).Count);
            var predictions = new[] { a, b }.Select(s => JointSegEvaluation.Predict(model, s, stats)).ToList();
            var confusions = JointSegEvaluation.Score(report, name, predictions, 0.5);
            Assert.Equal(["test", "test_rural", "test_urban"], confusions.Keys.Order().ToArray());
            Assert.Equal(2L * 160 * 160, confusions["test"].Total);
            Assert.Equal(confusions["test"], confusions["test_urban"] + confusions["test_rural"]);
        }
        Assert.True(report.Models["bilinear_unet"]["test"].ContainsKey("psnr"));
        Assert.False(report.Models["lowres_unet"]["test"].ContainsKey("psnr"));
    }
}
