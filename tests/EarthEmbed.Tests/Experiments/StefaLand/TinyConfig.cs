#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments.StefaLand;

namespace EarthEmbed.Tests.Experiments.StefaLand;

/// <summary>A config that runs the whole pipeline in seconds: 2 regions of 5 sites, 2 years, 16-day windows.</summary>
internal static class TinyConfig
{
    internal static StefaLandConfig Make() => new()
    {
        Regions = 2, SitesPerRegion = 5, Years = 2, TestYears = 1, SequenceLength = 16, DModel = 8, Heads = 2, Layers = 1,
        FeedForward = 16, EmbedHidden = 4, MinMaskDays = 2, MaxMaskDays = 6, PretrainEpochs = 2, PretrainSamplesPerEpoch = 16,
        PretrainLearningRate = 1e-3, BatchSize = 8, FinetuneEpochs = 1, FinetuneSamplesPerEpoch = 16, WarmupDays = 4,
        LstmHidden = 8, PubFolds = 2, PubFoldsRun = 1, PurRegions = [], SecondaryTasks = true, SaveCheckpoints = true,
    };
}
