using static TorchSharp.torch;

namespace EarthEmbed.Training;

/// <summary>One mini-batch: inputs, targets and an optional validity mask (1 where the target is valid) of the
/// targets' shape. The trainer opens a dispose scope (<c>torch.NewDisposeScope()</c>) before asking for each batch, so batch tensors
/// made by a source are freed after their step without the source doing anything.</summary>
public sealed record Batch(Tensor Input, Tensor Target, Tensor? Mask = null);

/// <summary>A dataset split the trainer can iterate: <see cref="Batches"/> yields the batches of one epoch, in an
/// order that may depend on the epoch (seeded shuffling), so a resumed run sees the same order.</summary>
public interface IBatchSource
{
    /// <summary>Batches per epoch (for progress and per-step schedules).</summary>
    int Count { get; }

    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based), created lazily.</summary>
    IEnumerable<Batch> Batches(int epoch);
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
