namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>Tests that seed libtorch's global generator (<see cref="Engine.ManualSeed"/>) and then expect PyTorch's
/// exact draws. xUnit runs other test classes in parallel, and any of them drawing random numbers between the seed
/// and the draw would change the numbers, so this collection runs alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededRandomTests
{
    /// <summary>The collection's name for <c>[Collection(...)]</c>.</summary>
    public const string Name = "Seeded global random generator";
}
