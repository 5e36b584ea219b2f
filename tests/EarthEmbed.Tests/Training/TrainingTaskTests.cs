using EarthEmbed.Engine.Serialization;
using EarthEmbed.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Tests.Training;

// The trainer with a task of its own batch type, named loss parts and an extra module with its own optimiser (the
// JointSeg shape): a resumed run ends bit-identical to an uninterrupted one, also when the last checkpoint on disk
// was cut short (it falls back to the previous one).
[Collection(TrainerTests.Serial)]
public sealed class TrainingTaskTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ee-task-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
    }

    private sealed record Pair(Tensor X, Tensor Y);

    // Draws depend only on (seed, epoch): a fresh generator per epoch.
    private sealed class Draws(int seed) : IBatchSource<Pair>
    {
        public int Count => 3;

        public IEnumerable<Pair> Batches(int epoch)
        {
            var random = new Random(EpochSeed.Of(seed, epoch));
            for (var k = 0; k < Count; k++)
            {
                var x = tensor(Enumerable.Range(0, 4 * 2 * 6 * 6).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), [4, 2, 6, 6]);
                yield return new Pair(x, x.narrow(1, 0, 1) * 2 - x.narrow(1, 1, 1));
            }
        }
    }

    private sealed class AdversarialTask : TrainingTask<Pair>, IDisposable
    {
        private readonly Sequential generator;
        private readonly Sequential critic;
        private readonly AdamW criticOptimizer;
        private Tensor? fake;

        public AdversarialTask(long seed)
        {
            manual_seed(seed);
            generator = nn.Sequential(nn.Conv2d(2, 8, 3, padding: 1), nn.ReLU(), nn.Dropout(0.1), nn.Conv2d(8, 1, 1));
            critic = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.ReLU(), nn.Conv2d(4, 1, 1));
            criticOptimizer = optim.AdamW(critic.parameters(), lr: 1e-3, beta1: 0.5, beta2: 0.99, weight_decay: 0);
        }

        public override nn.Module Model => generator;

        public Sequential Critic => critic;

        public override IReadOnlyList<CheckpointPart> Extras => [new CheckpointPart("critic", critic, criticOptimizer)];

        public override StepLoss Loss(Pair batch)
        {
            fake = generator.call(batch.X);
            var fit = F.l1_loss(fake, batch.Y);
            var judged = critic.call(fake);
            var adv = F.binary_cross_entropy_with_logits(judged, ones_like(judged));
            return new StepLoss(fit.add(adv.mul(0.01)), new Dictionary<string, Tensor> { ["fit"] = fit, ["adv"] = adv });
        }

        public override void ExtraStep(Pair batch, long step)
        {
            criticOptimizer.zero_grad();
            var real = critic.call(batch.Y);
            var made = critic.call(fake!.detach());
            F.binary_cross_entropy_with_logits(real, ones_like(real)).add(F.binary_cross_entropy_with_logits(made, zeros_like(made))).backward();
            criticOptimizer.step();
        }

        public void Dispose()
        {
            generator.Dispose();
            critic.Dispose();
            criticOptimizer.Dispose();
        }
    }

    private static readonly TrainerOptions Options = new()
    {
        Epochs = 4, Seed = 7, Patience = 0, RestoreBest = false, Schedule = "cosine_step", MinLearningRate = 5e-5,
        LearningRate = 1e-3, ClipGradNorm = 1.0, KeepStepLosses = true,
    };

    private static float[] Weights(nn.Module m) => m.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    private (TrainingHistory History, float[] Generator, float[] Critic) Straight()
    {
        using var task = new AdversarialTask(1);
        var h = new Trainer(Options, Path.Combine(folder, "straight")).Fit(task, new Draws(5));
        return (h, Weights(task.Model), Weights(task.Critic));
    }

    private void Interrupt(string run, int afterEpochs)
    {
        using var cancel = new CancellationTokenSource();
        using var task = new AdversarialTask(1);
        var epochs = 0;
        var trainer = new Trainer(Options, Path.Combine(folder, run))
        {
            Log = line => { if (line.StartsWith("epoch", StringComparison.Ordinal) && ++epochs == afterEpochs) cancel.Cancel(); },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(task, new Draws(5), cancel: cancel.Token));
    }

    private (TrainingHistory History, float[] Generator, float[] Critic, List<string> Log) Resume(string run)
    {
        using var task = new AdversarialTask(99);  // other initial weights: everything must come from the checkpoint
        var log = new List<string>();
        var h = new Trainer(Options, Path.Combine(folder, run)) { Log = log.Add }.Fit(task, new Draws(5), resume: true);
        return (h, Weights(task.Model), Weights(task.Critic), log);
    }

    [Fact]
    public void A_task_with_an_extra_optimiser_resumes_exactly()
    {
        var straight = Straight();
        Interrupt("cut", 2);
        var resumed = Resume("cut");
        Assert.Contains(resumed.Log, l => l.Contains("after epoch 2", StringComparison.Ordinal));
        Assert.Equal(straight.Generator, resumed.Generator);
        Assert.Equal(straight.Critic, resumed.Critic);
        Assert.Equal(straight.History.Epochs.SelectMany(e => e.StepLosses!), resumed.History.Epochs.SelectMany(e => e.StepLosses!));
        Assert.Equal(straight.History.Epochs.Select(e => e.Parts!["adv"]), resumed.History.Epochs.Select(e => e.Parts!["adv"]));
        Assert.Equal(straight.History.Epochs.Select(e => e.LearningRate), resumed.History.Epochs.Select(e => e.LearningRate));
        Assert.Equal(4 * 3, straight.History.Epochs.Sum(e => e.StepLosses!.Count));
    }

    [Fact]
    public void A_truncated_last_checkpoint_is_detected_and_the_run_restarts_from_the_previous_one()
    {
        var straight = Straight();
        Interrupt("torn", 3);
        var last = Path.Combine(folder, "torn", "last.safetensors");
        using (var file = new FileStream(last, FileMode.Open)) file.SetLength(file.Length / 2);
        var resumed = Resume("torn");
        Assert.Contains(resumed.Log, l => l.Contains("unreadable", StringComparison.Ordinal));
        Assert.Contains(resumed.Log, l => l.Contains("previous.safetensors after epoch 2", StringComparison.Ordinal));
        Assert.Equal(straight.Generator, resumed.Generator);
        Assert.Equal(straight.Critic, resumed.Critic);
    }

    [Fact]
    public void Epoch_seeds_depend_on_seed_and_epoch_only()
    {
        Assert.Equal(EpochSeed.Of(3, 4), EpochSeed.Of(3, 4));
        Assert.NotEqual(EpochSeed.Of(3, 4), EpochSeed.Of(3, 5));
        Assert.NotEqual(EpochSeed.Of(3, 4), EpochSeed.Of(4, 4));
        Assert.True(EpochSeed.Of(long.MaxValue, int.MaxValue - 1) >= 0);
    }
}
