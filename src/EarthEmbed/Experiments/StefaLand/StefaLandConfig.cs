using EarthEmbed.Runs;
using EarthEmbed.Data.Hydrology.Synthetic;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>Every setting of the StefaLand replication (paper 2), flat and snake_case in YAML
/// (configs/stefaland.quick.yaml, configs/stefaland.full.yaml). <see cref="Full"/> is the paper's setup on the
/// synthetic world (d_model 256, 4 heads, 4 layers, FFN 512, 365-day windows, 25 pretraining epochs, 10 PUB folds,
/// 7 PUR regions); <see cref="Quick"/> shrinks every size so that the whole replication costs a few CPU minutes.</summary>
public sealed class StefaLandConfig : IExperimentConfig
{
    /// <summary>Seed of the synthetic world, of libtorch's generator and of window and mask sampling.</summary>
    public int Seed { get; set; } = 11;

    /// <summary>Climate regions of the synthetic world (at most 7; PUR leaves one out at a time).</summary>
    public int Regions { get; set; } = 7;

    /// <summary>Sites per region.</summary>
    public int SitesPerRegion { get; set; } = 40;

    /// <summary>Years of daily records per site.</summary>
    public int Years { get; set; } = 10;

    /// <summary>The last this-many years are the test period (test sites are scored there); the years before are
    /// the training period (pretraining and fine-tuning see training sites there only).</summary>
    public int TestYears { get; set; } = 3;

    /// <summary>Days per sample window (the paper: 365); the encoder sees this many daily tokens plus one static token.</summary>
    public int SequenceLength { get; set; } = 365;

    /// <summary>Transformer width (the paper: 256).</summary>
    public int DModel { get; set; } = 256;

    /// <summary>Attention heads (the paper: 4).</summary>
    public int Heads { get; set; } = 4;

    /// <summary>Transformer layers (the paper: 4).</summary>
    public int Layers { get; set; } = 4;

    /// <summary>Feed-forward width of each layer (the paper: 512).</summary>
    public int FeedForward { get; set; } = 512;

    /// <summary>Hidden width of each per-variable embedding MLP Linear(1→h) GELU Linear(h→d_model) (the paper: 64).</summary>
    public int EmbedHidden { get; set; } = 64;

    /// <summary>Dropout in the transformer and the adapters (the paper: 0.1).</summary>
    public double Dropout { get; set; } = 0.1;

    /// <summary>Shortest masked time window in days (the paper: 30).</summary>
    public int MinMaskDays { get; set; } = 30;

    /// <summary>Longest masked time window in days (the paper: 90).</summary>
    public int MaxMaskDays { get; set; } = 90;

    /// <summary>Probability that a dynamic variable is masked inside the time window (the paper: 0.5).</summary>
    public double TimeMaskRatio { get; set; } = 0.5;

    /// <summary>Probability that a whole static attribute group is masked (the paper: 0.5).</summary>
    public double StaticMaskRatio { get; set; } = 0.5;

    /// <summary>Weight of the static part of the masked NSE loss (the paper: 0.5; time series weigh 1).</summary>
    public double StaticLossWeight { get; set; } = 0.5;

    /// <summary>Pretraining epochs (the paper: 25).</summary>
    public int PretrainEpochs { get; set; } = 25;

    /// <summary>Random windows drawn per pretraining epoch.</summary>
    public int PretrainSamplesPerEpoch { get; set; } = 4096;

    /// <summary>AdamW learning rate of pretraining (the paper: 1e-4).</summary>
    public double PretrainLearningRate { get; set; } = 1e-4;

    /// <summary>Batch size of pretraining and fine-tuning (the paper: 256).</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Gradient-norm clipping (the paper: 5).</summary>
    public double ClipNorm { get; set; } = 5;

    /// <summary>Fine-tuning epochs of every model (adapters, scratch, LSTM, linear probe).</summary>
    public int FinetuneEpochs { get; set; } = 30;

    /// <summary>Random windows drawn per fine-tuning epoch.</summary>
    public int FinetuneSamplesPerEpoch { get; set; } = 4096;

