using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using EarthEmbed.Benchmarks.Demo;
using EarthEmbed.Benchmarks.EngineBench;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class DemoRunTests
{
    [Fact]
    public void A_tiny_demo_writes_its_scores_and_a_checkpoint_of_the_models_state_under_pytorchs_names()
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
            Assert.Equal(2, metrics["train_loss_per_epoch"]!.AsArray().Count);

            // The checkpoint holds PyTorch's state-dict keys for the same model (read from the file's own header).
            var config = DemoRun.ModelConfig(options);
            var pytorch = PyTorchRunner.RunOnce(["--count-params", "--in-channels", $"{config.InChannels}",
                "--out-channels", $"{config.OutChannels}", "--base", $"{config.BaseChannels}", "--depth", $"{config.Depth}"]);
            Assert.Equal(pytorch["state_dict"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal),
                SafetensorsKeys(result.CheckpointPath).Order(StringComparer.Ordinal));

            // Loading it into two differently initialised models makes them the same model.
            TorchEngine.EnsureLoaded();
            using var scope = NewDisposeScope();
            var input = randn(2, config.InChannels, 16, 16);
            Tensor Loaded(long seed)
            {
                manual_seed(seed).Dispose();
                var model = new ReferenceUNet(config);
                model.load_safetensors(result.CheckpointPath);
                model.eval();
                using var noGrad = no_grad();
                return model.forward(input);
            }
            var (a, b) = (Loaded(1), Loaded(2));
            Assert.Equal(a.shape, b.shape);
            Assert.True(a.eq(b).all().item<bool>());
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

    /// <summary>The tensor names in a safetensors file: an 8-byte little-endian header length, then a JSON header.</summary>
    private static string[] SafetensorsKeys(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        file.ReadExactly(length);
        var header = new byte[checked((int)BinaryPrimitives.ReadUInt64LittleEndian(length))];
        file.ReadExactly(header);
        var json = JsonNode.Parse(Encoding.UTF8.GetString(header))!.AsObject();
        return json.Select(kv => kv.Key).Where(k => k != "__metadata__").ToArray();
    }

    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
