using System.Globalization;
using EarthEmbed.Data.Hydrology.Formats;
using EarthEmbed.Data.Hydrology.Synthetic;
using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>Every setting of the StefaLand replication (paper 2), flat and snake_case in YAML
/// (configs/stefaland.quick.yaml, configs/stefaland.full.yaml). <see cref="Full"/> is the paper's setup on the
/// synthetic world (d_model 256, 4 heads, 4 layers, FFN 512, 365-day windows, 25 pretraining epochs, 10 PUB folds,
/// 7 PUR regions); <see cref="Quick"/> shrinks every size so that the whole replication costs a few CPU minutes.
/// <see cref="Data"/> switches from the synthetic world to a user's own basins (CAMELS-US or the generic layout, see
/// <see cref="StefaLandSources"/>).</summary>
public sealed class StefaLandConfig : IExperimentConfig
{
    /// <summary>Where the sites come from: "synthetic" (the seeded world of <see cref="Regions"/>,
    /// <see cref="SitesPerRegion"/> and <see cref="Years"/>), "camels_us" (the CAMELS-US folder layout under
    /// <see cref="DataPath"/>) or "generic" (attributes.csv plus timeseries/&lt;site_id&gt;.csv under <see cref="DataPath"/>,
    /// <see cref="GenericLayout"/>).</summary>
    public string Data { get; set; } = StefaLandSources.Synthetic;

    /// <summary>camels_us and generic: the data folder. A relative path is taken from the current directory (and,
    /// if not found there, from the nearest parent folder that has it, as height's <c>olinda_folder</c>).</summary>
    public string? DataPath { get; set; }

    /// <summary>camels_us: the forcing product, the folder under basin_mean_forcing (daymet, maurer or nldas).</summary>
    public string ForcingSource { get; set; } = "daymet";

    /// <summary>generic: the attributes.csv column that holds each site's region (PUR leaves one region out at a
    /// time). camels_us uses each basin's HUC-02 code (camels_name.txt's huc_02, else the folder its files lie in).</summary>
    public string RegionColumn { get; set; } = "region";

    /// <summary>Real data: the sites to load (CAMELS gauge ids with or without their leading zeros); empty = every
    /// site of the folder.</summary>
    public List<string> SiteIds { get; set; } = [];

    /// <summary>Real data: the first day used (yyyy-MM-dd); empty = the first day of the data.</summary>
    public string? StartDate { get; set; }

    /// <summary>Real data: the last day used (yyyy-MM-dd); empty = the last day of the data. The last
    /// <see cref="TestYears"/> × 365 days up to here are the test period.</summary>
    public string? EndDate { get; set; }

    /// <summary>Seed of the synthetic world, of libtorch's generator and of window and mask sampling.</summary>
    public int Seed { get; set; } = 11;

    /// <summary>Synthetic data: climate regions of the world (at most 7; PUR leaves one out at a time).</summary>
    public int Regions { get; set; } = 7;

    /// <summary>Synthetic data: sites per region.</summary>
    public int SitesPerRegion { get; set; } = 40;

    /// <summary>Synthetic data: years of daily records per site (real data use their own period, see
    /// <see cref="StartDate"/> and <see cref="EndDate"/>).</summary>
    public int Years { get; set; } = 10;

    /// <summary>The last this-many years (365 days each) are the test period (test sites are scored there); the years before are
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

    /// <summary>Fine-tuning epochs of the supervised LSTM baseline alone; empty = <see cref="FinetuneEpochs"/>. The LSTM
    /// starts from nothing while the adapters start from the pretrained encoder, so on a fixed budget it is the model
    /// left underfit (docs/stefaland.md: 480 steps gave gauged NSE 0.50, 960 steps 0.64). Giving it more steps than the
    /// adapters makes "StefaLand beats the LSTM" a conservative test, not an easier one.</summary>
    public int? LstmFinetuneEpochs { get; set; }

    /// <summary>The fine-tuning epochs of model <paramref name="model"/>: <see cref="LstmFinetuneEpochs"/> for the
    /// LSTM when set, else <see cref="FinetuneEpochs"/>.</summary>
    public int FinetuneEpochsOf(string model) => model == "lstm" && LstmFinetuneEpochs is int e ? e : FinetuneEpochs;

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

    /// <summary>The streamflow models fine-tuned and scored in every fold, a subset of stefaland, lstm, scratch and
    /// linear_probe (all four by default; fewer for a diagnosis, e.g. [lstm] alone to check that the world can be
    /// learnt, with <c>pretrain_epochs: 0</c> and <c>secondary_tasks: false</c>).</summary>
    public List<string> Models { get; set; } = ["stefaland", "lstm", "scratch", "linear_probe"];

    /// <summary>Also run soil moisture, soil texture and landslides on the first PUB fold.</summary>
    public bool SecondaryTasks { get; set; } = true;

    /// <summary>Write checkpoints (pretrained encoder and fine-tuned adapter per fold) under OUT/checkpoints.</summary>
    public bool SaveCheckpoints { get; set; } = true;

    /// <summary>The committed full mode (configs/stefaland.full.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static StefaLandConfig Full() => ConfigResolver.Mode<StefaLandConfig>("stefaland", "full");

