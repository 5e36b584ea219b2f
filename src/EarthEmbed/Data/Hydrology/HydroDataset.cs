using System.Runtime.ExceptionServices;

namespace EarthEmbed.Data.Hydrology;

/// <summary>A collection of sites with their daily series, static targets (soil texture) and landslide events: what
/// the synthetic world and the real-format loaders produce and what the StefaLand experiment consumes. Built once
/// and checked on construction, so a missing series or an orphan record is reported with the site named, not
/// discovered mid-training.</summary>
public sealed class HydroDataset
{
    private static readonly IReadOnlyDictionary<string, double> NoTargets = new Dictionary<string, double>();
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly DailySeries[] series;
    private readonly IReadOnlyDictionary<string, double>[] targets;
    private readonly IReadOnlyList<DateOnly>[] landslides;

    /// <summary>Makes a dataset. Every site needs exactly one series; targets and events must refer to known sites.</summary>
    /// <param name="name">Dataset name (shown in reports).</param>
    /// <param name="sites">The sites; ids must be unique.</param>
    /// <param name="series">One daily series per site, matched by <see cref="DailySeries.SiteId"/>.</param>
    /// <param name="staticTargets">Static targets by site id (e.g. sand_frac, clay_frac); sites may be absent.</param>
    /// <param name="landslides">Landslide event dates by site id; sites may be absent (no events).</param>
    public HydroDataset(string name, IEnumerable<Site> sites, IEnumerable<DailySeries> series,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? staticTargets = null,
        IReadOnlyDictionary<string, IReadOnlyList<DateOnly>>? landslides = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(series);
        Name = name ?? "";
        Sites = sites.ToArray();
        for (var i = 0; i < Sites.Count; i++)
            if (!index.TryAdd(Sites[i].Id, i)) throw new ArgumentException($"dataset '{Name}': site '{Sites[i].Id}' is given twice", nameof(sites));
        this.series = new DailySeries[Sites.Count];
        foreach (var s in series)
        {
            if (!index.TryGetValue(s.SiteId, out var i))
                throw new ArgumentException($"dataset '{Name}': a daily series belongs to site '{s.SiteId}', which is not among the sites", nameof(series));
            if (this.series[i] is not null) throw new ArgumentException($"dataset '{Name}': site '{s.SiteId}' has two daily series", nameof(series));
            this.series[i] = s;
        }
        for (var i = 0; i < Sites.Count; i++)
            if (this.series[i] is null) throw new ArgumentException($"dataset '{Name}': site '{Sites[i].Id}' has no daily series", nameof(series));
        targets = new IReadOnlyDictionary<string, double>[Sites.Count];
        Array.Fill(targets, NoTargets);
        foreach (var (id, t) in staticTargets ?? new Dictionary<string, IReadOnlyDictionary<string, double>>())
            targets[Find(id, "static targets")] = t;
        this.landslides = new IReadOnlyList<DateOnly>[Sites.Count];
        Array.Fill(this.landslides, Array.Empty<DateOnly>());
        foreach (var (id, events) in landslides ?? new Dictionary<string, IReadOnlyList<DateOnly>>())
            this.landslides[Find(id, "landslide events")] = events.Order().ToArray();
    }

    /// <summary>Dataset name.</summary>
    public string Name { get; }

    /// <summary>The sites, in order.</summary>
    public IReadOnlyList<Site> Sites { get; }

    /// <summary>Number of sites.</summary>
    public int Count => Sites.Count;

    /// <summary>The distinct regions, sorted (ordinal).</summary>
    public IReadOnlyList<string> Regions => Sites.Select(s => s.Region).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether a site with this id exists.</summary>
    public bool Contains(string siteId) => index.ContainsKey(siteId);

    /// <summary>The site with id <paramref name="siteId"/>.</summary>
    public Site Site(string siteId) => Sites[Find(siteId, "site")];

    /// <summary>The daily series of site <paramref name="siteId"/>.</summary>
    public DailySeries Series(string siteId) => series[Find(siteId, "series")];

    /// <summary>The daily series of site number <paramref name="i"/> (same order as <see cref="Sites"/>).</summary>
    public DailySeries SeriesAt(int i) => series[i];

    /// <summary>Static targets of a site by name (empty when the source has none).</summary>
    public IReadOnlyDictionary<string, double> StaticTargets(string siteId) => targets[Find(siteId, "static targets")];

    /// <summary>Landslide event dates of a site, sorted (empty when none).</summary>
    public IReadOnlyList<DateOnly> Landslides(string siteId) => landslides[Find(siteId, "landslide events")];

    /// <summary>Static attribute names in first-seen order over all sites, with their group.</summary>
    public IReadOnlyList<(string Name, AttributeGroup Group)> AttributeNames =>
        Sites.SelectMany(s => s.Attributes).Select(a => (a.Name, a.Group)).DistinctBy(a => a.Name).ToArray();

    /// <summary>Daily variable names in first-seen order over all sites.</summary>
    public IReadOnlyList<string> VariableNames => series.SelectMany(s => s.Names).Distinct().ToArray();

    /// <summary>The earliest start and latest end over all sites.</summary>
    public (DateOnly Start, DateOnly End) Period =>
        (series.Min(s => s.Start), series.Where(s => s.Length > 0).Select(s => s.End).DefaultIfEmpty(series.Min(s => s.Start)).Max());

    /// <summary>A dataset of the sites whose ids are listed (in that order), with their records; the ids must
    /// exist. Used to cut PUB folds and PUR regions.</summary>
    public HydroDataset Subset(IEnumerable<string> siteIds, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(siteIds);
        var picked = siteIds.Select(id => Find(id, "subset")).ToArray();
        return new HydroDataset(name ?? Name, picked.Select(i => Sites[i]), picked.Select(i => series[i]),
            picked.ToDictionary(i => Sites[i].Id, i => targets[i]), picked.ToDictionary(i => Sites[i].Id, i => landslides[i]));
    }

    /// <summary>The sites matching <paramref name="predicate"/>.</summary>
    public HydroDataset Where(Func<Site, bool> predicate, string? name = null) =>
        Subset(Sites.Where(predicate).Select(s => s.Id), name);

    /// <summary>A copy whose sites are mapped through <paramref name="map"/> (ids must not change), e.g. to
    /// regroup regions for PUR.</summary>
    public HydroDataset WithSites(Func<Site, Site> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var mapped = Sites.Select(s =>
        {
            var m = map(s);
            return m.Id == s.Id ? m : throw new InvalidOperationException($"WithSites changed site id '{s.Id}' to '{m.Id}'; ids must stay");
        }).ToArray();
        return new HydroDataset(Name, mapped, series, Sites.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => targets[p.i]),
            Sites.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => landslides[p.i]));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"HydroDataset '{Name}': {Count} sites in {Regions.Count} regions, {Period.Start:yyyy-MM-dd}..{Period.End:yyyy-MM-dd}, variables {string.Join(", ", VariableNames)}";

    private int Find(string siteId, string what) => index.TryGetValue(siteId, out var i) ? i
        : throw new KeyNotFoundException($"dataset '{Name}' has no site '{siteId}' ({what}); it has {Count} sites, e.g. {string.Join(", ", Sites.Take(5).Select(s => s.Id))}");
}

/// <summary>Runs per-site work in parallel and, when a site fails, rethrows that site's own exception (not an
/// AggregateException), so a loader's "file:line: message" reaches the user as it was written.</summary>
internal static class ParallelSites
{
    /// <summary>Calls <paramref name="body"/> for 0 .. <paramref name="count"/> - 1 in parallel; results are written
    /// by index, so the outcome does not depend on the thread count.</summary>
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
