using EarthEmbed.Experiments;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Runs;
using EarthEmbed.Tests.Experiments.Height;
using EarthEmbed.Tests.Training;

namespace EarthEmbed.Tests.Experiments;

// `replicate NAME --resume`, per paper, on tiny configs: a run cancelled mid-training (in its second model, so one model
// has finished and one is half done) and then resumed in the same folder ends with the metrics.json of a run never
// interrupted, byte for byte. (Cancellation lands between steps; a kill -9 lands anywhere, but the checkpoints are the
// same atomic files, and a torn one is covered by TrainingTaskTests.)
[Collection(TrainerTests.Serial)]
public sealed class ResumeTests
{
    // Progress<T> posts asynchronously; cancelling must happen on the line itself.
    private sealed class Lines(Action<string> action) : IProgress<string>
    {
        public void Report(string value) => action(value);
    }

    private static string Folder(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "resume", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    // notRedone: a progress line of the first model's training that a resumed run must not print again (a "resume" that
    // silently retrained from scratch would end with the same metrics, deterministic as the runs are).
    private static void InterruptThenResume(IExperiment experiment, IExperimentConfig config, string cancelAt, string notRedone)
    {
        var root = Folder(experiment.Name);
        string straight = Path.Combine(root, "straight"), cut = Path.Combine(root, "cut");
        ExperimentRunner.Run(experiment, config, straight, new RunContext());
        using var cancel = new CancellationTokenSource();
        var seen = false;
        var progress = new Lines(line =>
        {
            if (!line.Contains(cancelAt, StringComparison.Ordinal)) return;
            seen = true;
            cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => ExperimentRunner.Run(experiment, config, cut, new RunContext(progress, cancel.Token)));
        Assert.True(seen, $"no progress line contained '{cancelAt}'");
        Assert.False(File.Exists(Path.Combine(cut, "metrics.json")));
        var lines = new List<string>();
        ExperimentRunner.Run(experiment, config, cut, new RunContext(new Lines(lines.Add)) { Resume = true });
        Assert.Contains(lines, l => l.Contains("resumed from", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(notRedone, StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(straight, "metrics.json")), File.ReadAllText(Path.Combine(cut, "metrics.json")));
    }

    [Fact]
    public void Height_resumed_after_an_interruption_ends_with_the_same_metrics()
    {
        var config = HeightTestData.Tiny();
        config.Training.Epochs = 3;
        InterruptThenResume(new HeightExperiment(), config, "unetpp: epoch 1/3", "unet: epoch 1/3");
    }

    [Fact]
    public void A_height_run_of_two_seeds_resumed_in_its_second_seed_ends_with_the_same_metrics()
    {
        var config = HeightTestData.Tiny();
        config.Training.Epochs = 3;
        config.Seeds = [3, 5];
        InterruptThenResume(new HeightExperiment(), config, "seed 5: unetpp: epoch 1/3", "seed 3: unet: epoch 1/3");
    }

    [Fact]
    public void JointSeg_resumed_after_an_interruption_ends_with_the_same_metrics()
    {
        var config = JointSegConfig.Quick();
        config.SceneSize = 16;
        config.TrainUrban = config.TrainRural = config.TestUrban = config.TestRural = 1;
        config.Steps = 4;
        config.StepsPerEpoch = 2;
        config.BatchSize = 2;
        config.TrunkChannels = 8;
        config.GrowthChannels = 4;
        config.StageChannels = [8, 4];
        config.SegChannels = 4;
        config.OlindaWindow = 8;
        config.AdversarialWeight = 0.01;  // the discriminator and its optimiser must resume too
        InterruptThenResume(new JointSegExperiment(), config, "bilinear_unet: epoch 1/2", "jointseg: epoch 1/2");
    }

    [Fact]
    public void StefaLand_resumed_after_an_interruption_ends_with_the_same_metrics()
    {
        var config = new StefaLandConfig
        {
            Regions = 2, SitesPerRegion = 4, Years = 2, TestYears = 1, SequenceLength = 16, DModel = 8, Heads = 2, Layers = 1,
            FeedForward = 16, EmbedHidden = 4, MinMaskDays = 2, MaxMaskDays = 6, PretrainEpochs = 2, PretrainSamplesPerEpoch = 8,
            BatchSize = 8, FinetuneEpochs = 2, FinetuneSamplesPerEpoch = 8, WarmupDays = 4, LstmHidden = 8, PubFolds = 2,
            PubFoldsRun = 1, PurRegions = [], SecondaryTasks = false, Seed = 5,
        };
        InterruptThenResume(new StefaLandExperiment(), config, "pub-1 scratch (streamflow) epoch 1/2", "pub-1 pretrain epoch 1/2");
    }
}
