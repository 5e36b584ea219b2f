using System.Globalization;
using EarthEmbed.Data.SuperResolution;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Paper 3's data: the training and test scenes (<see cref="Scenes"/>: synthetic, or the user's rasters) and
/// the round trip of scenes through GeoTIFF files. Step 1 (<see cref="JointSegExperiment.PrepareData"/>) turns them into
/// band statistics and standardised tensors (Data/SceneTensors.cs), which the patch sampler draws from.</summary>
internal static class JointSegData
{
    /// <summary>The training and test scenes with a sentence on where they come from (metrics.json's "data"):
    /// <see cref="MakeScenes"/> for <c>data: synthetic</c>, the user's rasters through <see cref="RasterScenes"/> for
    /// <c>data: rasters</c> (paths as given: absolute, relative to the working directory, or GDAL virtual paths).</summary>
    public static RasterSceneSet Scenes(JointSegConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (config.Data == "rasters")
            return RasterScenes.Read(new RasterSceneSource
            {
                Image10m = config.Image10m!, Bands = config.ImageBands, Labels1m = config.Labels1m!,
                Image1m = string.IsNullOrWhiteSpace(config.Image1m) ? null : config.Image1m, Factor = config.Factor,
                SceneSize = config.SceneSize, TestFraction = config.TestFraction, MinValidLabel = config.MinValidLabel,
            });
        var (train, test) = MakeScenes(config);
        return new RasterSceneSet(train, test, string.Create(CultureInfo.InvariantCulture,
            $"synthetic 1 m scenes (seed {config.Seed}): {config.TrainUrban} urban + {config.TrainRural} rural for training, {config.TestUrban} + {config.TestRural} for test, {config.SceneSize * 10} m square; 10 m input by Gaussian PSF + 10x block mean + noise. Paper: Sentinel-2 with Jilin-1 targets over China (F1 of bilinear_unet derived from the reported +9.5 points)."));
    }

    /// <summary>The synthetic training and test scenes (other seeds for test), urban first.</summary>
    public static (List<SuperResolutionSample> Train, List<SuperResolutionSample> Test) MakeScenes(JointSegConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sensor = new SensorModel(config.PsfSigma, config.SensorNoise);
        List<SuperResolutionSample> Make(int urban, int rural, int offset) =>
            Enumerable.Range(0, urban).Select(i => (SceneType.Urban, i)).Concat(Enumerable.Range(0, rural).Select(i => (SceneType.Rural, i)))
                .Select((t, k) =>
                {
                    var seed = ((long)config.Seed * 1000) + offset + ((int)t.Item1 * 100) + t.i;
                    var spec = new SceneSpec(t.Item1, seed, config.SceneSize, config.Factor, 500000 + (((offset / 500) * 40) + k) * 2000.0, 5000000);
                    return SyntheticScenes.Make(spec, sensor, $"{(offset == 0 ? "train" : "test")}-{t.Item1.ToString().ToLowerInvariant()}-{t.i}");
                }).ToList();
        return (Make(config.TrainUrban, config.TrainRural, 0), Make(config.TestUrban, config.TestRural, 500));
    }

    /// <summary>Writes <paramref name="scenes"/> as GeoTIFF triplets into <paramref name="folder"/> and reads them
    /// back through <see cref="SceneFiles.Read"/>: the same path real Sentinel-2 / 1 m data would take.</summary>
    public static List<SuperResolutionSample> ThroughFiles(IEnumerable<SuperResolutionSample> scenes, string folder, List<string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        var result = new List<SuperResolutionSample>();
        foreach (var s in scenes)
        {
            var (low, high, label) = SceneFiles.Write(s, folder, s.Name);
            var highPath = s.HighRes is null ? null : high;
            files?.AddRange(highPath is null ? [low, label] : [low, high, label]);
            result.Add(SceneFiles.Read(low, highPath, label, s.Type, s.Bands, name: s.Name));
        }
        return result;
    }
}
