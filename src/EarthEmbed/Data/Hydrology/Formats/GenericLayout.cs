using EarthEmbed.Geo;
using System.Globalization;
using System.Text;
using EarthEmbed.Runs;

namespace EarthEmbed.Data.Hydrology.Formats;

/// <summary>A plain, tool-friendly layout for any site dataset, close to Caravan's:
/// <code>
/// attributes.csv          site_id,region,latitude,longitude,&lt;attribute&gt;...   (one row per site)
/// attribute_groups.csv    attribute,group                                    (optional)
/// static_targets.csv      site_id,&lt;target&gt;...                                (optional)
/// landslides.csv          site_id,date                                       (optional)
/// timeseries/&lt;id&gt;.csv    date,&lt;variable&gt;...                                (one row per day)
/// </code>
/// Missing values are empty fields (or NA, NaN ...); days absent from a series file become NaN; dates must
/// increase; 29 February is an ordinary day. Errors name the file and line.</summary>
public static class GenericLayout
{
    /// <summary>Reads a dataset from <paramref name="folder"/>.</summary>
    public static HydroDataset Load(string folder, GenericLayoutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var o = options ?? new GenericLayoutOptions();
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"dataset folder '{folder}' does not exist");
        var groups = ReadGroups(Path.Combine(folder, o.GroupsFile));
        var table = new Table(o.IdColumn);
        foreach (var f in o.AttributeFiles) table.Add(Path.Combine(folder, f), o.MissingValues);
        var ids = (o.SiteIds ?? table.Ids).ToArray();
        var lat = o.LatitudeColumns.FirstOrDefault(table.Columns.Contains);
        var lon = o.LongitudeColumns.FirstOrDefault(table.Columns.Contains);
        var special = new HashSet<string>(new[] { o.RegionColumn, lat, lon }.OfType<string>(), StringComparer.Ordinal);
        var numeric = table.Columns.Where(c => !special.Contains(c) && groups.GetValueOrDefault(c) != "label" &&
                                               table.Ids.All(id => TextRecords.TryParse(table.Get(id, c), o.MissingValues, out _))).ToHashSet();
        var sites = ids.Select(id =>
        {
            if (!table.Ids.Contains(id)) throw new KeyNotFoundException($"site '{id}' is not in the attribute files ({string.Join(", ", o.AttributeFiles)})");
            var attrs = table.Columns.Where(numeric.Contains).Select(c =>
                new StaticAttribute(c, ParseGroup(groups.GetValueOrDefault(c)), Number(table.Get(id, c), o.MissingValues)));
            var labels = table.Columns.Where(c => !numeric.Contains(c) && !special.Contains(c))
                .Where(c => !o.MissingValues.Contains(table.Get(id, c))).ToDictionary(c => c, c => table.Get(id, c));
            return new Site(id, table.Columns.Contains(o.RegionColumn) ? table.Get(id, o.RegionColumn) : "",
                lat is null ? double.NaN : Number(table.Get(id, lat), o.MissingValues),
                lon is null ? double.NaN : Number(table.Get(id, lon), o.MissingValues), attrs, labels);
        }).ToArray();
        var series = new DailySeries[ids.Length];
        ParallelSites.For(ids.Length, i => series[i] = ReadSeries(Path.Combine(folder, o.SeriesFolder, ids[i] + ".csv"), ids[i], o));
        var keep = ids.ToHashSet(StringComparer.Ordinal);
        return new HydroDataset(o.Name ?? Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)), sites, series,
            ReadTargets(Path.Combine(folder, o.StaticTargetsFile), o, keep), ReadLandslides(Path.Combine(folder, o.LandslidesFile), o, keep));
    }

    /// <summary>Reads one site's series file: a date column and one column per variable.</summary>
    public static DailySeries ReadSeries(string path, string siteId, GenericLayoutOptions? options = null)
    {
        var o = options ?? new GenericLayoutOptions();
        string[]? header = null;
        var dateCol = -1;
        var dates = new List<DateOnly>();
        var lineOf = new List<int>();
        List<float>[] values = [];
        foreach (var (n, text) in TextRecords.Lines(path, $"series file of site '{siteId}'"))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var f = CsvFields.Split(text.TrimEnd('\r'));
            if (header is null)
            {
                header = f.Select(h => h.Trim()).ToArray();
                dateCol = Array.IndexOf(header, o.DateColumn);
                if (dateCol < 0) throw TextRecords.Error(path, n, $"no '{o.DateColumn}' column (found: {string.Join(", ", header)})");
                values = header.Select(_ => new List<float>()).ToArray();
                continue;
            }
            if (f.Length != header.Length) throw TextRecords.Error(path, n, $"expected {header.Length} fields ({string.Join(",", header)}), got {f.Length}");
            dates.Add(TextRecords.ParseDate(f[dateCol], path, n));
            lineOf.Add(n);
            for (var c = 0; c < f.Length; c++)
                if (c != dateCol) values[c].Add((float)TextRecords.Parse(f[c], o.MissingValues, path, n, header[c]));
        }
        if (header is null) throw TextRecords.Error(path, 1, "the file is empty (no header)");
        return DailySeries.FromDated(siteId, dates,
            header.Select((h, c) => new KeyValuePair<string, List<float>>(h, values[c])).Where((_, c) => c != dateCol), i => $"{path}:{lineOf[i]}");
    }

    /// <summary>Writes <paramref name="dataset"/> into <paramref name="folder"/> in this layout (each file atomically),
    /// so any dataset, the synthetic world included, can be inspected with ordinary tools and read back unchanged.</summary>
    public static void Write(HydroDataset dataset, string folder)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(folder);
        var attrs = dataset.AttributeNames;
        var labels = dataset.Sites.SelectMany(s => s.Labels.Keys).Distinct().ToArray();
        var sb = new StringBuilder("site_id,region,latitude,longitude");
        foreach (var c in attrs.Select(a => a.Name).Concat(labels)) sb.Append(',').Append(CsvFields.Quote(c));
        sb.Append('\n');
        foreach (var s in dataset.Sites)
        {
            sb.Append(CsvFields.Quote(s.Id)).Append(',').Append(CsvFields.Quote(s.Region)).Append(',')
              .Append(TextRecords.Format(s.Latitude)).Append(',').Append(TextRecords.Format(s.Longitude));
            foreach (var (name, _) in attrs) sb.Append(',').Append(TextRecords.Format(s.TryGetAttribute(name, out var v) ? v : double.NaN));
            foreach (var l in labels) sb.Append(',').Append(CsvFields.Quote(s.Labels.GetValueOrDefault(l, "")));
            sb.Append('\n');
        }
        AtomicFile.WriteAllText(Path.Combine(folder, "attributes.csv"), sb.ToString());
        AtomicFile.WriteAllText(Path.Combine(folder, "attribute_groups.csv"), "attribute,group\n" +
            string.Concat(attrs.Select(a => $"{CsvFields.Quote(a.Name)},{a.Group.ToString().ToLowerInvariant()}\n")) +
            string.Concat(labels.Select(l => $"{CsvFields.Quote(l)},label\n")));
        var targets = dataset.Sites.SelectMany(s => dataset.StaticTargets(s.Id).Keys).Distinct().ToArray();
        if (targets.Length > 0)
            AtomicFile.WriteAllText(Path.Combine(folder, "static_targets.csv"), "site_id," + string.Join(",", targets.Select(t => CsvFields.Quote(t))) + "\n" +
                string.Concat(dataset.Sites.Select(s => CsvFields.Quote(s.Id) + string.Concat(targets.Select(t =>
                    "," + TextRecords.Format(dataset.StaticTargets(s.Id).GetValueOrDefault(t, double.NaN)))) + "\n")));
        if (dataset.Sites.Any(s => dataset.Landslides(s.Id).Count > 0))
            AtomicFile.WriteAllText(Path.Combine(folder, "landslides.csv"), "site_id,date\n" + string.Concat(dataset.Sites.SelectMany(s =>
                dataset.Landslides(s.Id).Select(d => $"{CsvFields.Quote(s.Id)},{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n"))));
        foreach (var s in dataset.Sites) WriteSeries(dataset.Series(s.Id), Path.Combine(folder, "timeseries", s.Id + ".csv"));
    }

    /// <summary>Writes one series as <c>date,&lt;variables&gt;</c>, NaN as empty fields.</summary>
    public static void WriteSeries(DailySeries series, string path)
    {
        ArgumentNullException.ThrowIfNull(series);
        var sb = new StringBuilder("date");
        foreach (var n in series.Names) sb.Append(',').Append(CsvFields.Quote(n));
        sb.Append('\n');
        var columns = series.Names.Select(n => series[n]).ToArray();
        for (var t = 0; t < series.Length; t++)
        {
            sb.Append(series.DateAt(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var c in columns) sb.Append(',').Append(TextRecords.Format(c[t]));
            sb.Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static double Number(string token, IReadOnlySet<string> missing) => TextRecords.TryParse(token, missing, out var v) ? v : double.NaN;

    private static AttributeGroup ParseGroup(string? name) =>
        name is not null && Enum.TryParse<AttributeGroup>(name, ignoreCase: true, out var g) ? g : AttributeGroup.Other;

    private static Dictionary<string, string> ReadGroups(string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return map;
        foreach (var (n, text) in TextRecords.Lines(path, "attribute groups file").Skip(1))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var f = CsvFields.Split(text.TrimEnd('\r'));
            if (f.Length != 2) throw TextRecords.Error(path, n, $"expected 'attribute,group', got {f.Length} fields");
            var g = f[1].Trim().ToLowerInvariant();
            if (g != "label" && !Enum.TryParse<AttributeGroup>(g, ignoreCase: true, out _))
                throw TextRecords.Error(path, n, $"unknown group '{f[1]}' (use {string.Join(", ", Enum.GetNames<AttributeGroup>().Select(x => x.ToLowerInvariant()))} or label)");
            map[f[0].Trim()] = g;
        }
        return map;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, double>>? ReadTargets(string path, GenericLayoutOptions o, HashSet<string> keep)
    {
        if (!File.Exists(path)) return null;
        var table = new Table(o.IdColumn);
        table.Add(path, o.MissingValues);
        return table.Ids.Where(keep.Contains).ToDictionary(id => id, id => (IReadOnlyDictionary<string, double>)table.Columns.ToDictionary(
            c => c, c => TextRecords.Parse(table.Get(id, c), o.MissingValues, path, table.LineOf(id), c)));
    }

    private static Dictionary<string, IReadOnlyList<DateOnly>>? ReadLandslides(string path, GenericLayoutOptions o, HashSet<string> keep)
    {
        if (!File.Exists(path)) return null;
        var events = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        int idCol = -1, dateCol = -1;
        foreach (var (n, text) in TextRecords.Lines(path, "landslide file"))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var f = CsvFields.Split(text.TrimEnd('\r')).Select(x => x.Trim()).ToArray();
            if (idCol < 0)
            {
                (idCol, dateCol) = (Array.IndexOf(f, o.IdColumn), Array.IndexOf(f, o.DateColumn));
                if (idCol < 0 || dateCol < 0) throw TextRecords.Error(path, n, $"expected columns '{o.IdColumn}' and '{o.DateColumn}', found {string.Join(", ", f)}");
                continue;
            }
            if (f.Length <= Math.Max(idCol, dateCol)) throw TextRecords.Error(path, n, "too few fields");
            if (!keep.Contains(f[idCol])) continue;
            if (!events.TryGetValue(f[idCol], out var list)) events[f[idCol]] = list = [];
            list.Add(TextRecords.ParseDate(f[dateCol], path, n));
        }
        return events.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<DateOnly>)kv.Value);
    }
}

