using System.CommandLine;
using EarthEmbed.Benchmarks.EngineBench;
using EarthEmbed.Engine;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed bench engine</c>: the reference U-Net trained by EarthEmbed (on TorchSharp) and by PyTorch
/// side by side, with samples/s, their ratio, GFLOP/s and the share of the measured fp32 peak (see
/// docs/benchmarks.md).</summary>
internal static class BenchCommand
{
    internal static Command Create()
    {
        var bench = new Command("bench", "Side-by-side benchmarks against PyTorch.");
        bench.Subcommands.Add(CreateEngine());
        return bench;
    }

    private static Command CreateEngine()
    {
        var defaults = new EngineSettings();
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures to this JSON file." };
        var threads = new Option<int?>("--threads")
        {
            Description = "Threads for both engines (default: EARTHEMBED_THREADS, else OMP_NUM_THREADS, else the cores).",
        };
        var steps = new Option<int?>("--steps") { Description = $"Training steps per timed round (default {defaults.Steps})." };
        var rounds = new Option<int?>("--rounds") { Description = $"Timed rounds per engine (default {defaults.Rounds})." };
        // Dropped with the move to TorchSharp (no autocast); kept, hidden, to say so instead of "unrecognized option".
        var bf16 = new Option<bool>("--bf16") { Hidden = true, Description = "No longer available (TorchSharp has no autocast)." };
        var channelsLast = new Option<bool>("--channels-last") { Description = "Also measure fp32 channels-last (NHWC) memory format." };
        var quick = new Option<bool>("--quick")
        {
            Description = "A few steps on small tiles: checks that everything runs; the figures mean little.",
        };
        var command = new Command("engine",
            "Train the reference U-Net (64 bands, 128x128, batch 8, base 32, depth 4, AdamW) with EarthEmbed and with " +
            "PyTorch in the same run; print samples/s, ratio, GFLOP/s and the share of the fp32 GEMM peak.")
        {
            json, threads, steps, rounds, bf16, channelsLast, quick,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(bf16))
            {
                Console.Error.WriteLine("bench engine: --bf16 is no longer available: TorchSharp 0.107 has no autocast, so " +
                    "EarthEmbed cannot run the bf16 step PyTorch's torch.autocast runs (see docs/benchmarks.md). " +
                    "`benchmarks/pytorch/unet_train.py --bf16` still measures PyTorch alone.");
                return 2;
            }
            var threadCount = parse.GetValue(threads);
            try
            {
                threadCount ??= TorchEngine.RequestedThreads;  // the count TorchEngine itself would start with
            }
            catch (ArgumentException e)
            {
                Console.Out.WriteLine($"bench engine: {e.Message}");
                return 2;
            }
            var settings = parse.GetValue(quick) ? EngineSettings.Quick : defaults;
            settings = settings with
            {
                Threads = threadCount.Value,
                Steps = parse.GetValue(steps) ?? settings.Steps,
                Rounds = parse.GetValue(rounds) ?? settings.Rounds,
            };
            return Run(settings, EngineVariant.Selection(parse.GetValue(channelsLast)),
                parse.GetValue(json), Console.Out);
        });
        return command;
    }

    internal static int Run(EngineSettings settings, IReadOnlyList<EngineVariant> variants, FileInfo? json, TextWriter output)
    {
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"bench engine: {e.Message}");
            return 2;
        }
        // libtorch must start with the benchmark's thread count: lowering it later can leave surplus OpenMP threads
        // beside the working one (2-10x slower steps on a busy machine, seen with the old engine). TorchEngine reads
        // this variable when it first loads TorchSharp, which has not happened yet in this process.
        Environment.SetEnvironmentVariable("EARTHEMBED_THREADS", settings.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var progress = new Progress(output);
        var result = EngineBenchmark.Run(settings, variants, progress);
        output.WriteLine();
        output.WriteLine(EngineBenchmark.Table(result));
        output.WriteLine($"ratio = EarthEmbed / PyTorch samples/s (median of {settings.Rounds} interleaved rounds of " +
            $"{settings.Steps} steps); GFLOP/s from {result.Variants[0].GflopPerSample:F2} GFLOP per sample; peak share = " +
            "GFLOP/s / the fp32 GEMM peak.");
        if (json is not null)
        {
            result.WriteJson(json.FullName);
            output.WriteLine($"wrote {json.FullName}");
        }
        return 0;
    }

    /// <summary>Prints progress lines at once (System.Progress would post them to the thread pool, out of order).</summary>
    private sealed class Progress(TextWriter output) : IProgress<string>
    {
        private readonly DateTime start = DateTime.UtcNow;

        public void Report(string value)
        {
            output.WriteLine($"[{(DateTime.UtcNow - start).TotalSeconds,5:F0} s] {value}");
            output.Flush();
        }
    }
}