    /// <summary>AdamW learning rate of fine-tuning.</summary>
    public double FinetuneLearningRate { get; set; } = 1e-3;

    /// <summary>Days at the start of each window that are not scored (the models spin up their states there).</summary>
    public int WarmupDays { get; set; } = 180;

    /// <summary>Hidden size of the LSTM in the adapter head and of the supervised LSTM baseline.</summary>
    public int LstmHidden { get; set; } = 256;

    /// <summary>k of the PUB k-fold holdout of sites (the paper: 10).</summary>
    public int PubFolds { get; set; } = 10;

    /// <summary>How many of the k PUB folds are run (k for the full protocol, fewer for a quick look).</summary>
    public int PubFoldsRun { get; set; } = 10;

    /// <summary>Regions left out one at a time in PUR; empty = every region.</summary>
    public List<string> PurRegions { get; set; } = [];

    /// <summary>Also run soil moisture, soil texture and landslides on the first PUB fold.</summary>
    public bool SecondaryTasks { get; set; } = true;

    /// <summary>Write checkpoints (pretrained encoder and fine-tuned adapter per fold) under OUT/checkpoints.</summary>
    public bool SaveCheckpoints { get; set; } = true;

    /// <summary>The committed full mode (configs/stefaland.full.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static StefaLandConfig Full() => ConfigResolver.Mode<StefaLandConfig>("stefaland", "full");

    /// <summary>The committed quick mode (configs/stefaland.quick.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static StefaLandConfig Quick() => ConfigResolver.Mode<StefaLandConfig>("stefaland", "quick");

    /// <summary>The synthetic world this config asks for.</summary>
    public SyntheticHydroConfig World() => new() { Seed = Seed, Regions = Regions, SitesPerRegion = SitesPerRegion, Years = Years };

    /// <summary>Uses <paramref name="seed"/> for everything seeded in the run (one seed drives them all).</summary>
    public void ApplySeed(int seed) => Seed = seed;

    /// <summary>Checks the settings and names the first bad one with its value.</summary>
    public void Validate()
    {
        static void Check(bool ok, string what) { if (!ok) throw new ArgumentException($"stefaland config: {what}"); }
        Check(Years > TestYears && TestYears >= 1, $"years ({Years}) must exceed test_years ({TestYears}) >= 1");
        Check(SequenceLength >= 8, $"sequence_length must be at least 8, got {SequenceLength}");
        Check(WarmupDays >= 0 && WarmupDays < SequenceLength, $"warmup_days ({WarmupDays}) must be in [0, sequence_length = {SequenceLength})");
        Check(SequenceLength <= (Years - TestYears) * 365, $"sequence_length ({SequenceLength}) is longer than the training period");
        Check(DModel > 0 && Heads > 0 && DModel % Heads == 0, $"d_model ({DModel}) must be a positive multiple of heads ({Heads})");
        Check(Layers >= 1 && FeedForward >= 1 && EmbedHidden >= 1 && LstmHidden >= 1, "layers, feed_forward, embed_hidden and lstm_hidden must be positive");
        Check(MinMaskDays >= 1 && MinMaskDays <= MaxMaskDays, $"mask days need 1 <= min_mask_days ({MinMaskDays}) <= max_mask_days ({MaxMaskDays})");
        Check(TimeMaskRatio is >= 0 and <= 1 && StaticMaskRatio is >= 0 and <= 1, "mask ratios must be in [0, 1]");
        Check(PubFolds >= 2 && PubFoldsRun >= 0 && PubFoldsRun <= PubFolds, $"pub_folds_run ({PubFoldsRun}) must be in [0, pub_folds = {PubFolds}], pub_folds >= 2");
        Check(BatchSize >= 1 && PretrainEpochs >= 0 && FinetuneEpochs >= 1, "batch_size and finetune_epochs must be positive");
        Check(Dropout is >= 0 and < 1, $"dropout must be in [0, 1), got {Dropout}");
    }
}
