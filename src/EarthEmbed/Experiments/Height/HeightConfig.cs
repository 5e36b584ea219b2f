using EarthEmbed.Runs;
using EarthEmbed.Data.Synthetic;
using EarthEmbed.Training;

namespace EarthEmbed.Experiments.Height;

/// <summary>Settings of the height replication (paper 1), as YAML with snake_case keys (configs/height.quick.yaml,
/// configs/height.full.yaml). <see cref="Quick"/> and <see cref="Full"/> are the two committed setups; a test checks
/// that the committed files load to exactly their values. Details the paper leaves open (patch count, validation
/// hold-out, augmentation, ridge penalty) are keys with a sensible default, noted as such.</summary>
public sealed class HeightConfig : IRepeatableConfig
{
    /// <summary>Where the data come from: "synthetic" (the bundled seeded landscape), "alphaearth" (an embedding
    /// raster plus a DSM, see <see cref="EmbeddingsPath"/> and <see cref="DsmPath"/>) or "olinda" (the Landsat-7
    /// bands as stand-in embeddings and SRTM as height, from <see cref="OlindaFolder"/>).</summary>
    public string Data { get; set; } = "synthetic";

    /// <summary>"alphaearth": an AlphaEarth embedding raster (int8 or float GeoTIFF, COG or VRT).</summary>
    public string? EmbeddingsPath { get; set; }

    /// <summary>"alphaearth": the DSM (any grid and CRS), resampled onto the embedding grid by averaging.</summary>
    public string? DsmPath { get; set; }

    /// <summary>"olinda": the folder holding L7_ETMs.tif and olinda_dem_utm25s.tif.</summary>
    public string OlindaFolder { get; set; } = "data-samples/olinda";

    /// <summary>Real data: the eastern fraction of the raster's columns that forms the contiguous test block (the
    /// synthetic landscape uses <c>landscape.test_fraction</c>). The paper: ~30 %.</summary>
    public double TestFraction { get; set; } = 0.3;

    /// <summary>The synthetic landscape (data: synthetic).</summary>
    public LandscapeConfig Landscape { get; set; } = new();

    /// <summary>Seed of the patch draws and training (also written into <c>training.seed</c> by
    /// <see cref="ApplySeed"/>).</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Seeds to repeat the whole run with (issue 13's standard mode; <see cref="SeedRepeats"/>): each seed
    /// makes its own landscape, patch draws and weights in the sub-folder seed&lt;N&gt;/. Empty: one run with
    /// <see cref="Seed"/>. <c>--seed N</c> (<see cref="ApplySeed"/>) empties it: a single run with seed N.</summary>
    public List<int> Seeds { get; set; } = [];

    /// <summary>Networks to train, by <see cref="Models.ModelRegistry"/> name: "unet", "unetpp". Ridge always runs.</summary>
    public List<string> Models { get; set; } = ["unet", "unetpp"];

    /// <summary>Encoder: "resnet18" (the paper's) or "resnet-tiny" (quick mode).</summary>
    public string Encoder { get; set; } = "resnet18";

    /// <summary>Encoder stages (5 as smp; fewer makes smaller models and allows smaller patches).</summary>
    public int EncoderDepth { get; set; } = 5;

    /// <summary>Decoder channels, deepest first; empty takes the encoder's default (256, 128, 64, 32, 16 for ResNets).</summary>
    public List<long> DecoderChannels { get; set; } = [];

    /// <summary>Training patch side in pixels (the paper: 512; must be a multiple of 2^encoder_depth).</summary>
    public int PatchSize { get; set; } = 128;

    /// <summary>Patches per batch.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Random training patches drawn per epoch (not given in the paper).</summary>
    public int PatchesPerEpoch { get; set; } = 256;

    /// <summary>Southern fraction of the training block held out for validation and early stopping (not given in
    /// the paper, which says "train/validation" for its 70 %).</summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Least fraction of valid pixels a training patch must have.</summary>
    public double MinValidFraction { get; set; } = 0.5;

    /// <summary>Random flips and transposes of training patches.</summary>
    public bool Augment { get; set; } = true;

    /// <summary>The trainer (the paper: MSE, AdamW lr 1e-3, early stopping).</summary>
    public TrainerOptions Training { get; set; } = new();

