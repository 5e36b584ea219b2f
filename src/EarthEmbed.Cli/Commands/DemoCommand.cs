using System.CommandLine;
using EarthEmbed.Benchmarks.Demo;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed demo</c>: a short real training run on TorchSharp (about a minute on two cores) that writes
/// DIR/demo/metrics.json and DIR/demo/checkpoint.safetensors.</summary>
internal static class DemoCommand
{
    internal static Command Create()
    {
        var defaults = new DemoOptions();
        var outDir = new Option<string>("--out") { Description = $"Output folder (default '{defaults.OutDir}'); the run writes DIR/demo/." };
        var epochs = new Option<int?>("--epochs") { Description = $"Training epochs (default {defaults.Epochs})." };
        var command = new Command("demo",
            "Train a small U-Net on a synthetic per-pixel regression; print loss per epoch, validation RMSE and R2.")
        {
            outDir, epochs,
        };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                OutDir = parse.GetValue(outDir) ?? defaults.OutDir,
                Epochs = parse.GetValue(epochs) ?? defaults.Epochs,
            };
            var result = DemoRun.Run(options, new Lines(Console.Out));
            Console.WriteLine($"wrote {result.MetricsPath} and {result.CheckpointPath} ({result.Seconds:F0} s)");
            return 0;
        });
        return command;
    }

    private sealed class Lines(TextWriter output) : IProgress<string>
    {
        public void Report(string value)
        {
            output.WriteLine(value);
            output.Flush();
        }
    }
}
