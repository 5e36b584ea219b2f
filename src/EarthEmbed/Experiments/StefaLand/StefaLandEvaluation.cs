using EarthEmbed.Data.Hydrology;
using TorchSharp;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>Scoring the fine-tuned models: daily predictions of a target over a period (<see cref="Predict"/>), scored
/// per site against the observations (<see cref="SiteScore.Of"/>) on a fold's test sites (PUB: unseen sites; PUR:
/// unseen regions; the folds of Evaluation/StefaLandProtocol.cs) and, for the gauged check, on its training sites over
/// the test period (<see cref="ScoreGauged"/>). The downstream tasks on the frozen encoder (soil texture, landslides)
/// are in Evaluation/StaticTasks.cs.</summary>
internal static class StefaLandEvaluation
{
    /// <summary>Daily predictions of <paramref name="target"/> in its own units (negative values clipped to 0) for
    /// each of <paramref name="sites"/> over days [<paramref name="from"/>, <paramref name="to"/>): windows step by
    /// T - warmup so that every scored day has at least <c>warmup_days</c> of context before it; the first window
    /// starts <c>warmup_days</c> before <paramref name="from"/> (forcings there are known; targets are not used).</summary>
    public static float[][] Predict(SiteSequenceModel model, NormalizedData data, string target, IReadOnlyList<int> sites,
        int from, int to, StefaLandConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(config);
        var block = data.Targets[target];
        int days = config.SequenceLength, warmup = config.WarmupDays, stride = days - warmup;
        if (from < warmup) throw new ArgumentOutOfRangeException(nameof(from), from, $"prediction needs {warmup} days of forcings before the first day");
        var windows = new List<(int Site, int Row, int Start)>();
        for (var i = 0; i < sites.Count; i++)
            for (var first = from; first < to; first += stride)
                windows.Add((sites[i], i, Math.Min(first, to - stride) - warmup));
        var result = sites.Select(_ => new float[to - from]).ToArray();
        model.eval();
        using var noGrad = torch.no_grad();
        for (var k = 0; k < windows.Count; k += config.BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = windows.Skip(k).Take(config.BatchSize).ToArray();
            var (dynamic, statics) = Windows.Inputs(data, chunk.Select(w => w.Site).ToArray(), chunk.Select(w => w.Start).ToArray(), days);
            var predicted = model.call(dynamic, statics).contiguous().data<float>().ToArray();
            for (var j = 0; j < chunk.Length; j++)
                for (var t = warmup; t < days; t++)
                {
                    var day = chunk[j].Start + t;
                    if (day < from || day >= to) continue;
                    var value = predicted[j * days + t] * block.Std + block.Mean;
                    result[chunk[j].Row][day - from] = (float)Math.Max(0, value);
                }
        }
        model.train();
        return result;
    }

    /// <summary>Scores <paramref name="model"/> (fine-tuned on <paramref name="fold"/>'s training sites) at those same
    /// sites over the test period, as split <see cref="StefaLandExperiment.GaugedSplit"/>; the series are kept for the report.</summary>
    public static void ScoreGauged(SiteSequenceModel model, string name, StefaLandData raw, NormalizedData data, Fold fold,
        StefaLandConfig config, StefaLandResult result)
    {
        var ids = raw.Dataset.Sites;
        var observed = raw.Targets[HydroVariables.Streamflow];
        var predicted = Predict(model, data, HydroVariables.Streamflow, fold.TrainSites, raw.TrainDays, raw.Days, config);
        for (var i = 0; i < fold.TrainSites.Count; i++)
        {
            var site = fold.TrainSites[i];
            var obs = observed.AsSpan(site * raw.Days + raw.TrainDays, raw.Days - raw.TrainDays).ToArray();
            result.Streamflow.Add(SiteScore.Of(name, StefaLandExperiment.GaugedSplit, fold.Name, ids[site], obs, predicted[i]));
            var series = result.Series.FirstOrDefault(s => s.Split == StefaLandExperiment.GaugedSplit && s.SiteId == ids[site].Id);
            if (series is null)
            {
                series = new SiteSeries(HydroVariables.Streamflow, StefaLandExperiment.GaugedSplit, ids[site].Id,
                    raw.Start.AddDays(raw.TrainDays), obs, new Dictionary<string, float[]>(StringComparer.Ordinal));
                result.Series.Add(series);
            }
            series.Predicted[name] = predicted[i];
        }
    }
}
