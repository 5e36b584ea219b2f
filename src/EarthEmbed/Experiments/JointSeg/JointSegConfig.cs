using EarthEmbed.Runs;
using YamlDotNet.Serialization;
namespace EarthEmbed.Experiments.JointSeg;

/// <summary>Settings of the JointSeg replication (YAML keys in snake_case; configs/jointseg.quick.yaml and
/// configs/jointseg.full.yaml hold <see cref="Quick"/> and <see cref="Full"/>). The paper leaves the segmentation
/// network, loss weights and patch sizes open; here they are keys, with the choices documented in docs/jointseg.md.</summary>
public sealed class JointSegConfig : IRepeatableConfig
{
    /// <summary>Seed of the scenes, the weights and the batches.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Seeds to repeat the whole run with (issue 13's standard mode; <see cref="SeedRepeats"/>): each seed
    /// makes its own scenes, weights and batches in the sub-folder seed&lt;N&gt;/. Empty: one run with
    /// <see cref="Seed"/>. <c>--seed N</c> (<see cref="ApplySeed"/>) empties it: a single run with seed N.</summary>
    public List<int> Seeds { get; set; } = [];

    /// <summary>Where the scenes come from: "synthetic" (seeded urban and rural scenes through the sensor model) or
    /// "rasters" (the user's own: <see cref="Image10m"/>, <see cref="Labels1m"/> and optionally <see cref="Image1m"/>,
    /// cut into scenes of <see cref="SceneSize"/>; see docs/jointseg.md, "Your own rasters").</summary>
    public string Data { get; set; } = "synthetic";

    /// <summary>data: rasters. The multi-band 10 m image (GeoTIFF, COG or VRT); <see cref="ImageBands"/> picks its bands.</summary>
    [YamlMember(Alias = "image_10m")]
    public string? Image10m { get; set; }

    /// <summary>data: rasters. The 1-based bands of <see cref="Image10m"/> the models read, in order (B2, B3, B4, B8 in
    /// the synthetic path). Any count of at least one: the models are built for as many bands; <see cref="Image1m"/>
    /// must have at least as many bands, read in the same order (its first ones).</summary>
    public List<int> ImageBands { get; set; } = [1, 2, 3, 4];

    /// <summary>data: rasters. The 1 m impervious-surface labels (band 1: 0 pervious, 1 impervious, the band's no-data
    /// value or 255 unknown), on a grid nested in the 10 m one (pixels <see cref="Factor"/> times smaller, corners on
    /// 10 m pixel corners, the same CRS).</summary>
    [YamlMember(Alias = "labels_1m")]
    public string? Labels1m { get; set; }

    /// <summary>data: rasters, optional. The 1 m image of the same bands, the super-resolution target (the L1 term and
    /// PSNR). Without it <see cref="SrWeight"/> and <see cref="AdversarialWeight"/> must be 0: JointSeg then learns the
    /// segmentation only, and the report says so.</summary>
    [YamlMember(Alias = "image_1m")]
    public string? Image1m { get; set; }

    /// <summary>data: rasters. The eastern fraction of the overlap's columns that forms the contiguous test block
    /// (the rule of the height experiment's real data, <c>SpatialSplit.EastBlockStart</c>); scenes are cut on each side.</summary>
    public double TestFraction { get; set; } = 0.3;

    /// <summary>data: rasters. Least share of a scene's 1 m label pixels that must be known (not no-data) for the scene
    /// to be kept; scenes with no-data in the 10 m (or 1 m) image are skipped too.</summary>
    public double MinValidLabel { get; set; } = 0.5;

    /// <summary>Side of each scene in 10 m pixels (the 1 m scene is ten times larger): the synthetic scenes' size, or
    /// the squares the user's rasters are cut into.</summary>
    public int SceneSize { get; set; } = 48;

    /// <summary>Training scenes of the dense urban type.</summary>
    public int TrainUrban { get; set; } = 6;

    /// <summary>Training scenes of the mountainous rural type.</summary>
    public int TrainRural { get; set; } = 6;

    /// <summary>Test scenes of the urban type (other seeds than training).</summary>
    public int TestUrban { get; set; } = 3;

