using EarthEmbed.Torch.Optim;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Optim;

/// <summary>Memory checks read this process's resident set size, so they run alone: no other test allocates
/// while they measure.</summary>
[CollectionDefinition("Resident memory", DisableParallelization = true)]
public class ResidentMemoryGroup
{
}

/// <summary>The requirement: a 1,000-step training loop holds flat memory (RSS after step 1,000 within 5 %
/// of RSS after step 100), with dispose scopes, and equally with explicit Dispose and no scope.</summary>
[Collection("Resident memory")]
public class FlatMemoryTests
{
    private const int Steps = 1000;

    /// <summary>VmRSS from /proc/self/status, in bytes.</summary>
    internal static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }

    /// <summary>A small conv net as raw parameters: conv 3->8, conv 8->8, global mean, linear 8->1.</summary>
    private static Tensor[] Parameters()
    {
        Engine.ManualSeed(11);
        using var scope = DisposeScope.Enter();
        Tensor P(long[] shape) => scope.Keep((Tensor.Randn(shape) * 0.1).RequiresGrad_());
        return [P([8, 3, 3, 3]), P([8]), P([8, 8, 3, 3]), P([8]), P([1, 8]), P([1])];
    }

    private static Tensor Loss(Tensor[] p, Tensor x, Tensor y)
    {
        var h = F.Relu(F.Conv2d(x, p[0], p[1], padding: 1));
        h = F.Relu(F.Conv2d(h, p[2], p[3], padding: 1));
        return F.MseLoss(F.Linear(h.Mean([2, 3]), p[4], p[5]), y);
    }

    private static void AssertFlat(long atStep100, long atStep1000)
    {
        var change = (atStep1000 - atStep100) / (double)atStep100;
        Assert.True(Math.Abs(change) <= 0.05,
            $"RSS went from {atStep100 / 1048576.0:F1} MiB at step 100 to {atStep1000 / 1048576.0:F1} MiB at step {Steps} ({change:P1})");
    }

    [Fact]
    public void A_thousand_training_steps_in_dispose_scopes_hold_flat_memory()
    {
        var p = Parameters();
        using var optimizer = new AdamW(p, lr: 1e-3);
        long atStep100 = 0, atStep1000 = 0;
        for (var step = 1; step <= Steps; step++)
        {
            using (var scope = DisposeScope.Enter())
            {
                var x = Tensor.Randn([8, 3, 16, 16]);
                var y = Tensor.Randn([8, 1]);
                optimizer.ZeroGrad();
                var loss = Loss(p, x, y);
                loss.Backward();
                optimizer.Step();
            }
            if (step == 100) atStep100 = ResidentBytes();
            if (step == Steps) atStep1000 = ResidentBytes();
        }
        optimizer.ZeroGrad();
        foreach (var t in p) t.Dispose();
        AssertFlat(atStep100, atStep1000);
    }

    [Fact]
    public void Without_a_scope_disposing_each_tensor_also_holds_flat_memory()
    {
        Assert.Null(DisposeScope.Current);
        var p = Parameters();
        using var optimizer = new AdamW(p, lr: 1e-3);
        long atStep100 = 0, atStep1000 = 0;
        for (var step = 1; step <= Steps; step++)
        {
            using (var x = Tensor.Randn([8, 3, 16, 16]))
            using (var y = Tensor.Randn([8, 1]))
            using (var h1 = F.Conv2d(x, p[0], p[1], padding: 1))
            using (var a1 = F.Relu(h1))
            using (var h2 = F.Conv2d(a1, p[2], p[3], padding: 1))
            using (var a2 = F.Relu(h2))
            using (var pooled = a2.Mean([2, 3]))
            using (var output = F.Linear(pooled, p[4], p[5]))
            using (var loss = F.MseLoss(output, y))
            {
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            }
            if (step == 100) atStep100 = ResidentBytes();
            if (step == Steps) atStep1000 = ResidentBytes();
        }
        optimizer.ZeroGrad();
        foreach (var t in p) t.Dispose();
        AssertFlat(atStep100, atStep1000);
    }

    [Fact]
    public void Disposing_a_large_tensor_returns_its_memory_at_once_without_the_garbage_collector()
    {
        const long bytes = 128L * 1024 * 1024;
        var before = ResidentBytes();
        var big = Tensor.Ones([bytes / 4]);  // ones touches every page
        var held = ResidentBytes();
        big.Dispose();
        var after = ResidentBytes();
        Assert.True(held - before > bytes * 0.9, $"allocating 128 MiB raised RSS by only {(held - before) / 1048576.0:F1} MiB");
        Assert.True(held - after > bytes * 0.9, $"disposing 128 MiB lowered RSS by only {(held - after) / 1048576.0:F1} MiB");
        Assert.True(big.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => big.Shape);
    }
}
