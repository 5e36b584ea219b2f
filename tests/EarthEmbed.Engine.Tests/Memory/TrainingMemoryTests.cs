using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Memory;

/// <summary>Runs alone (no other test class in parallel), so that the process's resident memory is this test's.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

[Collection(nameof(RunsAlone))]
public class TrainingMemoryTests
{
    private const int Steps = 1_000;
    private const int ReadEvery = 100;

    /// <summary>Every tensor a step makes is disposed with the step's scope: the count of live tensors is the same
    /// at step 100 and step 1,000, and so is the resident memory (within 5 %).</summary>
    /// <remarks>The RSS is read every 100 steps after a full collection with finalizers run. Without those
    /// collections it grows by about 4 % over the 900 steps and is not a leak: TorchSharp's <c>Scalar</c>s made by
    /// implicit conversions (AdamW's <c>mul_(beta1)</c>, <c>alpha: 1 - beta1</c>, ...) are not in dispose scopes and
    /// are freed only by their finalizers, a step allocates so little managed memory that no collection runs in 900
    /// steps, and glibc keeps the arena's high-water mark resident. Collections bound it. A real leak fails: keeping a
    /// 768 KiB tensor alive each step (tried by hand) adds about 80 MB every 100 steps.</remarks>
    [Fact]
    public void A_thousand_training_steps_in_dispose_scopes_keep_resident_memory_and_live_tensors_flat()
    {
        TorchEngine.EnsureLoaded();
        using var outer = NewDisposeScope();
        var generator = new Generator(23);
        // Activations of 16 x 16 x 16 x 16 floats (256 KiB): one left undisposed a step shows in the RSS (~230 MB).
        var model = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding: 1), nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding: 1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 4));
        var optimizer = optim.AdamW(model.parameters(), lr: 1e-3);
        var x = randn([16, 3, 16, 16], generator: generator);
        var y = randint(0, 4, [16], generator: generator);

        var rss = new List<long>();
        long liveAtFirst = 0;
        float lossAtFirst = 0, loss = 0;
        for (var step = 0; step <= Steps; step++)
        {
            if (step > 0 && step % ReadEvery == 0)
            {
                rss.Add(ResidentBytes());
                if (step == ReadEvery) (liveAtFirst, lossAtFirst) = (LiveTensors(), loss);
            }
            if (step == Steps) break;
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var output = nn.functional.cross_entropy(model.call(x), y);
            output.backward();
            optimizer.step();
            loss = output.item<float>();
        }

        Assert.True(loss < lossAtFirst, $"the model did not train: loss {lossAtFirst} at step {ReadEvery}, {loss} at {Steps}");
        Assert.Equal(liveAtFirst, LiveTensors());
        var (first, last) = (rss[0], rss[^1]);
        var growth = (double)(last - first) / first;
        // One-sided: a leak makes the resident set grow. It may shrink (glibc hands freed arenas back, the kernel
        // reclaims pages while other test processes load the machine: -11 % was seen under load), which is no leak;
        // the live-tensor count above is the exact check.
        Assert.True(growth <= 0.05, string.Create(CultureInfo.InvariantCulture,
            $"RSS {first / 1e6:F1} MB at step {ReadEvery}, {last / 1e6:F1} MB at step {Steps} ({growth:P1}); " +
            $"every {ReadEvery} steps: {string.Join(", ", rss.Select(r => (r / 1e6).ToString("F1", CultureInfo.InvariantCulture)))} MB"));
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    /// <summary>The process's resident set (/proc/self/statm, else the working set), after a full collection with
    /// finalizers run so that managed garbage and the native memory it holds (Scalars) do not count.</summary>
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (File.Exists("/proc/self/statm"))
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}