/// <summary>File and column names of the generic layout (<see cref="GenericLayout"/>). The defaults are what
/// <see cref="GenericLayout.Write"/> produces; Caravan reads with
/// <c>IdColumn = "gauge_id"</c>, <c>AttributeFiles = ["attributes/camels/attributes_caravan_camels.csv", ...]</c> and
/// <c>SeriesFolder = "timeseries/csv/camels"</c>.</summary>
public sealed class GenericLayoutOptions
{
    /// <summary>CSV files of static attributes (one row per site), relative to the dataset folder; columns of several
    /// files are joined on the id column.</summary>
    public IReadOnlyList<string> AttributeFiles { get; set; } = ["attributes.csv"];

    /// <summary>Folder (relative) with one CSV of daily series per site, named <c>&lt;site_id&gt;.csv</c>.</summary>
    public string SeriesFolder { get; set; } = "timeseries";

    /// <summary>Name of the site id column of the attribute and target files.</summary>
    public string IdColumn { get; set; } = "site_id";

    /// <summary>Name of the date column of the series files (yyyy-MM-dd).</summary>
    public string DateColumn { get; set; } = "date";

    /// <summary>Attribute column holding the region (optional; a missing column leaves the region empty).</summary>
    public string RegionColumn { get; set; } = "region";

