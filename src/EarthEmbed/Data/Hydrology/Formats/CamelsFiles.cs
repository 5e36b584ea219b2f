using EarthEmbed.Data.Hydrology.Physics;

namespace EarthEmbed.Data.Hydrology.Formats;

/// <summary>A CAMELS basin-mean forcing file: its three header values and its daily series.</summary>
/// <param name="Path">The file read.</param>
/// <param name="Latitude">Header line 1: gauge latitude, degrees.</param>
/// <param name="Elevation">Header line 2: mean basin elevation, m.</param>
/// <param name="Area">Header line 3: basin area, m² (the value neuralhydrology uses to convert streamflow).</param>
/// <param name="Series">Daily forcings, canonical names plus the raw daymet columns (dayl, swe, vp).</param>
public sealed record CamelsForcing(string Path, double Latitude, double Elevation, double Area, DailySeries Series);

/// <summary>Readers for the two per-basin text files of CAMELS-US (Newman et al. 2014, "basin_dataset_public_v1p2"):
/// <list type="bullet">
/// <item><c>basin_mean_forcing/daymet/&lt;huc&gt;/&lt;gauge_id&gt;_lump_cida_forcing_leap.txt</c>: three header lines
/// (latitude, elevation, area in m²), then the column header
/// <c>Year Mnth Day Hr dayl(s) prcp(mm/day) srad(W/m2) swe(mm) tmax(C) tmin(C) vp(Pa)</c>, whitespace separated;
/// the <c>_leap</c> files contain 29 February;</item>
/// <item><c>usgs_streamflow/&lt;huc&gt;/&lt;gauge_id&gt;_streamflow_qc.txt</c>: <c>gauge_id year month day flow(cfs) flag</c>,
/// with -999 (flag M) for missing.</item>
/// </list>
/// Days absent from a file become NaN; errors name the file and line.</summary>
public static class CamelsFiles
{
    private static readonly string[] RawExtras = ["dayl", "swe", "vp"];

    /// <summary>Cubic metres per cubic foot.</summary>
    public const double CubicMetresPerCubicFoot = 0.028316846592;

    /// <summary>Converts a discharge in ft³/s to a depth over the basin in mm/day:
    /// q · 0.028316846592 m³/ft³ · 86400 s/day / area m² · 1000 mm/m.</summary>
    /// <param name="cubicFeetPerSecond">Discharge, ft³/s.</param>
    /// <param name="area">Basin area, m².</param>
    public static double CfsToMillimetresPerDay(double cubicFeetPerSecond, double area) =>
        cubicFeetPerSecond * CubicMetresPerCubicFoot * 86400 / area * 1000;

    /// <summary>Reads a basin-mean forcing file (daymet, maurer or nldas layout). Besides the raw columns it adds the
    /// StefaLand forcings: precipitation (prcp), shortwave (srad, daymet's daylight-mean W/m²), tmax, tmin,
    /// relative_humidity (from vp and the FAO-56 saturation vapour pressure of tmax and tmin) and pet (Hargreaves
    /// from tmax, tmin and the header latitude). Values at or below -999 are missing.</summary>
    /// <param name="path">The forcing file.</param>
    /// <param name="gaugeId">The basin, used as the series' site id.</param>
    public static CamelsForcing ReadForcing(string path, string gaugeId)
    {
        var lines = TextRecords.Lines(path, "CAMELS forcing file").GetEnumerator();
        using var _ = lines;
        double Header(string what)
        {
            if (!lines.MoveNext()) throw TextRecords.Error(path, 1, $"the file ends before its header ({what})");
            var (n, text) = lines.Current;
            return TextRecords.TryParse(text, new HashSet<string>(), out var v) ? v
                : throw TextRecords.Error(path, n, $"header line {n} should hold the {what}, got '{text.Trim()}'");
        }
        var latitude = Header("latitude");
        var elevation = Header("elevation");
        var area = Header("basin area in m²");
        if (!lines.MoveNext()) throw TextRecords.Error(path, 4, "the file ends before the column header");
        var headers = TextRecords.SplitWhitespace(lines.Current.Text);
        var names = headers.Select(ColumnKey).ToArray();
        int Col(string key, bool required)
        {
            var i = Array.IndexOf(names, key);
            if (i < 0 && required) throw TextRecords.Error(path, 4, $"no '{key}' column in the header (found: {string.Join(" ", headers)})");
            return i;
        }
        int year = Col("year", true), month = Col("mnth", true), day = Col("day", true);
        var raw = new (string Name, int Column)[]
        {
            ("dayl", Col("dayl", false)), ("prcp", Col("prcp", true)), ("srad", Col("srad", false)), ("swe", Col("swe", false)),
            ("tmax", Col("tmax", true)), ("tmin", Col("tmin", true)), ("vp", Col("vp", false)),
        };
        raw = raw.Where(r => r.Column >= 0).ToArray();
        var dates = new List<DateOnly>();
        var lineOf = new List<int>();
        var values = raw.ToDictionary(r => r.Name, _ => new List<float>());
        while (lines.MoveNext())
        {
            var (n, text) = lines.Current;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var f = TextRecords.SplitWhitespace(text);
            if (f.Length != names.Length) throw TextRecords.Error(path, n, $"expected {names.Length} columns ({string.Join(" ", headers)}), got {f.Length}");
            dates.Add(TextRecords.Date(TextRecords.ParseInt(f[year], path, n, "Year"), TextRecords.ParseInt(f[month], path, n, "Mnth"),
                TextRecords.ParseInt(f[day], path, n, "Day"), path, n));
            lineOf.Add(n);
            foreach (var (name, column) in raw)
            {
                var v = TextRecords.Parse(f[column], TextRecords.DefaultMissing, path, n, name);
                values[name].Add(v <= -999 ? float.NaN : (float)v);
            }
        }
        var rawSeries = DailySeries.FromDated(gaugeId, dates, values.Select(kv => new KeyValuePair<string, List<float>>(kv.Key, kv.Value)),
            i => $"{path}:{lineOf[i]}");
        return new CamelsForcing(path, latitude, elevation, area, Derive(rawSeries, latitude));
    }

