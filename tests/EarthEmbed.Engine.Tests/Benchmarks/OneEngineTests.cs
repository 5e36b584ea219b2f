using System.Runtime.Loader;
using EarthEmbed.Benchmarks.Demo;
using EarthEmbed.Benchmarks.EngineBench;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class OneEngineTests
{
    [Fact]
    public void Training_and_scoring_run_on_TorchSharp_without_loading_the_old_binding()
    {
        // The benchmarks reference the science library for its metrics, which references EarthEmbed.Torch: that
        // assembly sits beside this one, but loading its libtorch 1.13 beside TorchSharp's 2.10 would crash the process.
        var settings = new EngineSettings
        {
            Model = new UNetConfig(InChannels: 4, OutChannels: 1, BaseChannels: 4, Depth: 1),
            Batch = 1, Size = 8, Steps = 1, Rounds = 1, Warmup = 0, Threads = 1,
        };
        using (var trainer = new EngineTrainer(settings, EngineVariant.Fp32)) trainer.Step(readLoss: true);
        using (var scope = NewDisposeScope()) DemoRun.Score(ones(4), ones(4) * 2);

        Assert.DoesNotContain(AssemblyLoadContext.All.SelectMany(c => c.Assemblies), a => a.GetName().Name == "EarthEmbed.Torch");
        if (File.Exists("/proc/self/maps"))
        {
            var maps = File.ReadAllText("/proc/self/maps");
            Assert.DoesNotContain("libearthembed_torch", maps, StringComparison.Ordinal);
            Assert.DoesNotContain(".so.1.13", maps, StringComparison.Ordinal); // Debian's libtorch and libc10
            Assert.Contains("libtorch", maps, StringComparison.Ordinal); // TorchSharp's is loaded
        }
    }
}