    /// <summary>Accepted names of the latitude column (the first present is used).</summary>
    public IReadOnlyList<string> LatitudeColumns { get; set; } = ["latitude", "lat", "gauge_lat"];

    /// <summary>Accepted names of the longitude column.</summary>
    public IReadOnlyList<string> LongitudeColumns { get; set; } = ["longitude", "lon", "gauge_lon"];

    /// <summary>Optional CSV <c>attribute,group</c> assigning groups (topography, soil, geology, vegetation, climate,
    /// hydrology, other, or label for text); unlisted numeric columns get <see cref="AttributeGroup.Other"/>.</summary>
    public string GroupsFile { get; set; } = "attribute_groups.csv";

    /// <summary>Optional CSV of static targets: the id column and one column per target.</summary>
    public string StaticTargetsFile { get; set; } = "static_targets.csv";

    /// <summary>Optional CSV of landslide events: the id column and a date column.</summary>
    public string LandslidesFile { get; set; } = "landslides.csv";

    /// <summary>Tokens read as missing values (besides NaN), e.g. add "-999" for tables that use it.</summary>
    public IReadOnlySet<string> MissingValues { get; set; } = TextRecords.DefaultMissing;

    /// <summary>Sites to load (null: every row of the attribute table).</summary>
    public IReadOnlyList<string>? SiteIds { get; set; }