    /// <summary>Reads a USGS streamflow file, converting ft³/s to mm/day over <paramref name="area"/> (m²); negative
    /// values (-999, flag M) are missing. The gauge id in each line must be <paramref name="gaugeId"/>.</summary>
    public static DailySeries ReadStreamflow(string path, string gaugeId, double area)
    {
        ArgumentNullException.ThrowIfNull(gaugeId);
        if (!(area > 0)) throw new ArgumentOutOfRangeException(nameof(area), area, $"basin {gaugeId}: the area for converting '{path}' must be positive (m²)");
        var dates = new List<DateOnly>();
        var lineOf = new List<int>();
        var flow = new List<float>();
        foreach (var (n, text) in TextRecords.Lines(path, "CAMELS streamflow file"))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var f = TextRecords.SplitWhitespace(text);
            if (f.Length is < 5 or > 6) throw TextRecords.Error(path, n, $"expected 'gauge_id year month day flow flag' (5 or 6 fields), got {f.Length}");
            if (f[0] != gaugeId && f[0].TrimStart('0') != gaugeId.TrimStart('0'))
                throw TextRecords.Error(path, n, $"gauge id '{f[0]}' does not match the file's basin '{gaugeId}'");
            dates.Add(TextRecords.Date(TextRecords.ParseInt(f[1], path, n, "year"), TextRecords.ParseInt(f[2], path, n, "month"),
                TextRecords.ParseInt(f[3], path, n, "day"), path, n));
            lineOf.Add(n);
            var cfs = TextRecords.Parse(f[4], TextRecords.DefaultMissing, path, n, "flow");
            flow.Add(cfs >= 0 ? (float)CfsToMillimetresPerDay(cfs, area) : float.NaN);
        }
        return DailySeries.FromDated(gaugeId, dates, [new(HydroVariables.Streamflow, flow)], i => $"{path}:{lineOf[i]}");
    }

    /// <summary>The lower-case column name before its unit: "prcp(mm/day)" → "prcp", "Dayl(s)" → "dayl".</summary>
    private static string ColumnKey(string header)
    {
        var paren = header.IndexOf('(', StringComparison.Ordinal);
        return (paren >= 0 ? header[..paren] : header).ToLowerInvariant();
    }

    private static DailySeries Derive(DailySeries raw, double latitude)
    {
        var n = raw.Length;
        float[] tmax = raw["tmax"], tmin = raw["tmin"];
        var rh = new float[n];
        var pet = new float[n];
        var vp = raw.Contains("vp") ? raw["vp"] : null;
        for (var t = 0; t < n; t++)
        {
            var doy = raw.DateAt(t).DayOfYear;
            pet[t] = (float)Fao56.HargreavesPet(tmax[t], tmin[t], latitude, doy);
            rh[t] = vp is null ? float.NaN : (float)Fao56.RelativeHumidity(vp[t] / 1000.0, tmax[t], tmin[t]);
        }
        var list = new List<KeyValuePair<string, float[]>>
        {
            new(HydroVariables.Precipitation, raw["prcp"]),
            new(HydroVariables.Shortwave, raw.Contains("srad") ? raw["srad"] : Nan(n)),
            new(HydroVariables.RelativeHumidity, rh),
            new(HydroVariables.Tmax, tmax),
            new(HydroVariables.Tmin, tmin),
            new(HydroVariables.Pet, pet),
        };
        list.AddRange(RawExtras.Where(raw.Contains).Select(k => new KeyValuePair<string, float[]>(k, raw[k])));
        return new DailySeries(raw.SiteId, raw.Start, list);
    }

    private static float[] Nan(int n)
    {
        var a = new float[n];
        Array.Fill(a, float.NaN);
        return a;
    }
}
