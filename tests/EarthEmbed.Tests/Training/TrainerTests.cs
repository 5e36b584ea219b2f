using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using EarthEmbed.Training;

namespace EarthEmbed.Tests.Training;

// The trainer's promises: it learns, it is deterministic, it resumes exactly, it stops early, it stops clearly on NaN.
// Seeds are drawn in these tests, so they share one non-parallel collection.
[Collection(TrainerTests.Serial)]
public sealed class TrainerTests : IDisposable
{
    public const string Serial = "trainer (seeded, not parallel)";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ee-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
    }

    private static Sequential Model(long seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Conv2d(2, 8, 3, padding: 1), nn.ReLU(), nn.Dropout(0.1), nn.Conv2d(8, 1, 1));
    }

    // y = 2·x0 - x1 + 0.5, per pixel, on 4 batches of 4 images of 8x8; the mask hides the last row.
    private static InMemoryBatches Data(long seed, int batches = 4)
    {
        manual_seed(seed);
        var list = new List<Batch>();
        for (var k = 0; k < batches; k++)
        {
            var x = randn(4, 2, 8, 8);
            var y = (x.narrow(1, 0, 1) * 2 - x.narrow(1, 1, 1) + 0.5).DetachFromDisposeScope();
            var mask = ones(4, 1, 8, 8);
            mask.narrow(2, 7, 1).zero_();
            list.Add(new Batch(x.DetachFromDisposeScope(), y, mask.DetachFromDisposeScope()));
        }
        return new InMemoryBatches(list);
    }

    private static float[] Weights(nn.Module m) => m.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    [Fact]
    public void Training_drives_the_loss_down_on_a_learnable_problem()
    {
        using var model = Model(1);
        var h = new Trainer(model, new TrainerOptions { Epochs = 40, LearningRate = 1e-2, Patience = 0, Schedule = "none" })
            .Fit(Data(2), Data(3, 2));
        Assert.True(h.Epochs[^1].TrainLoss < 0.1 * h.Epochs[0].TrainLoss, $"first {h.Epochs[0].TrainLoss}, last {h.Epochs[^1].TrainLoss}");
        Assert.NotNull(h.Epochs[^1].ValidationLoss);
        Assert.Equal("epochs", h.StopReason);
    }

    [Fact]
    public void The_same_seed_gives_the_same_history_and_weights()
    {
        TrainingHistory Run(out float[] w)
        {
            using var m = Model(5);
            var h = new Trainer(m, new TrainerOptions { Epochs = 3, Seed = 9, Patience = 0 }).Fit(Data(6));
            w = Weights(m);
            return h;
        }
        var a = Run(out var wa);
        var b = Run(out var wb);
        Assert.Equal(a.Epochs.Select(e => e.TrainLoss), b.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(wa, wb);
    }

    [Fact]
    public void An_interrupted_run_resumes_from_its_last_checkpoint_and_ends_exactly_like_an_uninterrupted_one()
    {
        var options = new TrainerOptions { Epochs = 4, Seed = 3, Patience = 0, RestoreBest = false, Schedule = "cosine" };
        float[] straight;
        using (var m = Model(11))
        {
            new Trainer(m, options, checkpointFolder: Path.Combine(folder, "a")).Fit(Data(12));
            straight = Weights(m);
        }
        using var cancel = new CancellationTokenSource();
        using (var m = Model(11))
        {
            var t = new Trainer(m, options, checkpointFolder: Path.Combine(folder, "b"));
            var epochs = 0;
            t.Log = line => { if (line.StartsWith("epoch", StringComparison.Ordinal) && ++epochs == 2) cancel.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => t.Fit(Data(12), cancel: cancel.Token));
            Assert.True(File.Exists(t.LastCheckpoint));
        }
        using (var m = Model(99))  // different initial weights: everything must come from the checkpoint
        {
            var h = new Trainer(m, options, checkpointFolder: Path.Combine(folder, "b")).Fit(Data(12), resume: true);
            Assert.Equal(4, h.Epochs.Count);
            Assert.Equal(straight, Weights(m));
        }
    }

    [Fact]
    public void Early_stopping_ends_training_after_the_patience_runs_out_and_restores_the_best_weights()
    {
        using var model = Model(21);
        manual_seed(22);
        var noise = new InMemoryBatches([new Batch(randn(4, 2, 8, 8).DetachFromDisposeScope(), randn(4, 1, 8, 8).DetachFromDisposeScope())]);
        var t = new Trainer(model, new TrainerOptions { Epochs = 50, LearningRate = 3e-2, Patience = 2, Schedule = "none" }, checkpointFolder: folder);
        var h = t.Fit(Data(23, 2), noise);  // validation targets are pure noise: it stops improving quickly
        Assert.Equal("early stopping", h.StopReason);
        Assert.True(h.Epochs.Count < 50);
        Assert.Equal(2, h.EpochsWithoutImprovement);
        Assert.Equal(h.BestLoss, t.Evaluate(noise), 5);  // the best epoch's weights are back
    }

    [Fact]
    public void A_NaN_loss_stops_training_with_a_message_that_says_what_to_try()
    {
        using var model = Model(31);
        var x = full([2, 2, 8, 8], double.NaN).DetachFromDisposeScope();
        var bad = new InMemoryBatches([new Batch(x, zeros(2, 1, 8, 8).DetachFromDisposeScope())]);
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(model, new TrainerOptions { Epochs = 2 }).Fit(bad));
        Assert.Contains("epoch 1, step 1", e.Message);
        Assert.Contains("learning_rate", e.Message);
    }
}

public class MaskedLossTests
{
    [Fact]
    public void Masked_positions_do_not_count_and_the_mean_is_over_valid_ones()
    {
        using var scope = NewDisposeScope();
        var p = tensor(new float[] { 1, 2, 3, 100 });
        var t = tensor(new float[] { 0, 0, 0, 0 });
        var m = tensor(new float[] { 1, 1, 1, 0 });
        Assert.Equal((1 + 4 + 9) / 3.0, MaskedLoss.Compute("mse", p, t, m).ToDouble(), 5);
        Assert.Equal((1 + 2 + 3) / 3.0, MaskedLoss.Compute("l1", p, t, m).ToDouble(), 5);
        // Huber with δ = 1: 0.5 for |d| = 1, then |d| - 0.5: (0.5 + 1.5 + 2.5) / 3
        Assert.Equal(1.5, MaskedLoss.Compute("huber", p, t, m, 1.0).ToDouble(), 5);
    }

    [Fact]
    public void Shapes_that_differ_are_a_clear_error()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => MaskedLoss.Compute("mse", zeros(2, 3), zeros(3, 2), null));
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void The_target_normaliser_fits_finite_values_only_and_round_trips()
    {
        var n = TargetNormalizer.Fit([1f, 3f, float.NaN, 5f]);
        Assert.Equal(3, n.Mean, 12);
        Assert.Equal(Math.Sqrt(8.0 / 3), n.Std, 12);
        Assert.Equal(n, TargetNormalizer.FromMetadata(n.ToMetadata()));
    }
}