    /// <summary>Ridge penalty on standardised bands (the paper's baseline; its value is not given).</summary>
    public double RidgeLambda { get; set; } = 1.0;

    /// <summary>Number of equal-width bins of the reference height for the bias-by-height chart.</summary>
    public int HeightBins { get; set; } = 8;

    /// <summary>Tile side for the streaming prediction of the evaluation rasters.</summary>
    public int TileSize { get; set; } = 256;

    /// <summary>Overlap of neighbouring tiles (blended with a cosine window).</summary>
    public int TileOverlap { get; set; } = 32;

    /// <summary>The committed quick mode (configs/height.quick.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static HeightConfig Quick() => ConfigResolver.Mode<HeightConfig>("height", "quick");

    /// <summary>The committed full mode (configs/height.full.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static HeightConfig Full() => ConfigResolver.Mode<HeightConfig>("height", "full");

    /// <summary>Uses <paramref name="seed"/> for the landscape, the patch draws and training.</summary>
    public void ApplySeed(int seed)
    {
        Seed = seed;
        Seeds = [];
        Landscape.Seed = seed;
        Training.Seed = seed;
    }

    /// <summary>Throws with the key name when a setting is out of range or inconsistent.</summary>
    public void Validate()
    {
        SeedRepeats.Validate(this);
        if (Data is not ("synthetic" or "alphaearth" or "olinda"))
            throw new ArgumentException($"data must be synthetic, alphaearth or olinda, got '{Data}'");
        if (Data == "alphaearth" && (string.IsNullOrEmpty(EmbeddingsPath) || string.IsNullOrEmpty(DsmPath)))
            throw new ArgumentException("data: alphaearth needs embeddings_path and dsm_path");
        if (TestFraction is <= 0 or >= 1) throw new ArgumentException($"test_fraction must be in (0, 1), got {TestFraction}");
        if (ValidationFraction is <= 0 or >= 1) throw new ArgumentException($"validation_fraction must be in (0, 1), got {ValidationFraction}");
        if (EncoderDepth is < 2 or > 5) throw new ArgumentException($"encoder_depth must be 2 to 5, got {EncoderDepth}");
        var stride = 1 << EncoderDepth;
        if (PatchSize < stride || PatchSize % stride != 0)
            throw new ArgumentException($"patch_size must be a positive multiple of 2^encoder_depth = {stride}, got {PatchSize}; " +
                $"use {Math.Max(stride, PatchSize / stride * stride)}");
        if (DecoderChannels.Count != 0 && DecoderChannels.Count != EncoderDepth)
            throw new ArgumentException($"decoder_channels needs {EncoderDepth} entries (one per encoder stage) or none, got {DecoderChannels.Count}");
        if (BatchSize < 1 || PatchesPerEpoch < BatchSize)
            throw new ArgumentException($"batch_size must be at least 1 and patches_per_epoch at least batch_size, got {BatchSize} and {PatchesPerEpoch}");
        if (HeightBins < 1) throw new ArgumentException($"height_bins must be at least 1, got {HeightBins}");
        if (TileSize % stride != 0) throw new ArgumentException($"tile_size must be a multiple of {stride}, got {TileSize}");
        foreach (var m in Models)
            if (m is not ("unet" or "unetpp")) throw new ArgumentException($"models may list unet and unetpp, got '{m}'");
        Training.Validate();
        if (Data == "synthetic")
        {
            Landscape.Validate();
            // The synthetic scene's size is known before any data is made, so check here that every region can hold
            // a patch (real rasters are checked when they are read).
            var validationStart = HeightScene.ValidationStart(Landscape.Height, ValidationFraction);
            var validationRows = Landscape.Height - validationStart;
            if (validationRows < PatchSize)
                throw new ArgumentException($"validation_fraction {ValidationFraction} of a {Landscape.Height}-row landscape leaves {validationRows} rows for " +
                    $"validation, fewer than patch_size {PatchSize}; use validation_fraction >= {Math.Ceiling(100.0 * PatchSize / Landscape.Height) / 100:0.00} or a smaller patch_size");
            if (validationStart < PatchSize || Landscape.TestStartColumn < PatchSize)
                throw new ArgumentException($"the training block of a {Landscape.Width}x{Landscape.Height} landscape is smaller than patch_size {PatchSize}");
        }
    }
}
