using System.Globalization;
using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using EarthEmbed.Torch.Optim;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The three models of the replication by name, built from a config with the same seed.</summary>
public static class JointSegModels
{
    /// <summary>Model names in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["jointseg", "bilinear_unet", "lowres_unet"];

    /// <summary>Builds model <paramref name="name"/> after seeding libtorch with <paramref name="seed"/>.</summary>
    public static Module<Tensor, Tensor> Create(string name, JointSegConfig config, int seed, int bands = 4)
    {
        ArgumentNullException.ThrowIfNull(config);
        Engine.ManualSeed(seed);
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
    public static List<double> Train(Module<Tensor, Tensor> model, IReadOnlyList<SceneTensors> scenes, JointSegConfig config,
        int seed, IProgress<string>? progress = null, int? steps = null, string? name = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        var total = steps ?? config.Steps;
        var sampler = new PatchSampler(scenes, config.PatchSize, seed, config.IsaPatchShare);
        model.Train();
        using var optimizer = new AdamW(model.Parameters(), lr: config.LearningRate, weightDecay: config.WeightDecay);
        var schedule = new CosineAnnealingLR(optimizer, total, config.LearningRate * 0.05);
        UNetDiscriminator? discriminator = null;
        AdamW? dOptimizer = null;
        if (model is JointSegModel && config.AdversarialWeight > 0)
        {
            discriminator = new UNetDiscriminator(scenes[0].Sample.Bands, config.DiscriminatorChannels);
            dOptimizer = new AdamW(discriminator.Parameters(), lr: config.LearningRate, beta1: 0.5, beta2: 0.99, weightDecay: 0);
        }
        var losses = new List<double>(total);
        try
        {
            for (var step = 0; step < total; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = DisposeScope.Enter();
                var batch = sampler.Next(config.BatchSize);
                optimizer.ZeroGrad();
                Tensor? fake = null;
                Tensor loss;
                switch (model)
                {
                    case JointSegModel joint:
                    {
                        var output = joint.ForwardAll(batch.Low);
                        loss = JointSegLosses.SuperResolution(output.SuperResolved, batch.High).Mul(config.SrWeight)
                            .Add(JointSegLosses.Segmentation(output.Logits, batch.Label, config.DiceWeight).Mul(config.SegWeight));
                        fake = output.SuperResolved[^1];
                        if (discriminator is not null)
                        {
                            var judged = discriminator.Forward(fake);
                            loss = loss.Add(F.BinaryCrossEntropyWithLogits(judged, Tensor.OnesLike(judged)).Mul(config.AdversarialWeight));
                        }
                        break;
                    }
                    case LowResUNet low:
                        loss = JointSegLosses.Segmentation(low.ForwardLow(batch.Low), F.AvgPool2d(batch.Label, low.Factor), config.DiceWeight);
                        break;
                    default:
                        loss = JointSegLosses.Segmentation(model.Forward(batch.Low), batch.Label, config.DiceWeight);
                        break;
                }
                loss.Backward();
                optimizer.Step();
                schedule.Step();
                if (discriminator is not null && fake is not null)
                {
                    dOptimizer!.ZeroGrad();
                    var real = discriminator.Forward(batch.High);
                    var generated = discriminator.Forward(fake.Detach());
                    var dLoss = F.BinaryCrossEntropyWithLogits(real, Tensor.OnesLike(real))
                        .Add(F.BinaryCrossEntropyWithLogits(generated, Tensor.ZerosLike(generated)));
                    dLoss.Backward();
                    dOptimizer.Step();
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
        model.Eval();
        return losses;
    }
}
