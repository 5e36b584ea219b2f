namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>Tests that seed libtorch's process-wide default generator and compare the draws exactly. The generator
/// is shared by every thread, so these run alone, after the parallel tests, where no other test can draw from it
/// between the seed and the draw.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTests
{
    /// <summary>The collection's name, for <c>[Collection(SeededTests.Name)]</c>.</summary>
    public const string Name = "Seeded default generator";
}
