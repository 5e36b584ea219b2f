namespace EarthEmbed.Data.Hydrology;

/// <summary>The daily records of one site on a gap-free calendar: forcings (precipitation, radiation, humidity,
/// temperatures, PET) and targets (streamflow, soil moisture), one value per day from <see cref="Start"/>.
/// Missing values are NaN: a day absent from a source file becomes NaN rather than a hole in the calendar, so day
/// i of every variable is the same date. Values are float32 (what the models take); the arrays are shared, not
/// copied, so treat them as read-only.</summary>
public sealed class DailySeries
{
    private readonly Dictionary<string, float[]> values;
    private readonly List<string> names;

    /// <summary>Makes the series of site <paramref name="siteId"/>. Every variable must have the same number of
    /// days; the error names the site, the variable and both lengths.</summary>
    /// <param name="siteId">The site these records belong to (named in errors).</param>
    /// <param name="start">Date of the first value.</param>
    /// <param name="variables">Values by variable name, in the order to keep.</param>
    public DailySeries(string siteId, DateOnly start, IEnumerable<KeyValuePair<string, float[]>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        SiteId = siteId ?? throw new ArgumentNullException(nameof(siteId));
        Start = start;
        values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        names = [];
        string? first = null;
        foreach (var (name, data) in variables)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"site '{siteId}': a variable has an empty name", nameof(variables));
            ArgumentNullException.ThrowIfNull(data, $"site '{siteId}', variable '{name}'");
            if (first is null)
            {
                first = name;
                Length = data.Length;
            }
            else if (data.Length != Length)
            {
                throw new ArgumentException(
                    $"site '{siteId}': variable '{name}' has {data.Length} days but '{first}' has {Length} (all variables of a site share one calendar)",
                    nameof(variables));
            }
            if (!values.TryAdd(name, data)) throw new ArgumentException($"site '{siteId}': variable '{name}' is given twice", nameof(variables));
            names.Add(name);
        }
    }

    /// <summary>The site these records belong to.</summary>
    public string SiteId { get; }

    /// <summary>Date of the first day.</summary>
    public DateOnly Start { get; }

    /// <summary>Number of days.</summary>
    public int Length { get; }

    /// <summary>Date of the last day.</summary>
    public DateOnly End => Start.AddDays(Length - 1);

    /// <summary>Variable names, in order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>The date of day <paramref name="i"/>.</summary>
    public DateOnly DateAt(int i) => Start.AddDays(i);

    /// <summary>All dates, in order.</summary>
    public IEnumerable<DateOnly> Dates => Enumerable.Range(0, Length).Select(DateAt);

    /// <summary>Index of <paramref name="date"/>, or -1 outside the series.</summary>
    public int IndexOf(DateOnly date)
    {
        var i = date.DayNumber - Start.DayNumber;
        return i >= 0 && i < Length ? i : -1;
    }

    /// <summary>Whether the series has variable <paramref name="name"/>.</summary>
    public bool Contains(string name) => values.ContainsKey(name);

    /// <summary>The values of <paramref name="name"/> (shared array: do not modify); throws naming the site, the
    /// variable and the available ones.</summary>
    public float[] this[string name] => values.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"site '{SiteId}' has no daily variable '{name}' (it has: {string.Join(", ", names)})");

    /// <summary>The values of <paramref name="name"/> widened to float64 (a copy), e.g. for the metrics.</summary>
    public double[] AsDouble(string name) => Array.ConvertAll(this[name], v => (double)v);

    /// <summary>Number of finite (non-missing) values of <paramref name="name"/>.</summary>
    public int CountValid(string name) => this[name].Count(float.IsFinite);

    /// <summary>A copy with variable <paramref name="name"/> added or replaced (the length must match).</summary>
    public DailySeries With(string name, float[] data)
    {
        var list = names.Select(n => new KeyValuePair<string, float[]>(n, values[n])).ToList();
        var at = names.IndexOf(name);
        if (at >= 0) list[at] = new(name, data);
        else list.Add(new(name, data));
        return new DailySeries(SiteId, Start, list);
    }

    /// <summary>A copy keeping only <paramref name="keep"/>, in that order.</summary>
    public DailySeries Select(IEnumerable<string> keep) =>
        new(SiteId, Start, keep.Select(n => new KeyValuePair<string, float[]>(n, this[n])));

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> inclusive; days outside the record
    /// come out as NaN, so windows of equal length can be cut from sites with different record periods.</summary>
    public DailySeries Slice(DateOnly from, DateOnly to)
    {
        var n = to.DayNumber - from.DayNumber + 1;
        if (n < 1) throw new ArgumentException($"site '{SiteId}': slice end {to:yyyy-MM-dd} is before its start {from:yyyy-MM-dd}", nameof(to));
        var offset = from.DayNumber - Start.DayNumber;
        return new DailySeries(SiteId, from, names.Select(name =>
        {
            var src = values[name];
            var dst = new float[n];
            for (var i = 0; i < n; i++)
            {
                var j = offset + i;
                dst[i] = j >= 0 && j < Length ? src[j] : float.NaN;
            }
            return new KeyValuePair<string, float[]>(name, dst);
        }));
    }

    /// <summary>Builds a gap-free series from dated values: dates absent from <paramref name="dated"/> become NaN.
    /// Used by the loaders; dates must be strictly increasing (<paramref name="describe"/> names the offending
    /// record in the error).</summary>
    /// <param name="siteId">The site.</param>
    /// <param name="dates">Dates of the records, strictly increasing.</param>
    /// <param name="dated">Values by variable, aligned with <paramref name="dates"/>.</param>
    /// <param name="describe">Names record i in errors (e.g. "file.txt:12").</param>
    public static DailySeries FromDated(string siteId, IReadOnlyList<DateOnly> dates,
        IEnumerable<KeyValuePair<string, List<float>>> dated, Func<int, string> describe)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(describe);
        for (var i = 1; i < dates.Count; i++)
            if (dates[i].DayNumber <= dates[i - 1].DayNumber)
                throw new InvalidDataException(
                    $"{describe(i)}: date {dates[i]:yyyy-MM-dd} is not after the previous record's {dates[i - 1]:yyyy-MM-dd} (dates must increase)");
        if (dates.Count == 0) return new DailySeries(siteId, new DateOnly(2000, 1, 1), dated.Select(kv => new KeyValuePair<string, float[]>(kv.Key, [])));
        var start = dates[0];
        var n = dates[^1].DayNumber - start.DayNumber + 1;
        return new DailySeries(siteId, start, dated.Select(kv =>
        {
            if (kv.Value.Count != dates.Count)
                throw new ArgumentException($"site '{siteId}': variable '{kv.Key}' has {kv.Value.Count} records but there are {dates.Count} dates", nameof(dated));
            var full = new float[n];
            Array.Fill(full, float.NaN);
            for (var i = 0; i < kv.Value.Count; i++) full[dates[i].DayNumber - start.DayNumber] = kv.Value[i];
            return new KeyValuePair<string, float[]>(kv.Key, full);
        }));
    }
}
