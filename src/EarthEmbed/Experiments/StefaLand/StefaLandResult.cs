using System.Globalization;
using System.Text;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>Scores of one model at one test site over the test period (a daily target): NSE, KGE, RMSE, ubRMSE and
/// Pearson's r, with the site's place for maps.</summary>
public sealed record SiteScore(string Model, string Split, string Fold, string SiteId, string Region, double Latitude,
    double Longitude, double Nse, double Kge, double Rmse, double UbRmse, double Pearson)
{
    /// <summary>Scores <paramref name="predicted"/> against <paramref name="observed"/> (NaN days skipped).</summary>
    public static SiteScore Of(string model, string split, string fold, EarthEmbed.Data.Hydrology.Site site,
        float[] observed, float[] predicted)
    {
        ArgumentNullException.ThrowIfNull(site);
        var o = Array.ConvertAll(observed, x => (double)x);
        var p = Array.ConvertAll(predicted, x => (double)x);
        return new SiteScore(model, split, fold, site.Id, site.Region, site.Latitude, site.Longitude,
            Hydrology.Nse(o, p), Hydrology.Kge(o, p), Regression.Rmse(o, p), Hydrology.UbRmse(o, p), Regression.Pearson(o, p));
    }

    /// <summary>The value of a metric by its metrics.json name (nse, kge, rmse, ubrmse, pearson).</summary>
    public double Metric(string name) => name switch
    {
        "nse" => Nse, "kge" => Kge, "rmse" => Rmse, "ubrmse" => UbRmse, "pearson" => Pearson,
        _ => throw new ArgumentException($"unknown site metric '{name}' (nse, kge, rmse, ubrmse, pearson)", nameof(name)),
    };
}

/// <summary>Observed and predicted daily series of one test site over the test period, for hydrographs.</summary>
public sealed record SiteSeries(string Target, string Split, string SiteId, DateOnly Start, float[] Observed, Dictionary<string, float[]> Predicted);

/// <summary>A score of a non-temporal task (soil texture R², landslide F1 and ROC-AUC) on the test sites of a fold.</summary>
public sealed record TaskScore(string Model, string Task, string Metric, double Value);

/// <summary>Which sites one fold pretrained and fine-tuned on and which it scored (kept so tests and readers can
/// check that no test site was seen in pretraining).</summary>
public sealed record FoldRecord(string Split, string Fold, IReadOnlyList<string> PretrainSites, IReadOnlyList<string> TestSites);

/// <summary>Everything one StefaLand run produced; <see cref="ToMetrics"/> turns it into metrics.json.</summary>
public sealed class StefaLandResult
{
    /// <summary>The four streamflow models in report order.</summary>
    public static readonly IReadOnlyList<string> Models = ["stefaland", "lstm", "scratch", "linear_probe"];

    /// <summary>The per-site metrics written to metrics.json as medians over sites.</summary>
    public static readonly IReadOnlyList<string> SiteMetrics = ["nse", "kge", "rmse", "ubrmse", "pearson"];

    /// <summary>A result for <paramref name="config"/> on data described by <paramref name="data"/>.</summary>
    public StefaLandResult(StefaLandConfig config, string data)
    {
        Config = config;
        Data = data;
    }

    /// <summary>The resolved config.</summary>
    public StefaLandConfig Config { get; }

    /// <summary>The data in words.</summary>
    public string Data { get; }

    /// <summary>Per-site streamflow scores of every model, split and fold.</summary>
    public List<SiteScore> Streamflow { get; } = [];

    /// <summary>Per-site soil-moisture scores (first PUB fold).</summary>
    public List<SiteScore> SoilMoisture { get; } = [];

    /// <summary>Test-period series of every test site (streamflow and soil moisture).</summary>
    public List<SiteSeries> Series { get; } = [];

    /// <summary>Soil texture and landslide scores.</summary>
    public List<TaskScore> Tasks { get; } = [];

    /// <summary>Pretraining loss per epoch, by fold.</summary>
    public Dictionary<string, List<double>> PretrainLoss { get; } = new(StringComparer.Ordinal);

