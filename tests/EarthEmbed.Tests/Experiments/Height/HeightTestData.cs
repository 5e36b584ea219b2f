using EarthEmbed.Data.Synthetic;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Training;

namespace EarthEmbed.Tests.Experiments.Height;

/// <summary>Tiny configs and folders for the height tests (seconds, not minutes).</summary>
internal static class HeightTestData
{
    internal static string RepoRoot() => RepoPaths.Root();

    /// <summary>A 96 x 96 landscape with 16 bands, a depth-3 tiny network, 32-pixel patches, two epochs.</summary>
    internal static HeightConfig Tiny(int seed = 3) => new()
    {
        Landscape = new LandscapeConfig { Width = 96, Height = 96, Bands = 16, HillScale = 400, Seed = seed },
        Seed = seed,
        Encoder = "resnet-tiny",
        EncoderDepth = 3,
        DecoderChannels = [16, 16, 8],
        PatchSize = 32,
        BatchSize = 4,
        PatchesPerEpoch = 8,
        ValidationFraction = 0.34,
        Training = new TrainerOptions { Epochs = 2, LearningRate = 3e-3, Schedule = "none", Patience = 0, Seed = seed },
        TileSize = 64,
        TileOverlap = 16,
    };

    internal static string Folder(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "height", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
