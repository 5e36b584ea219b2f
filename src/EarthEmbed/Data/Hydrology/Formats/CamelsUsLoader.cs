namespace EarthEmbed.Data.Hydrology.Formats;

/// <summary>Options of <see cref="CamelsUsLoader"/>.</summary>
public sealed class CamelsUsOptions
{
    /// <summary>Forcing product: the folder under <c>basin_mean_forcing</c> (daymet, maurer or nldas).</summary>
    public string ForcingSource { get; set; } = "daymet";

    /// <summary>Basins to load (e.g. the CAMELS-531 list); null loads every basin with a forcing file.</summary>
    public IReadOnlyList<string>? GaugeIds { get; set; }

    /// <summary>Folder of the <c>camels_*.txt</c> attribute tables; null looks in the root and in
    /// <c>root/camels_attributes_v2.0</c>, and goes without attributes if neither has them.</summary>
    public string? AttributesFolder { get; set; }

    /// <summary>Attribute tables to read (the hydro signatures are derived from streamflow: drop "hydro" when
    /// predicting streamflow, or filter on <see cref="AttributeGroup.Hydrology"/>).</summary>
    public IReadOnlyList<string> AttributeGroups { get; set; } = ["topo", "soil", "geol", "vege", "clim", "hydro", "name"];
}

/// <summary>Loads CAMELS-US (Newman et al. 2015; Addor et al. 2017) from its original folder layout
/// (<c>basin_dataset_public_v1p2</c>): per basin, the basin-mean forcing file and the USGS streamflow file (see
/// <see cref="CamelsFiles"/>), plus the attribute tables (see <see cref="CamelsAttributes"/>). Streamflow is
/// converted to mm/day with the area in the forcing file's header (as neuralhydrology does), or area_gages2 when
/// the header has none. The site's region is its HUC-02 code (the name table's huc_02, or the folder the files
/// lie in); regroup regions with <see cref="HydroDataset.WithSites"/> for a PUR split.</summary>
public static class CamelsUsLoader
{
    private static readonly Dictionary<string, string> ForcingTags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["daymet"] = "cida", ["maurer"] = "maurer", ["nldas"] = "nldas",
    };

    /// <summary>The forcing products the loader reads (<see cref="CamelsUsOptions.ForcingSource"/>): daymet, maurer, nldas.</summary>
    public static IReadOnlyList<string> ForcingSources { get; } = ["daymet", "maurer", "nldas"];

    /// <summary>Loads the basins under <paramref name="root"/>.</summary>
    /// <param name="root">The CAMELS time-series folder, holding <c>basin_mean_forcing</c> and <c>usgs_streamflow</c>.</param>
    /// <param name="options">Which forcings, basins and attribute tables.</param>
    public static HydroDataset Load(string root, CamelsUsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new CamelsUsOptions();
        if (!ForcingTags.TryGetValue(options.ForcingSource, out var tag))
            throw new ArgumentException($"unknown CAMELS forcing source '{options.ForcingSource}' (known: {string.Join(", ", ForcingSources)})", nameof(options));
        var forcingDir = Path.Combine(root, "basin_mean_forcing", options.ForcingSource);
        var flowDir = Path.Combine(root, "usgs_streamflow");
        if (!Directory.Exists(forcingDir))
            throw new DirectoryNotFoundException($"no forcing folder '{forcingDir}': root should be the CAMELS folder holding basin_mean_forcing/ and usgs_streamflow/");
        var suffix = $"_lump_{tag}_forcing_leap.txt";
        var forcingFiles = Index(forcingDir, "*" + suffix, suffix);
        var flowFiles = Directory.Exists(flowDir) ? Index(flowDir, "*_streamflow_qc.txt", "_streamflow_qc.txt") : [];

        var ids = (options.GaugeIds ?? forcingFiles.Keys.Order(StringComparer.Ordinal).ToList()).Select(CamelsAttributes.NormalizeGaugeId).ToArray();
        foreach (var id in ids)
        {
            if (!forcingFiles.ContainsKey(id))
                throw new FileNotFoundException($"basin {id}: no forcing file '{id}{suffix}' under '{forcingDir}'");
            if (!flowFiles.ContainsKey(id))
                throw new FileNotFoundException($"basin {id}: no streamflow file '{id}_streamflow_qc.txt' under '{flowDir}'");
        }
        var attributes = ReadAttributes(root, options);

        var sites = new Site[ids.Length];
        var series = new DailySeries[ids.Length];
        ParallelSites.For(ids.Length, i =>
        {
            var id = ids[i];
            var forcing = CamelsFiles.ReadForcing(forcingFiles[id], id);
            CamelsBasinAttributes? attrs = null;
            attributes?.TryGetValue(id, out attrs);
            var area = forcing.Area > 0 ? forcing.Area : Find(attrs, "area_gages2") * 1e6;
            if (!(area > 0)) throw new InvalidDataException($"basin {id}: no basin area in '{forcingFiles[id]}' (header line 3) nor area_gages2 in camels_topo.txt");
            var flow = CamelsFiles.ReadStreamflow(flowFiles[id], id, area);
            series[i] = Merge(forcing.Series, flow);
            var region = attrs?.Labels.GetValueOrDefault("huc_02") ?? Path.GetFileName(Path.GetDirectoryName(forcingFiles[id])) ?? "";
            var lat = Find(attrs, "gauge_lat");
            sites[i] = new Site(id, region, double.IsNaN(lat) ? forcing.Latitude : lat, Find(attrs, "gauge_lon"),
                attrs?.Attributes, attrs?.Labels);
        });
        return new HydroDataset($"camels-us-{options.ForcingSource}", sites, series);
    }

    /// <summary>Merges forcing and streamflow series onto their combined period (days one of them lacks are NaN).</summary>
    private static DailySeries Merge(DailySeries forcing, DailySeries flow)
    {
        if (flow.Length == 0) return forcing.With(HydroVariables.Streamflow, Enumerable.Repeat(float.NaN, forcing.Length).ToArray());
        var start = forcing.Start < flow.Start ? forcing.Start : flow.Start;
        var end = forcing.End > flow.End ? forcing.End : flow.End;
        return forcing.Slice(start, end).With(HydroVariables.Streamflow, flow.Slice(start, end)[HydroVariables.Streamflow]);
    }

    private static IReadOnlyDictionary<string, CamelsBasinAttributes>? ReadAttributes(string root, CamelsUsOptions options)
    {
        if (options.AttributesFolder is not null) return CamelsAttributes.Read(options.AttributesFolder, options.AttributeGroups);
        foreach (var folder in new[] { root, Path.Combine(root, "camels_attributes_v2.0") })
            if (options.AttributeGroups.Any(g => File.Exists(Path.Combine(folder, $"camels_{g}.txt"))))
                return CamelsAttributes.Read(folder, options.AttributeGroups);
        return null;
    }

    private static double Find(CamelsBasinAttributes? attrs, string name) =>
        attrs?.Attributes.FirstOrDefault(a => a.Name == name) is { Name: not null } a ? a.Value : double.NaN;

    /// <summary>Files matching <paramref name="pattern"/> anywhere under <paramref name="dir"/>, keyed by gauge id
    /// (the file name before <paramref name="suffix"/>).</summary>
    private static Dictionary<string, string> Index(string dir, string pattern, string suffix)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(f)[..^suffix.Length];
            if (!map.TryAdd(id, f)) throw new InvalidDataException($"basin {id} has two files: '{map[id]}' and '{f}'");
        }
        return map;
    }
}
