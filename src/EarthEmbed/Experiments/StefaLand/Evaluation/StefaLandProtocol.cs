using EarthEmbed.Data.Hydrology;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>One evaluation fold: the split ("pub" or "pur"), its name (e.g. "pub-1", "pur-ne") and the site indices
/// (into the dataset) used for pretraining and fine-tuning (<see cref="TrainSites"/>) and for scoring
/// (<see cref="TestSites"/>). The two never overlap: test sites are removed from pretraining too.</summary>
public sealed record Fold(string Split, string Name, IReadOnlyList<int> TrainSites, IReadOnlyList<int> TestSites);

/// <summary>The paper's spatial-generalisation protocols. PUB (prediction in ungauged basins): the sites are
/// shuffled with the seed and dealt into k folds; each fold in turn is the test set. PUR (prediction in ungauged
/// regions): each listed region in turn is the test set and the other regions train.</summary>
internal static class StefaLandProtocol
{
    /// <summary>The first <paramref name="run"/> of <paramref name="k"/> PUB folds of <paramref name="dataset"/>.</summary>
    public static IReadOnlyList<Fold> Pub(HydroDataset dataset, int k, int run, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (k < 2 || k > dataset.Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"PUB needs 2 <= k <= {dataset.Count} sites");
        var order = Enumerable.Range(0, dataset.Count).ToArray();
        new Random(seed).Shuffle(order);
        var folds = new List<Fold>();
        for (var f = 0; f < Math.Min(run, k); f++)
        {
            var test = order.Where((_, i) => i % k == f).Order().ToArray();
            var testSet = test.ToHashSet();
            var train = Enumerable.Range(0, dataset.Count).Where(i => !testSet.Contains(i)).ToArray();
            folds.Add(new Fold("pub", $"pub-{f + 1}", train, test));
        }
        return folds;
    }

    /// <summary>Leave-one-region-out folds for <paramref name="regions"/> (every region of the dataset when empty).</summary>
    public static IReadOnlyList<Fold> Pur(HydroDataset dataset, IReadOnlyList<string> regions)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(regions);
        var known = dataset.Regions;
        var list = regions.Count == 0 ? known : regions;
        var folds = new List<Fold>();
        foreach (var region in list)
        {
            if (!known.Contains(region))
                throw new ArgumentException($"pur_regions: region '{region}' is not in dataset '{dataset.Name}' (regions: {string.Join(", ", known)})", nameof(regions));
            var test = Enumerable.Range(0, dataset.Count).Where(i => dataset.Sites[i].Region == region).ToArray();
            var train = Enumerable.Range(0, dataset.Count).Where(i => dataset.Sites[i].Region != region).ToArray();
            folds.Add(new Fold("pur", $"pur-{region}", train, test));
        }
        return folds;
    }
}
