using System.Globalization;
using EarthEmbed.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The three models of the replication by name, built from a config with the same seed.</summary>
public static class JointSegModels
{
    /// <summary>Model names in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["jointseg", "bilinear_unet", "lowres_unet"];

    /// <summary>Builds model <paramref name="name"/> after seeding libtorch with <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, JointSegConfig config, int seed, int bands = 4)
    {
        ArgumentNullException.ThrowIfNull(config);
        TorchEngine.EnsureLoaded();
        torch.manual_seed(seed);
        return name switch
        {
            "jointseg" => new JointSegModel(config, bands),
            "bilinear_unet" => new BilinearUNet(bands, config.Factor, config.BaselineEncoder),
            "lowres_unet" => new LowResUNet(bands, config.Factor, config.BaselineEncoder),
            _ => throw new ArgumentException($"unknown model '{name}'; expected one of {string.Join(", ", Names)}", nameof(name)),
        };
    }
}

/// <summary>The training loop of the replication (its own, not the shared Trainer: JointSeg returns several
/// outputs and an optional discriminator trains beside it). AdamW with a cosine-annealed learning rate, one random
/// batch per step, the same batches for every model of a run (same sampler seed).</summary>
public static class JointSegTraining
{
    /// <summary>Trains <paramref name="model"/> for <see cref="JointSegConfig.Steps"/> steps (or
    /// <paramref name="steps"/>) on patches of <paramref name="scenes"/>; returns the loss of every step.
    /// JointSeg gets SR L1 + segmentation (+ adversarial with a <see cref="UNetDiscriminator"/> when
    /// <see cref="JointSegConfig.AdversarialWeight"/> is positive); the baselines get the segmentation loss
    /// (the 10 m U-Net against the ISA share of each 10 m pixel).</summary>
    public static List<double> Train(nn.Module<Tensor, Tensor> model, IReadOnlyList<SceneTensors> scenes, JointSegConfig config,
        int seed, IProgress<string>? progress = null, int? steps = null, string? name = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        var total = steps ?? config.Steps;
        var sampler = new PatchSampler(scenes, config.PatchSize, seed, config.IsaPatchShare);
        model.train();
        using var optimizer = torch.optim.AdamW(model.parameters(), lr: config.LearningRate, weight_decay: config.WeightDecay);
        var schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, total, config.LearningRate * 0.05);
        UNetDiscriminator? discriminator = null;
        AdamW? dOptimizer = null;
        if (model is JointSegModel && config.AdversarialWeight > 0)
        {
            discriminator = new UNetDiscriminator(scenes[0].Sample.Bands, config.DiscriminatorChannels);
            dOptimizer = torch.optim.AdamW(discriminator.parameters(), lr: config.LearningRate, beta1: 0.5, beta2: 0.99, weight_decay: 0);
        }
        var losses = new List<double>(total);
        try
        {
            for (var step = 0; step < total; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var batch = sampler.Next(config.BatchSize);
                optimizer.zero_grad();
                Tensor? fake = null;
                Tensor loss;
                switch (model)
                {
                    case JointSegModel joint:
                    {
                        var output = joint.ForwardAll(batch.Low);
                        loss = JointSegLosses.SuperResolution(output.SuperResolved, batch.High).mul(config.SrWeight)
                            .add(JointSegLosses.Segmentation(output.Logits, batch.Label, config.DiceWeight).mul(config.SegWeight));
                        fake = output.SuperResolved[^1];
                        if (discriminator is not null)
                        {
                            var judged = discriminator.call(fake);
                            loss = loss.add(F.binary_cross_entropy_with_logits(judged, torch.ones_like(judged)).mul(config.AdversarialWeight));
                        }
                        break;
                    }
                    case LowResUNet low:
                        loss = JointSegLosses.Segmentation(low.ForwardLow(batch.Low), F.avg_pool2d(batch.Label, low.Factor), config.DiceWeight);
                        break;
                    default:
                        loss = JointSegLosses.Segmentation(model.call(batch.Low), batch.Label, config.DiceWeight);
                        break;
                }
                loss.backward();
                optimizer.step();
                schedule.step();
                if (discriminator is not null && fake is not null)
                {
                    dOptimizer!.zero_grad();
                    var real = discriminator.call(batch.High);
                    var generated = discriminator.call(fake.detach());
                    var dLoss = F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
                        .add(F.binary_cross_entropy_with_logits(generated, torch.zeros_like(generated)));
                    dLoss.backward();
                    dOptimizer.step();
                }
                var value = loss.ToDouble();
                if (!double.IsFinite(value))
                    throw new InvalidOperationException($"{name ?? model.GetType().Name}: loss became {value} at step {step + 1}; lower learning_rate");
                losses.Add(value);
                if (progress is not null && ((step + 1) % Math.Max(1, total / 5) == 0 || step + 1 == total))
                    progress.Report(string.Create(CultureInfo.InvariantCulture, $"{name ?? model.GetType().Name}: step {step + 1}/{total}, loss {value:0.0000}"));
            }
        }
        finally
        {
            discriminator?.Dispose();
            dOptimizer?.Dispose();
        }
        model.eval();
        return losses;
    }
}
