namespace EarthEmbed.Tests.Training;

/// <summary>libtorch's random generator is process-wide: tests that seed it and compare exact results run alone,
/// never in parallel with another test class that might draw numbers in between.</summary>
[CollectionDefinition(TrainerTests.Serial, DisableParallelization = true)]
public sealed class TrainerSerialDefinition;
