#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Experiments.StefaLand;

/// <summary>`earthembed replicate stefaland --config tiny.yaml` as the command line runs it: through the
/// <see cref="IExperiment"/> found by name and the shared <see cref="ExperimentRunner"/>.</summary>
public class StefaLandReplicationTests
{
    [Fact]
    public void Replicate_stefaland_with_a_tiny_config_writes_metrics_a_report_and_checkpoints()
    {
        var experiment = ExperimentCatalog.Find("stefaland");
        Assert.Equal(2, experiment.Order);
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "stefaland-replication");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var config = new StefaLandConfig
        {
            Regions = 2, SitesPerRegion = 4, Years = 2, TestYears = 1, SequenceLength = 16, DModel = 8, Heads = 2, Layers = 1,
            FeedForward = 16, EmbedHidden = 4, MinMaskDays = 2, MaxMaskDays = 6, PretrainEpochs = 1, PretrainSamplesPerEpoch = 8,
            BatchSize = 8, FinetuneEpochs = 1, FinetuneSamplesPerEpoch = 8, WarmupDays = 4, LstmHidden = 8, PubFolds = 2,
            PubFoldsRun = 1, PurRegions = [], SecondaryTasks = false,
        };
        var path = Path.Combine(folder, "tiny.yaml");
        File.WriteAllText(path, ConfigFile.Save(config));
        var lines = new List<string>();
        var run = ExperimentRunner.Run(experiment, new ExperimentOptions
        {
            Mode = "quick", ConfigPath = path, OutDir = Path.Combine(folder, "out"), Progress = new Progress<string>(lines.Add), Seed = 5,
        });
        var metrics = MetricsReport.Load(Path.Combine(folder, "out", "metrics.json"));
        Assert.Equal(new[] { "linear_probe", "lstm", "scratch", "stefaland" }, metrics.Models.Keys);
        Assert.All(metrics.Models.Values, m => Assert.Equal(new[] { "gauged", "pub", "pur" }, m.Keys));
        Assert.Equal(0.636, metrics.Paper["lstm"]["pub"]["nse"]);
        Assert.Contains("seed: 5", File.ReadAllText(Path.Combine(folder, "out", "config.yaml")), StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(folder, "out", "report.html"));
        Assert.Contains("Verdict", html, StringComparison.Ordinal);
        Assert.Contains("supervised LSTM", run.Outcome.Report.BodyHtml, StringComparison.Ordinal);
        Assert.Contains(run.Folder.Files, f => f.EndsWith("pub-1-encoder.safetensors", StringComparison.Ordinal));
    }
}
