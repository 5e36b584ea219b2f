using System.Text.Json.Nodes;
using EarthEmbed.Benchmarks.Demo;
using EarthEmbed.Benchmarks.EngineBench;
using EarthEmbed.Torch.Serialization;

namespace EarthEmbed.Torch.Tests.Benchmarks;

public class DemoRunTests
{
    [Fact]
    public void A_tiny_demo_writes_its_scores_and_a_checkpoint_with_the_models_state()
    {
        var dir = Directory.CreateTempSubdirectory("ee-demo-");
        try
        {
            var options = new DemoOptions { OutDir = dir.FullName, Epochs = 2, TrainTiles = 16, ValidationTiles = 8, Batch = 8 };
            var lines = new List<string>();
            var result = DemoRun.Run(options, new Collect(lines));

            Assert.Equal(2, result.TrainLoss.Count);
            Assert.Equal(2, lines.Count(l => l.StartsWith("epoch", StringComparison.Ordinal)));
            Assert.Equal(Path.Combine(dir.FullName, "demo", "metrics.json"), result.MetricsPath);
            var metrics = JsonNode.Parse(File.ReadAllText(result.MetricsPath))!;
            var validation = metrics["models"]!["reference_unet"]!["validation"]!;
            Assert.Equal(result.ValidationRmse, validation["rmse"]!.GetValue<double>());
            Assert.Equal(result.ValidationR2, validation["r2"]!.GetValue<double>());
            Assert.True(result.ValidationRmse > 0 && double.IsFinite(result.ValidationR2));

            using var scope = DisposeScope.Enter();
            using var model = new ReferenceUNet(DemoRun.ModelConfig(options));
            var saved = SafeTensors.Load(result.CheckpointPath);
            Assert.Equal(model.StateDict().Keys.Order(), saved.Keys.Order());
            model.LoadStateDict(saved);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Zero_epochs_is_rejected_before_any_work()
    {
        var e = Assert.Throws<ArgumentException>(() => DemoRun.Run(new DemoOptions { Epochs = 0, OutDir = "unused" }));
        Assert.Contains("Epochs = 0", e.Message, StringComparison.Ordinal);
    }

    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