    /// <summary>Dataset name (default: the folder name).</summary>
    public string? Name { get; set; }
}

/// <summary>Rows of one or more CSV files joined on an id column (the attribute tables of the generic layout):
/// fields are kept as text until the reader knows whether a column is numeric. Errors name the file and line.</summary>
internal sealed class Table(string idColumn)
{
    private readonly Dictionary<string, Dictionary<string, string>> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);
    private readonly List<string> ids = [];

    /// <summary>Columns other than the id, in first-seen order.</summary>
    public List<string> Columns { get; } = [];

    /// <summary>Row ids in first-seen order.</summary>
    public IReadOnlyList<string> Ids => ids;

    /// <summary>Reads a CSV file and joins its columns to the rows read so far.</summary>
    public void Add(string path, IReadOnlySet<string> missing)
    {
        string[]? header = null;
        var idCol = -1;
        foreach (var (n, text) in TextRecords.Lines(path, "attribute file"))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var f = CsvFields.Split(text.TrimEnd('\r')).Select(x => x.Trim()).ToArray();
            if (header is null)
            {
                header = f;
                idCol = Array.IndexOf(header, idColumn);
                if (idCol < 0) throw TextRecords.Error(path, n, $"no id column '{idColumn}' (found: {string.Join(", ", header)})");
                foreach (var c in header.Where((_, i) => i != idCol))
                {
                    if (Columns.Contains(c)) throw TextRecords.Error(path, n, $"column '{c}' is already defined by an earlier attribute file or appears twice");
                    Columns.Add(c);
                }
                continue;
            }
            if (f.Length != header.Length) throw TextRecords.Error(path, n, $"expected {header.Length} fields, got {f.Length}");
            var id = f[idCol];
            if (missing.Contains(id)) throw TextRecords.Error(path, n, $"empty {idColumn}");
            if (!rows.TryGetValue(id, out var row))
            {
                rows[id] = row = new Dictionary<string, string>(StringComparer.Ordinal);
                lines[id] = n;
                ids.Add(id);
            }
            for (var c = 0; c < f.Length; c++)
                if (c != idCol && !row.TryAdd(header[c], f[c])) throw TextRecords.Error(path, n, $"{idColumn} '{id}' appears twice");
        }
        if (header is null) throw TextRecords.Error(path, 1, "the file is empty (no header)");
    }

    /// <summary>The field of row <paramref name="id"/> in column <paramref name="column"/>; empty if that file had no row.</summary>
    public string Get(string id, string column) =>
        rows.TryGetValue(id, out var row) && row.TryGetValue(column, out var v) ? v : "";

    /// <summary>The line where row <paramref name="id"/> first appeared (for errors).</summary>
    public int LineOf(string id) => lines.GetValueOrDefault(id);
}
