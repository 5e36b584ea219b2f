using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Data.Hydrology;

/// <summary>Cuts a <see cref="HydroDataset"/> into the dense blocks models take: daily variables as
/// [site, day, variable], static attributes and targets as [site, name], float32, NaN where missing (StefaLand
/// treats NaN inputs as masked; losses skip NaN targets). Sites keep the dataset's order. The array forms need no
/// libtorch; the tensor forms copy them into CPU tensors.</summary>
public static class HydroArrays
{
    /// <summary>Daily values of <paramref name="variables"/> for <paramref name="days"/> days from
    /// <paramref name="start"/>, row-major [site, day, variable]; days outside a site's record are NaN. Throws
    /// naming the site and variable when a site lacks a variable.</summary>
    public static float[] Dynamic(HydroDataset dataset, IReadOnlyList<string> variables, DateOnly start, int days)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        int nv = variables.Count, n = dataset.Count;
        var data = new float[(long)n * days * nv];
        for (var s = 0; s < n; s++)
        {
            var series = dataset.SeriesAt(s);
            var offset = start.DayNumber - series.Start.DayNumber;
            for (var v = 0; v < nv; v++)
            {
                var values = series[variables[v]];
                for (var t = 0; t < days; t++)
                {
                    var j = offset + t;
                    data[((long)s * days + t) * nv + v] = j >= 0 && j < series.Length ? values[j] : float.NaN;
                }
            }
        }
        return data;
    }

    /// <summary>Static attribute values [site, attribute]; NaN where a site's table had no value or the site lacks
    /// the attribute. Throws when no site has an attribute (a typo, most likely), listing the known names.</summary>
    public static float[] Static(HydroDataset dataset, IReadOnlyList<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(attributes);
        var known = dataset.AttributeNames.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = attributes.FirstOrDefault(a => !known.Contains(a));
        if (unknown is not null)
            throw new KeyNotFoundException($"dataset '{dataset.Name}': no site has attribute '{unknown}' (known: {string.Join(", ", known)})");
        var data = new float[dataset.Count * attributes.Count];
        for (var s = 0; s < dataset.Count; s++)
            for (var a = 0; a < attributes.Count; a++)
                data[s * attributes.Count + a] = dataset.Sites[s].TryGetAttribute(attributes[a], out var v) ? (float)v : float.NaN;
        return data;
    }

    /// <summary>Static targets [site, target]; NaN where a site has none.</summary>
    public static float[] Targets(HydroDataset dataset, IReadOnlyList<string> targets)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(targets);
        var data = new float[dataset.Count * targets.Count];
        for (var s = 0; s < dataset.Count; s++)
        {
            var t = dataset.StaticTargets(dataset.Sites[s].Id);
            for (var k = 0; k < targets.Count; k++) data[s * targets.Count + k] = t.TryGetValue(targets[k], out var v) ? (float)v : float.NaN;
        }
        return data;
    }

    /// <summary>The names of the attributes of <paramref name="groups"/>, in the dataset's order (e.g. the five
    /// StefaLand groups, leaving out hydrological signatures).</summary>
    public static IReadOnlyList<string> AttributesOf(HydroDataset dataset, IEnumerable<AttributeGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var set = groups.ToHashSet();
        return dataset.AttributeNames.Where(a => set.Contains(a.Group)).Select(a => a.Name).ToArray();
    }

    /// <summary><see cref="Dynamic"/> as a float32 tensor of shape [sites, days, variables].</summary>
    public static Tensor DynamicTensor(HydroDataset dataset, IReadOnlyList<string> variables, DateOnly start, int days)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(variables);
        return torch.tensor(Dynamic(dataset, variables, start, days), new long[] { dataset.Count, days, variables.Count });
    }

    /// <summary><see cref="Static"/> as a float32 tensor of shape [sites, attributes].</summary>
    public static Tensor StaticTensor(HydroDataset dataset, IReadOnlyList<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(attributes);
        return torch.tensor(Static(dataset, attributes), new long[] { dataset.Count, attributes.Count });
    }
}
