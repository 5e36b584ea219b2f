using System.Globalization;
using EarthEmbed.Data.Hydrology;
using EarthEmbed.Data.Hydrology.Formats;
using EarthEmbed.Data.Hydrology.Synthetic;
using EarthEmbed.Runs;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The sites a StefaLand run uses and a sentence that says what they are (metrics.json's "data").</summary>
/// <param name="Dataset">The sites with their daily series and attributes, cut to the configured period.</param>
/// <param name="Description">What ran, e.g. "CAMELS-US (daymet) at /data/camels: 531 basins in 18 HUC-02 regions, ...".</param>
public sealed record StefaLandSource(HydroDataset Dataset, string Description);

/// <summary>Where a StefaLand run's sites come from (config key <c>data</c>): the seeded synthetic world, a
/// CAMELS-US folder (<see cref="CamelsUsLoader"/>) or a folder in the generic layout (<see cref="GenericLayout"/>).
/// Real data go through the same <see cref="HydroDataset"/> the synthetic world produces, so the blocks
/// (<see cref="StefaLandData.From"/>), the PUB folds and the PUR regions (<see cref="StefaLandProtocol"/>) are the
/// ones the synthetic run uses. Before any training, the data are checked for what the run needs, and a failure
/// names the key, the file or folder, and what was expected: the folder exists, every series has the six forcings
/// and streamflow, each site has days with both, the period leaves a training window before the test years,
/// there are enough sites for <c>pub_folds</c> and at least two regions for PUR, and some static attributes fall
/// in the five masked groups.</summary>
internal static class StefaLandSources
{
    /// <summary><c>data: synthetic</c>: the seeded world of <see cref="SyntheticHydroWorld"/>.</summary>
    public const string Synthetic = "synthetic";

    /// <summary><c>data: camels_us</c>: the CAMELS-US folder layout (basin_mean_forcing/, usgs_streamflow/, camels_*.txt).</summary>
    public const string CamelsUs = "camels_us";

    /// <summary><c>data: generic</c>: attributes.csv plus timeseries/&lt;site_id&gt;.csv (<see cref="GenericLayout"/>).</summary>
    public const string Generic = "generic";

    /// <summary>The accepted values of <c>data</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Synthetic, CamelsUs, Generic];

    /// <summary>What a folder of kind <paramref name="data"/> must hold, in words (for error messages).</summary>
    public static string Expected(string data) => data switch
    {
        CamelsUs => "basin_mean_forcing/<source>/ and usgs_streamflow/ (CAMELS-US, basin_dataset_public_v1p2), with the camels_*.txt attribute tables",
        Generic => $"attributes.csv (site_id, region, attributes), attribute_groups.csv and timeseries/<site_id>.csv (date, {string.Join(", ", Needed)})",
        _ => "nothing (the synthetic world is generated)",
    };

    /// <summary>The daily variables every series needs: the six forcings and streamflow.</summary>
    public static IReadOnlyList<string> Needed { get; } = [.. HydroVariables.Forcings, HydroVariables.Streamflow];

    /// <summary>The sites <paramref name="config"/> asks for, checked (see the class summary).</summary>
    public static StefaLandSource Load(StefaLandConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (!config.IsRealData())
        {
            var world = SyntheticHydroWorld.Generate(config.World());
            return new StefaLandSource(world, string.Create(CultureInfo.InvariantCulture,
                $"synthetic hydrological world, seed {config.Seed}: {world.Count} sites, {world.Regions.Count} regions, {config.Years} years (last {config.TestYears} for testing)"));
        }
        var folder = ResolveDataPath(config.DataPath!);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"data_path: folder '{folder}' does not exist (data_path '{config.DataPath}', taken from the current " +
                $"directory '{Directory.GetCurrentDirectory()}'); data: {config.Data} expects a folder holding {Expected(config.Data)}");
        var ids = config.SiteIds.Count == 0 ? null : config.SiteIds;
        var dataset = config.Data == CamelsUs
            ? CamelsUsLoader.Load(folder, new CamelsUsOptions
            {
                ForcingSource = config.ForcingSource, GaugeIds = ids,
                AttributeGroups = CamelsAttributes.Groups.Keys.Where(g => g != "hydro").ToArray(),  // signatures give streamflow away
            })
            : GenericLayout.Load(folder, new GenericLayoutOptions { RegionColumn = config.RegionColumn, SiteIds = ids });
        string SeriesFile(string id) => config.Data == CamelsUs
            ? $"{Path.Combine(folder, "basin_mean_forcing", config.ForcingSource)}/*/{id}_*_forcing_leap.txt and {Path.Combine(folder, "usgs_streamflow")}/*/{id}_streamflow_qc.txt"
            : Path.Combine(folder, "timeseries", id + ".csv");
        CheckVariables(dataset, SeriesFile);
        dataset = Cut(dataset, config);
        var (start, end) = dataset.Period;
        var what = config.Data == CamelsUs ? $"CAMELS-US ({config.ForcingSource}) at {folder}" : $"generic layout at {folder}";
        var sites = config.Data == CamelsUs ? "basins" : "sites";
        var regions = config.Data == CamelsUs ? "HUC-02 regions" : $"regions ('{config.RegionColumn}' column)";
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{what}: {dataset.Count} {sites} in {dataset.Regions.Count} {regions}, {start:yyyy-MM-dd}..{end:yyyy-MM-dd} (last {config.TestYears} × 365 days for testing)");
        CheckTraining(dataset, config, what);
        CheckOverlap(dataset, SeriesFile);
        CheckSitesAndRegions(dataset, config, what);
        if (HydroArrays.AttributesOf(dataset, HydroVariables.MaskedGroups).Count == 0)
            throw new InvalidDataException($"{what}: no static attribute falls in the groups StefaLand uses ({string.Join(", ", HydroVariables.MaskedGroups)}); " +
                (config.Data == CamelsUs ? "expected camels_topo/soil/geol/vege/clim.txt beside the time series or in camels_attributes_v2.0/"
                    : $"list each attributes.csv column with its group in {Path.Combine(folder, "attribute_groups.csv")} (attribute,group)"));
        return new StefaLandSource(dataset, description);
    }

    /// <summary><c>data_path</c> as a full path: relative paths are taken from the current directory, or, if not
    /// found there, from the nearest parent folder that has them (<see cref="DataPaths.Resolve"/>, the convention of
    /// height's <c>olinda_folder</c>).</summary>
    public static string ResolveDataPath(string path) => DataPaths.Resolve(path);

    /// <summary>Every site's series must hold the six forcings and streamflow.</summary>
    private static void CheckVariables(HydroDataset dataset, Func<string, string> file)
    {
        for (var i = 0; i < dataset.Count; i++)
        {
            var series = dataset.SeriesAt(i);
            var missing = Needed.Where(v => !series.Contains(v)).ToArray();
            if (missing.Length > 0)
                throw new InvalidDataException($"{file(series.SiteId)}: site '{series.SiteId}' has no column {string.Join(", ", missing.Select(m => $"'{m}'"))}; " +
                    $"StefaLand needs {string.Join(", ", Needed)} (found: {string.Join(", ", series.Names)})");
        }
    }

    /// <summary>The dataset cut to start_date..end_date (every series on that calendar, NaN outside its record).</summary>
    private static HydroDataset Cut(HydroDataset dataset, StefaLandConfig config)
    {
        var (from, to) = config.Period();
        if (from is null && to is null) return dataset;
        var (start, end) = dataset.Period;
        var a = from ?? start;
        var b = to ?? end;
        if (b < a)
            throw new ArgumentException($"stefaland config: start_date {a:yyyy-MM-dd} .. end_date {b:yyyy-MM-dd} is empty (the data cover {start:yyyy-MM-dd}..{end:yyyy-MM-dd})");
        return new HydroDataset(dataset.Name, dataset.Sites, dataset.Sites.Select(s => dataset.Series(s.Id).Slice(a, b)),
            dataset.Sites.ToDictionary(s => s.Id, s => dataset.StaticTargets(s.Id)), dataset.Sites.ToDictionary(s => s.Id, s => dataset.Landslides(s.Id)));
    }

    /// <summary>The period must leave at least one window of sequence_length days before the test years.</summary>
    private static void CheckTraining(HydroDataset dataset, StefaLandConfig config, string what)
    {
        var (start, end) = dataset.Period;
        var days = end.DayNumber - start.DayNumber + 1;
        var train = days - config.TestYears * 365;
        if (train < config.SequenceLength)
            throw new InvalidDataException($"{what}: the period {start:yyyy-MM-dd}..{end:yyyy-MM-dd} has {days} days; test_years = {config.TestYears} " +
                $"(× 365 days) leaves {Math.Max(0, train)} training days, fewer than sequence_length = {config.SequenceLength} (widen start_date/end_date or lower test_years or sequence_length)");
    }

    /// <summary>Each site needs days on which both its forcings and its streamflow were recorded.</summary>
    private static void CheckOverlap(HydroDataset dataset, Func<string, string> file)
    {
        for (var i = 0; i < dataset.Count; i++)
        {
            var s = dataset.SeriesAt(i);
            var p = s[HydroVariables.Precipitation];
            var q = s[HydroVariables.Streamflow];
            if (Enumerable.Range(0, s.Length).Any(t => float.IsFinite(p[t]) && float.IsFinite(q[t]))) continue;
            throw new InvalidDataException($"{file(s.SiteId)}: site '{s.SiteId}' has no day with both forcings and streamflow " +
                $"(forcings {Span(s, p)}, streamflow {Span(s, q)}); expected their dates to overlap in the period used");
        }
    }

    private static string Span(DailySeries s, float[] values)
    {
        var first = Array.FindIndex(values, float.IsFinite);
        return first < 0 ? "none recorded" : $"{s.DateAt(first):yyyy-MM-dd}..{s.DateAt(Array.FindLastIndex(values, float.IsFinite)):yyyy-MM-dd}";
    }

    /// <summary>PUB deals the sites into pub_folds folds; PUR leaves one region out at a time, so it needs two.</summary>
    private static void CheckSitesAndRegions(HydroDataset dataset, StefaLandConfig config, string what)
    {
        if (dataset.Count < config.PubFolds)
            throw new InvalidDataException($"{what}: {dataset.Count} sites, fewer than pub_folds = {config.PubFolds} (PUB deals the sites into pub_folds folds); " +
                "lower pub_folds or add sites");
        var unnamed = dataset.Sites.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.Region));
        if (unnamed is not null)
            throw new InvalidDataException($"{what}: site '{unnamed.Id}' has no region; PUR needs each site's region " +
                (config.Data == CamelsUs ? "(the huc_02 column of camels_name.txt, or the HUC folder of its files)" : $"(the '{config.RegionColumn}' column of attributes.csv, key region_column)"));
        if (dataset.Regions.Count < 2)
            throw new InvalidDataException($"{what}: every site is in region '{dataset.Regions[0]}'; PUR leaves one region out at a time and needs at least 2 regions");
        var unknown = config.PurRegions.FirstOrDefault(r => !dataset.Regions.Contains(r));
        if (unknown is not null)
            throw new ArgumentException($"pur_regions: region '{unknown}' is not in the data ({what}; regions: {string.Join(", ", dataset.Regions)}); list some of those, or [] for all");
    }
}
