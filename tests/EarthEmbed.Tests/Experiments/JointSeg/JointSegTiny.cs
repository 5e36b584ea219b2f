using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Experiments.JointSeg;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>A tiny config and scenes for fast model tests.</summary>
internal static class JointSegTiny
{
    internal static JointSegConfig Config() => new()
    {
        SceneSize = 16, TrainUrban = 1, TrainRural = 1, TestUrban = 1, TestRural = 0, PatchSize = 16, BatchSize = 2, Steps = 3,
        TrunkChannels = 8, TrunkBlocks = 1, GrowthChannels = 4, StageChannels = [8, 4], StageBlocks = [1, 0], SegChannels = 4,
        DiscriminatorChannels = 4, OlindaWindow = 8,
    };

    internal static SuperResolutionSample Scene(SceneType type = SceneType.Urban, long seed = 1, int size = 16) =>
        SyntheticScenes.Make(new SceneSpec(type, seed, size), SensorModel.Sentinel2Like);
}