    /// <summary>Test scenes of the rural type.</summary>
    public int TestRural { get; set; } = 3;

    /// <summary>Gaussian PSF sigma per band (B2, B3, B4, B8), metres.</summary>
    public List<double> PsfSigma { get; set; } = [5.2, 5.0, 5.0, 5.4];

    /// <summary>Standard deviation of the 10 m image noise, reflectance units.</summary>
    public double SensorNoise { get; set; } = 0.004;

    /// <summary>Up-sampling factor of each super-resolution stage, 10 m towards 1 m; their product is the
    /// resolution ratio (10). The paper goes 4x then 2.5x; integer stages 5x then 2x give the same two-step path.</summary>
    public List<int> SrScales { get; set; } = [5, 2];

    /// <summary>Training patch side in 10 m pixels (x10 at 1 m; a multiple of 16 so the U-Nets fit).</summary>
    public int PatchSize { get; set; } = 16;

    /// <summary>Patches per batch.</summary>
    public int BatchSize { get; set; } = 4;

    /// <summary>Share of training patches placed over a random ISA pixel of their scene (foreground oversampling;
    /// 0 = uniform windows). The same for every model.</summary>
    public double IsaPatchShare { get; set; } = 0.5;

    /// <summary>Optimiser steps per model (AdamW, cosine-annealed learning rate).</summary>
    public int Steps { get; set; } = 300;

