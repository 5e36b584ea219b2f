using static TorchSharp.torch;

namespace EarthEmbed.Training;

/// <summary>One mini-batch: inputs, targets and an optional validity mask (1 where the target is valid) of the
/// targets' shape. The trainer opens a dispose scope (<c>torch.NewDisposeScope()</c>) before asking for each batch, so batch tensors
/// made by a source are freed after their step without the source doing anything.</summary>
public sealed record Batch(Tensor Input, Tensor Target, Tensor? Mask = null);

/// <summary>A dataset split the trainer can iterate: <see cref="Batches"/> yields the batches of one epoch. Contract:
/// what an epoch draws depends only on (the source's seed, the epoch), never on what earlier epochs
/// drew, so a run resumed at epoch k sees exactly the batches an uninterrupted run would (sources derive a fresh
/// generator per epoch, e.g. with <see cref="EpochSeed"/>).</summary>
/// <typeparam name="TBatch">What one step consumes (<see cref="Batch"/> for the height paper; the papers' own
/// records for JointSeg and StefaLand).</typeparam>
public interface IBatchSource<out TBatch>
{
    /// <summary>Batches per epoch (for progress and per-step schedules).</summary>
    int Count { get; }

    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based), created lazily.</summary>
    IEnumerable<TBatch> Batches(int epoch);
}

/// <summary>A batch source of <see cref="Batch"/> (inputs, targets, mask).</summary>
public interface IBatchSource : IBatchSource<Batch>
{
}

/// <summary>The seed of one epoch's draws, from the run's seed and the epoch alone (see <see cref="IBatchSource{TBatch}"/>).</summary>
public static class EpochSeed
{
    /// <summary>A seed for <c>new Random(...)</c> that depends only on (<paramref name="seed"/>, <paramref name="epoch"/>)
    /// and differs between epochs (a SplitMix64 finaliser over both, folded to a non-negative int).</summary>
    public static int Of(long seed, int epoch)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)(epoch + 1) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }
}

/// <summary>A batch source over batches held in memory (tests, small experiments); the batches are reused every
/// epoch, so they must be created outside any scope.</summary>
public sealed class InMemoryBatches : IBatchSource
{
    private readonly IReadOnlyList<Batch> batches;

    /// <summary>Wraps the given batches.</summary>
    public InMemoryBatches(IReadOnlyList<Batch> batches) => this.batches = batches;

    /// <inheritdoc />
    public int Count => batches.Count;

    /// <inheritdoc />
    public IEnumerable<Batch> Batches(int epoch) => batches;
}
