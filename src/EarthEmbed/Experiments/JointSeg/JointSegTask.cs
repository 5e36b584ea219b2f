using System.Globalization;
using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The losses of one JointSeg step, as a <see cref="TrainingTask{TBatch}"/>: JointSeg's SR L1 + segmentation
/// (+ adversarial, parts "sr", "seg", "adv"), the low-resolution U-Net's segmentation at 10 m, the bilinear U-Net's
/// at 1 m; with an adversarial weight, the discriminator's own AdamW step (beta1 0.5, beta2 0.99, constant learning
/// rate) after the generator's, and both saved in every checkpoint.
///
/// <see cref="Train"/> is the training of the replication on the shared <see cref="Trainer"/>: AdamW with a per-step cosine
/// schedule down to 5 % of the learning rate, one random batch per step, the same batches for every model of a run
/// (same sampler seed). Steps are grouped into epochs of <see cref="JointSegConfig.StepsPerEpoch"/> (the trainer's
/// checkpoint and resume unit); each epoch's patches are drawn from a <see cref="PatchSampler"/> seeded by
/// (seed, epoch) alone, so a resumed run draws what an uninterrupted one would. Decision: this changed the draw order
/// of the earlier single-stream loop, so quick-mode numbers moved slightly; the maths of every step is unchanged.</summary>
internal sealed class JointSegTask : TrainingTask<PatchBatch>, IDisposable
{
    /// <summary>Trains <paramref name="model"/> for <see cref="JointSegConfig.Steps"/> steps (or
    /// <paramref name="steps"/>) on patches of <paramref name="scenes"/>; returns the loss of every step.
    /// JointSeg gets SR L1 + segmentation (+ adversarial with a <see cref="UNetDiscriminator"/> when
    /// <see cref="JointSegConfig.AdversarialWeight"/> is positive); the baselines get the segmentation loss
    /// (the 10 m U-Net against the ISA share of each 10 m pixel). With <paramref name="checkpointFolder"/>, the
    /// trainer checkpoints there after every epoch, and <paramref name="resume"/> continues from the last one.</summary>
    public static List<double> Train(nn.Module<Tensor, Tensor> model, IReadOnlyList<SceneTensors> scenes, JointSegConfig config,
        int seed, IProgress<string>? progress = null, int? steps = null, string? name = null,
        string? checkpointFolder = null, bool resume = false, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenes);
        ArgumentNullException.ThrowIfNull(config);
        if (scenes.Count == 0) throw new ArgumentException("no training scenes", nameof(scenes));
        var total = steps ?? config.Steps;
        var perEpoch = EpochLength(total, config.StepsPerEpoch);
        using var task = new JointSegTask(model, config, scenes[0].Sample.Bands);
        var label = name ?? model.GetType().Name;
        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = total / perEpoch, LearningRate = config.LearningRate, WeightDecay = config.WeightDecay,
            Schedule = "cosine_step", MinLearningRate = config.LearningRate * 0.05, Patience = 0, RestoreBest = false,
            Seed = seed, KeepStepLosses = true,
        }, checkpointFolder)
        {
            Log = progress is null ? null : line => progress.Report($"{label}: {line}"),
        };
        var history = trainer.Fit(task, new PatchBatches(scenes, config, seed, perEpoch), resume, cancellation);
        model.eval();
        return history.Epochs.SelectMany(e => e.StepLosses ?? []).ToList();
    }

    /// <summary>Steps per epoch for <paramref name="total"/> steps: the largest divisor of the total not above
    /// <paramref name="wanted"/>, so every epoch has the same length and the cosine schedule spans exactly the total.</summary>
    public static int EpochLength(int total, int wanted)
    {
        if (total < 1) throw new ArgumentOutOfRangeException(nameof(total), total, "steps must be positive");
        for (var d = Math.Clamp(wanted, 1, total); d > 1; d--)
            if (total % d == 0) return d;
        return 1;
    }

    /// <summary>Epoch <c>e</c>'s batches: a <see cref="PatchSampler"/> seeded by (seed, e).</summary>
    private sealed class PatchBatches(IReadOnlyList<SceneTensors> scenes, JointSegConfig config, int seed, int count) : IBatchSource<PatchBatch>
    {
        public int Count => count;

        public IEnumerable<PatchBatch> Batches(int epoch)
        {
            var sampler = new PatchSampler(scenes, config.PatchSize, EpochSeed.Of(seed, epoch), config.IsaPatchShare);
            for (var k = 0; k < count; k++) yield return sampler.Next(config.BatchSize);
        }
    }

    private readonly nn.Module<Tensor, Tensor> model;
    private readonly JointSegConfig config;
    private readonly UNetDiscriminator? discriminator;
    private readonly AdamW? dOptimizer;
    private Tensor? fake;

    /// <summary>The task of <paramref name="model"/> under <paramref name="config"/>; builds the discriminator (from
    /// libtorch's generator, right after the model) when JointSeg trains adversarially.</summary>
    public JointSegTask(nn.Module<Tensor, Tensor> model, JointSegConfig config, int bands)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        this.model = model;
        this.config = config;
        if (model is JointSegModel && config.AdversarialWeight > 0)
        {
            discriminator = new UNetDiscriminator(bands, config.DiscriminatorChannels);
            dOptimizer = torch.optim.AdamW(discriminator.parameters(), lr: config.LearningRate, beta1: 0.5, beta2: 0.99, weight_decay: 0);
        }
    }

    /// <inheritdoc/>
    public override nn.Module Model => model;

    /// <inheritdoc/>
    public override IReadOnlyList<CheckpointPart> Extras =>
        discriminator is null ? [] : [new CheckpointPart("discriminator", discriminator, dOptimizer)];

    /// <inheritdoc/>
    public override StepLoss Loss(PatchBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        fake = null;
        switch (model)
        {
            case JointSegModel joint:
            {
                var output = joint.ForwardAll(batch.Low);
                // Without a 1 m image (user rasters without image_1m; sr_weight is then 0 by validation) there is no SR term.
                var sr = batch.High is null ? null : JointSegLosses.SuperResolution(output.SuperResolved, batch.High);
                var seg = JointSegLosses.Segmentation(output.Logits, batch.Label, config.DiceWeight);
                var loss = sr is null ? seg.mul(config.SegWeight) : sr.mul(config.SrWeight).add(seg.mul(config.SegWeight));
                var parts = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                if (sr is not null) parts["sr"] = sr;
                parts["seg"] = seg;
                fake = output.SuperResolved[^1];
                if (discriminator is not null)
                {
                    var judged = discriminator.call(fake);
                    var adv = F.binary_cross_entropy_with_logits(judged, torch.ones_like(judged));
                    loss = loss.add(adv.mul(config.AdversarialWeight));
                    parts["adv"] = adv;
                }
                return new StepLoss(loss, parts);
            }
            case LowResUNet low:
                return new StepLoss(JointSegLosses.Segmentation(low.ForwardLow(batch.Low), F.avg_pool2d(batch.Label, low.Factor), config.DiceWeight));
            default:
                return new StepLoss(JointSegLosses.Segmentation(model.call(batch.Low), batch.Label, config.DiceWeight));
        }
    }

    /// <inheritdoc/>
    public override void ExtraStep(PatchBatch batch, long step)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (discriminator is null || fake is null) return;
        dOptimizer!.zero_grad();
        var real = discriminator.call(batch.High ?? throw new InvalidOperationException("adversarial training needs the 1 m image (image_1m)"));
        var generated = discriminator.call(fake.detach());
        var dLoss = F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
            .add(F.binary_cross_entropy_with_logits(generated, torch.zeros_like(generated)));
        dLoss.backward();
        dOptimizer.step();
    }

    /// <summary>Frees the discriminator and its optimiser (the model is the caller's).</summary>
    public void Dispose()
    {
        discriminator?.Dispose();
        dOptimizer?.Dispose();
    }
}
