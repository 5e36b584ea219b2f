namespace EarthEmbed.Notebooks.Tests;

/// <summary>The tests that run a whole notebook (the tour, the three papers in quick mode) share this collection so
/// they run one at a time and alone: each training run uses every core, and two at once on a 2-core machine spend
/// their time in OpenMP threads spinning against each other (measured: several times the CPU of one run).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookRuns
{
    /// <summary>The collection's name, for <c>[Collection(NotebookRuns.Name)]</c>.</summary>
    public const string Name = "Notebook runs";
}
