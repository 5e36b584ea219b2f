using EarthEmbed.Data.Hydrology;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>A <see cref="HydroDataset"/> cut into the dense raw blocks the StefaLand models read, on one common
/// calendar: the six forcings [site, day, variable], the static attributes of the five masked groups
/// [site, attribute] with each attribute's group, the daily targets (streamflow, soil moisture) [site, day], soil
/// texture [site, 2] and landslide event days [site, day]. NaN = missing everywhere. The calendar splits into a
/// training period (the first days) and a test period (the last <c>test_years</c> years).
/// Normalisation is fitted per fold on training sites only (<see cref="Normalize"/>).</summary>
public sealed class StefaLandData
{
    private StefaLandData(HydroDataset dataset, IReadOnlyList<string> attributes, int[] groups, DateOnly start, int days, int trainDays)
    {
        Dataset = dataset;
        Attributes = attributes;
        AttributeGroups = groups;
        Start = start;
        Days = days;
        TrainDays = trainDays;
        Dynamic = HydroArrays.Dynamic(dataset, Forcings, start, days);
        Static = HydroArrays.Static(dataset, attributes);
        foreach (var target in HydroVariables.DailyTargets)
            if (dataset.VariableNames.Contains(target)) Targets[target] = HydroArrays.Dynamic(dataset, [target], start, days);
        Texture = HydroArrays.Targets(dataset, HydroVariables.StaticTargets);
        Landslides = new bool[Sites * days];
        for (var s = 0; s < Sites; s++)
            foreach (var date in dataset.Landslides(dataset.Sites[s].Id))
            {
                var t = date.DayNumber - start.DayNumber;
                if (t >= 0 && t < days) Landslides[s * days + t] = true;
            }
    }

    /// <summary>The dataset the blocks came from (sites in its order).</summary>
    public HydroDataset Dataset { get; }

    /// <summary>The paper's six forcings, in order: P, shortwave, relative humidity, Tmax, Tmin, Hargreaves PET.</summary>
    public IReadOnlyList<string> Forcings { get; } = HydroVariables.Forcings;

    /// <summary>Static attributes of the five masked groups (hydrological signatures left out: they would give
    /// streamflow away).</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>For each attribute, the index of its group in <see cref="HydroVariables.MaskedGroups"/>.</summary>
    public IReadOnlyList<int> AttributeGroups { get; }

    /// <summary>Number of sites.</summary>
    public int Sites => Dataset.Count;

    /// <summary>First day of the common calendar.</summary>
    public DateOnly Start { get; }

    /// <summary>Days in the calendar.</summary>
    public int Days { get; }

    /// <summary>Days of the training period (days [0, TrainDays)); the test period is [TrainDays, Days).</summary>
    public int TrainDays { get; }

    /// <summary>Raw forcings [site, day, variable].</summary>
    public float[] Dynamic { get; }

    /// <summary>Raw static attributes [site, attribute].</summary>
    public float[] Static { get; }

    /// <summary>Raw daily targets by name (streamflow mm/day, soil moisture m³/m³), each [site, day].</summary>
    public Dictionary<string, float[]> Targets { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw sand and clay fractions [site, 2].</summary>
    public float[] Texture { get; }

    /// <summary>Landslide event days [site, day].</summary>
    public bool[] Landslides { get; }

    /// <summary>Whether any site has a sand or clay fraction (the texture task needs them; CAMELS and most generic
    /// folders have none as targets).</summary>
    public bool HasTexture => Texture.Any(float.IsFinite);

    /// <summary>Whether any landslide falls in the calendar (the landslide task needs events).</summary>
    public bool HasLandslides => Landslides.Any(x => x);

    /// <summary>Cuts <paramref name="dataset"/> on its full period, keeping the last <paramref name="testYears"/>
    /// years (365 days each) as the test period.</summary>
    public static StefaLandData From(HydroDataset dataset, int testYears)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var (start, end) = dataset.Period;
        var days = end.DayNumber - start.DayNumber + 1;
        var trainDays = days - testYears * 365;
        if (trainDays < 1) throw new ArgumentException($"dataset '{dataset.Name}' has {days} days, fewer than test_years = {testYears} years", nameof(testYears));
        var groups = HydroVariables.MaskedGroups;
        var attributes = HydroArrays.AttributesOf(dataset, groups);
        var groupOf = dataset.AttributeNames.ToDictionary(a => a.Name, a => a.Group, StringComparer.Ordinal);
        var index = attributes.Select(a => groups.ToList().IndexOf(groupOf[a])).ToArray();
        return new StefaLandData(dataset, attributes, index, start, days, trainDays);
    }