    /// <summary>Fine-tuning loss per epoch, by "fold/model".</summary>
    public Dictionary<string, List<double>> FinetuneLoss { get; } = new(StringComparer.Ordinal);

    /// <summary>Pretraining and test sites of each fold.</summary>
    public List<FoldRecord> Folds { get; } = [];

    /// <summary>Median over test sites (all folds of the split pooled) of one streamflow metric; NaN when none.</summary>
    public double Median(string model, string split, string metric, string target = "streamflow")
    {
        var scores = target == "streamflow" ? Streamflow : SoilMoisture;
        return Hydrology.MedianOverSites(scores.Where(s => s.Model == model && s.Split == split).Select(s => s.Metric(metric)));
    }

    /// <summary>The paper's comparisons decided on paired per-site NSE: (split, claim) for PUB and PUR.</summary>
    public static readonly IReadOnlyList<(string Split, string Claim)> PaperClaims =
    [
        ("pub", "StefaLand beats the supervised LSTM at ungauged basins (PUB), per-site NSE"),
        ("pur", "StefaLand beats the supervised LSTM in ungauged regions (PUR), per-site NSE"),
    ];

    /// <summary>metrics.json: models stefaland, lstm, scratch, linear_probe; splits "gauged" (the first PUB fold's
    /// training sites over the test period), "pub" and "pur" (streamflow), "pub_soil_moisture", "pub_sand",
    /// "pub_clay", "pub_landslides"; the paper's numbers. Every per-site metric is also written as repeats of unit
    /// "site" (labels = site ids) with a percentile-bootstrap 95 % interval of its median (seeded by the run's seed;
    /// the point value is that median), and the claims StefaLand vs LSTM on PUB and PUR are decided on the paired
    /// per-site NSE differences (median difference, bootstrap interval, Wilcoxon signed-rank p; docs/statistics.md).</summary>
    public MetricsReport ToMetrics()
    {
        var report = new MetricsReport("stefaland", Data);
        foreach (var (list, suffix) in new[] { (Streamflow, ""), (SoilMoisture, "_soil_moisture") })
            foreach (var group in list.GroupBy(s => (s.Model, s.Split)))
            {
                var sites = group.ToArray();
                var split = group.Key.Split + suffix;
                foreach (var metric in SiteMetrics)
                {
                    var values = sites.Select(s => s.Metric(metric)).ToArray();
                    report.AddRepeats(group.Key.Model, split, metric, "site", sites.Select(s => s.SiteId).ToArray(), values);
                    if (values.Any(double.IsFinite))
                        report.SummariseRepeats(group.Key.Model, split, metric, IntervalKind.MedianBootstrap, Config.Seed);
                    else
                        report.Add(group.Key.Model, split, metric, double.NaN);
                }
            }
        foreach (var (split, claim) in PaperClaims)
            if (Streamflow.Any(s => s.Model == "stefaland" && s.Split == split) && Streamflow.Any(s => s.Model == "lstm" && s.Split == split))
                report.Compare(claim, "stefaland", "lstm", split, "nse", ClaimDirection.Greater, new EarthEmbed.Metrics.CompareOptions(Seed: Config.Seed));
        foreach (var t in Tasks) report.Add(t.Model, t.Task, t.Metric, t.Value);
        StefaLandPaperNumbers.AddTo(report);
        return report;
    }

    /// <summary>Per-site scores as CSV (model, split, fold, site, region, latitude, longitude, metrics).</summary>
    public string SiteScoresCsv()
    {
        var text = new StringBuilder("target,model,split,fold,site_id,region,latitude,longitude,nse,kge,rmse,ubrmse,pearson\n");
        foreach (var (target, list) in new[] { ("streamflow", Streamflow), ("soil_moisture", SoilMoisture) })
            foreach (var s in list)
                text.Append(string.Create(CultureInfo.InvariantCulture,
                    $"{target},{s.Model},{s.Split},{s.Fold},{s.SiteId},{s.Region},{s.Latitude:F4},{s.Longitude:F4},{s.Nse:G6},{s.Kge:G6},{s.Rmse:G6},{s.UbRmse:G6},{s.Pearson:G6}\n"));
        return text.ToString();
    }
}