    /// <summary>The committed standard mode (configs/stefaland.standard.yaml): all PUB folds and every PUR region at the
    /// smallest budget whose answer should be stable on a CPU, through <see cref="ConfigResolver"/>.</summary>
    public static StefaLandConfig Standard() => ConfigResolver.Mode<StefaLandConfig>("stefaland", "standard");

    /// <summary>The committed quick mode (configs/stefaland.quick.yaml), through the one resolution path
    /// (<see cref="ConfigResolver"/>).</summary>
    public static StefaLandConfig Quick() => ConfigResolver.Mode<StefaLandConfig>("stefaland", "quick");

    /// <summary>The synthetic world this config asks for.</summary>
    public SyntheticHydroConfig World() => new() { Seed = Seed, Regions = Regions, SitesPerRegion = SitesPerRegion, Years = Years };

    /// <summary>Uses <paramref name="seed"/> for everything seeded in the run (one seed drives them all).</summary>
    public void ApplySeed(int seed) => Seed = seed;

    /// <summary>Whether the sites come from files (camels_us or generic) rather than the synthetic world.</summary>
    public bool IsRealData() => Data != StefaLandSources.Synthetic;

    /// <summary>The configured <see cref="StartDate"/> and <see cref="EndDate"/> (null where empty).</summary>
    public (DateOnly? Start, DateOnly? End) Period() => (ParseDate(StartDate, "start_date"), ParseDate(EndDate, "end_date"));

    /// <summary>Checks the settings and names the first bad one with its value.</summary>
    public void Validate()
    {
        static void Check(bool ok, string what) { if (!ok) throw new ArgumentException($"stefaland config: {what}"); }
        Check(StefaLandSources.Kinds.Contains(Data), $"data must be {string.Join(", ", StefaLandSources.Kinds)}, got '{Data}'");
        Check(TestYears >= 1, $"test_years must be at least 1, got {TestYears}");
        if (IsRealData())
        {
            Check(!string.IsNullOrWhiteSpace(DataPath), $"data: {Data} needs data_path, the folder holding {StefaLandSources.Expected(Data)}");
            Check(Data != StefaLandSources.CamelsUs || CamelsUsLoader.ForcingSources.Contains(ForcingSource),
                $"forcing_source must be {string.Join(", ", CamelsUsLoader.ForcingSources)} (a folder under basin_mean_forcing), got '{ForcingSource}'");
            Check(Data != StefaLandSources.Generic || !string.IsNullOrWhiteSpace(RegionColumn), "region_column must name the attributes.csv column of the regions, got ''");
            var (start, end) = Period();
            if (start is { } a && end is { } b)
            {
                var days = b.DayNumber - a.DayNumber + 1;
                Check(days >= 1, $"end_date ({EndDate}) must not be before start_date ({StartDate})");
                Check(SequenceLength <= days - TestYears * 365,
                    $"start_date {StartDate} .. end_date {EndDate} has {days} days: after the last test_years = {TestYears} × 365 days, fewer are left than sequence_length ({SequenceLength})");
            }
        }
        else
        {
            Check(Years > TestYears, $"years ({Years}) must exceed test_years ({TestYears}) >= 1");
            Check(SequenceLength <= (Years - TestYears) * 365, $"sequence_length ({SequenceLength}) is longer than the training period");
        }
        Check(SequenceLength >= 8, $"sequence_length must be at least 8, got {SequenceLength}");
        Check(WarmupDays >= 0 && WarmupDays < SequenceLength, $"warmup_days ({WarmupDays}) must be in [0, sequence_length = {SequenceLength})");
        Check(DModel > 0 && Heads > 0 && DModel % Heads == 0, $"d_model ({DModel}) must be a positive multiple of heads ({Heads})");
        Check(Layers >= 1 && FeedForward >= 1 && EmbedHidden >= 1 && LstmHidden >= 1, "layers, feed_forward, embed_hidden and lstm_hidden must be positive");
        Check(MinMaskDays >= 1 && MinMaskDays <= MaxMaskDays, $"mask days need 1 <= min_mask_days ({MinMaskDays}) <= max_mask_days ({MaxMaskDays})");
        Check(TimeMaskRatio is >= 0 and <= 1 && StaticMaskRatio is >= 0 and <= 1, "mask ratios must be in [0, 1]");
        Check(PubFolds >= 2 && PubFoldsRun >= 0 && PubFoldsRun <= PubFolds, $"pub_folds_run ({PubFoldsRun}) must be in [0, pub_folds = {PubFolds}], pub_folds >= 2");
        Check(BatchSize >= 1 && PretrainEpochs >= 0 && FinetuneEpochs >= 1, "batch_size and finetune_epochs must be positive");
        Check(LstmFinetuneEpochs is null or >= 1, $"lstm_finetune_epochs must be positive or empty (= finetune_epochs), got {LstmFinetuneEpochs}");
        Check(Dropout is >= 0 and < 1, $"dropout must be in [0, 1), got {Dropout}");
        var unknown = Models.FirstOrDefault(m => !StefaLandResult.Models.Contains(m));
        Check(Models.Count > 0 && unknown is null && Models.Distinct().Count() == Models.Count,
            $"models must list distinct names of {string.Join(", ", StefaLandResult.Models)}, got [{string.Join(", ", Models)}]");
    }

    private static DateOnly? ParseDate(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ArgumentException($"stefaland config: {key} must be a date yyyy-MM-dd (or empty), got '{text}'");
    }
}