    /// <summary>Fits z-score statistics of forcings, attributes and the daily targets on <paramref name="trainSites"/>
    /// over the training period, and applies them to every site.</summary>
    public NormalizedData Normalize(IReadOnlyList<int> trainSites)
    {
        ArgumentNullException.ThrowIfNull(trainSites);
        int v = Forcings.Count, a = Attributes.Count;
        var dynamic = (float[])Dynamic.Clone();
        for (var k = 0; k < v; k++)
        {
            var (mean, std) = Moments(trainSites.SelectMany(s => Enumerable.Range(0, TrainDays).Select(t => Dynamic[((long)s * Days + t) * v + k])));
            for (long i = k; i < dynamic.Length; i += v) dynamic[i] = (float)((dynamic[i] - mean) / std);
        }
        var stat = (float[])Static.Clone();
        for (var k = 0; k < a; k++)
        {
            var (mean, std) = Moments(trainSites.Select(s => Static[s * a + k]));
            for (var i = k; i < stat.Length; i += a) stat[i] = (float)((stat[i] - mean) / std);
        }
        var dynamicStd = new float[Sites * v];
        for (var s = 0; s < Sites; s++)
            for (var k = 0; k < v; k++)
                dynamicStd[s * v + k] = (float)Moments(Enumerable.Range(0, TrainDays).Select(t => dynamic[((long)s * Days + t) * v + k])).Std;
        var targets = new Dictionary<string, TargetBlock>(StringComparer.Ordinal);
        foreach (var (name, raw) in Targets)
        {
            var (mean, std) = Moments(trainSites.SelectMany(s => Enumerable.Range(0, TrainDays).Select(t => raw[s * Days + t])));
            var norm = Array.ConvertAll(raw, x => (float)((x - mean) / std));
            var siteStd = new float[Sites];
            for (var s = 0; s < Sites; s++) siteStd[s] = (float)Moments(Enumerable.Range(0, TrainDays).Select(t => norm[s * Days + t])).Std;
            targets[name] = new TargetBlock(norm, mean, std, siteStd);
        }
        return new NormalizedData(this, dynamic, dynamicStd, stat, targets);
    }

    /// <summary>Mean and population standard deviation of the finite values (std 1 when there is no spread).</summary>
    internal static (double Mean, double Std) Moments(IEnumerable<float> values)
    {
        double sum = 0, sum2 = 0;
        long n = 0;
        foreach (var x in values)
        {
            if (!float.IsFinite(x)) continue;
            sum += x;
            sum2 += (double)x * x;
            n++;
        }
        if (n == 0) return (0, 1);
        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, sum2 / n - mean * mean));
        return (mean, std > 1e-8 ? std : 1);
    }
}

/// <summary>One daily target after normalisation: values [site, day] in z-units, the mean and std that undo it, and
/// each site's standard deviation over the training period (the NSE loss divides squared errors by it).</summary>
public sealed record TargetBlock(float[] Values, double Mean, double Std, float[] SiteStd);

/// <summary>The blocks of <see cref="StefaLandData"/> normalised for one fold (statistics of its training sites):
/// forcings [site, day, variable], each site's σ of each forcing over the training period [site, variable] (the
/// reconstruction loss's weights), statics [site, attribute] and the daily targets.</summary>
public sealed record NormalizedData(StefaLandData Raw, float[] Dynamic, float[] DynamicSiteStd, float[] Static,
    IReadOnlyDictionary<string, TargetBlock> Targets);