    /// <summary>Steps per epoch, the trainer's unit of checkpointing and resume (the largest divisor of
    /// <see cref="Steps"/> not above this value is used).</summary>
    public int StepsPerEpoch { get; set; } = 50;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; set; } = 2e-3;

    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; set; } = 1e-4;

    /// <summary>Features of the 10 m RRDB trunk.</summary>
    public int TrunkChannels { get; set; } = 32;

    /// <summary>RRDBs in the 10 m trunk (ESRGAN uses 23).</summary>
    public int TrunkBlocks { get; set; } = 1;

    /// <summary>Dense growth channels of the trunk's blocks.</summary>
    public int GrowthChannels { get; set; } = 16;

    /// <summary>Features of each super-resolution stage (one per entry of <see cref="SrScales"/>).</summary>
    public List<int> StageChannels { get; set; } = [12, 8];

    /// <summary>Residual dense blocks in each stage (0 for a plain conv stage).</summary>
    public List<int> StageBlocks { get; set; } = [1, 0];

    /// <summary>Channels of the cross-scale fusion segmentation head.</summary>
    public int SegChannels { get; set; } = 8;

    /// <summary>Weight of the L1 super-resolution loss (averaged over the stages).</summary>
    public double SrWeight { get; set; } = 1.0;

    /// <summary>Weight of the segmentation loss (BCE + Dice).</summary>
    public double SegWeight { get; set; } = 1.0;

    /// <summary>Weight of the Dice term inside the segmentation loss.</summary>
    public double DiceWeight { get; set; } = 1.0;

    /// <summary>Weight of the adversarial term (0 turns the discriminator off).</summary>
    public double AdversarialWeight { get; set; }

    /// <summary>Base channels of the spectrally normalised U-Net discriminator.</summary>
    public int DiscriminatorChannels { get; set; } = 16;

    /// <summary>Encoder of the two U-Net baselines ("resnet-tiny" or "resnet18").</summary>
    public string BaselineEncoder { get; set; } = "resnet-tiny";

    /// <summary>Probability above which a pixel is impervious.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Tile side (1 m pixels) of the streaming GeoTIFF prediction; a multiple of 10 x 32.</summary>
    public int TileSize { get; set; } = 320;

    /// <summary>Tile overlap (1 m pixels), a multiple of 20.</summary>
    public int TileOverlap { get; set; } = 40;

    /// <summary>Side of the Olinda window super-resolved for the qualitative map, in input (30 m) pixels.</summary>
    public int OlindaWindow { get; set; } = 32;

    /// <summary>The committed quick mode (configs/jointseg.quick.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static JointSegConfig Quick() => ConfigResolver.Mode<JointSegConfig>("jointseg", "quick");

    /// <summary>The committed full mode (configs/jointseg.full.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static JointSegConfig Full() => ConfigResolver.Mode<JointSegConfig>("jointseg", "full");

    /// <summary>The resolution ratio (product of <see cref="SrScales"/>).</summary>
    public int Factor => SrScales.Aggregate(1, (a, b) => a * b);

    /// <summary>Uses <paramref name="seed"/> for everything seeded in the run (one seed drives them all).</summary>
    public void ApplySeed(int seed)
    {
        Seed = seed;
        Seeds = [];
    }

    /// <summary>Throws naming the key when a setting is out of range or inconsistent.</summary>
    public void Validate()
    {
        SeedRepeats.Validate(this);
        if (SrScales.Count == 0 || SrScales.Any(s => s < 2)) throw new ArgumentException($"sr_scales must list factors of at least 2, got [{string.Join(", ", SrScales)}]");
        if (StageChannels.Count != SrScales.Count || StageBlocks.Count != SrScales.Count)
            throw new ArgumentException($"stage_channels ({StageChannels.Count}) and stage_blocks ({StageBlocks.Count}) need one entry per sr_scales entry ({SrScales.Count})");
        if (Data is not ("synthetic" or "rasters")) throw new ArgumentException($"data must be synthetic or rasters, got '{Data}'");
        if (Data == "rasters") ValidateRasters();
        if (PsfSigma.Count != 4) throw new ArgumentException($"psf_sigma needs 4 values (B2, B3, B4, B8), got {PsfSigma.Count}");
        if (PatchSize % 16 != 0 || PatchSize * Factor % 32 != 0)
            throw new ArgumentException($"patch_size must be a multiple of 16 (and x{Factor} a multiple of 32), got {PatchSize}");
        if (SceneSize < PatchSize || SceneSize % 16 != 0) throw new ArgumentException($"scene_size must be a multiple of 16 and at least patch_size {PatchSize}, got {SceneSize}");
        if (Data == "synthetic" && (TrainUrban + TrainRural < 1 || TestUrban + TestRural < 1)) throw new ArgumentException("need at least one training and one test scene");
        if (IsaPatchShare is < 0 or > 1) throw new ArgumentException($"isa_patch_share must lie in [0, 1], got {IsaPatchShare}");
        if (Steps < 1) throw new ArgumentException($"steps must be positive, got {Steps}");
        if (StepsPerEpoch < 1) throw new ArgumentException($"steps_per_epoch must be positive, got {StepsPerEpoch}");
        if (BatchSize < 2 && PatchSize <= 16)
            throw new ArgumentException($"batch_size must be at least 2 with patch_size {PatchSize}: the 10 m U-Net's batch norm sees one value per channel at its deepest level otherwise, got {BatchSize}");
        if (TileSize % (Factor * 32) != 0 || TileOverlap % (2 * Factor) != 0 || TileOverlap >= TileSize)
            throw new ArgumentException($"tile_size must be a multiple of {Factor * 32} and tile_overlap a multiple of {2 * Factor} below it, got {TileSize} and {TileOverlap}");
    }

    private void ValidateRasters()
    {
        if (string.IsNullOrWhiteSpace(Image10m)) throw new ArgumentException("data: rasters needs image_10m (the multi-band 10 m image), got none");
        if (string.IsNullOrWhiteSpace(Labels1m)) throw new ArgumentException("data: rasters needs labels_1m (the 1 m 0/1 impervious labels), got none");
        if (ImageBands.Count == 0 || ImageBands.Any(b => b < 1))
            throw new ArgumentException($"image_bands must list 1-based band numbers, got [{string.Join(", ", ImageBands)}]");
        if (string.IsNullOrWhiteSpace(Image1m) && (SrWeight != 0 || AdversarialWeight != 0))
            throw new ArgumentException($"image_1m is empty, but sr_weight ({SrWeight}) and adversarial_weight ({AdversarialWeight}) need the 1 m image; give image_1m or set both to 0");
        if (TestFraction is <= 0 or >= 1) throw new ArgumentException($"test_fraction must be in (0, 1), got {TestFraction}");
        if (MinValidLabel is < 0 or > 1) throw new ArgumentException($"min_valid_label must lie in [0, 1], got {MinValidLabel}");
    }
}
