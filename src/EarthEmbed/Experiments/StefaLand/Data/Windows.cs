using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>Windows of <c>days</c> consecutive days at given (site, start day) pairs, cut from the normalised
/// blocks into tensors.</summary>
internal static class Windows
{
    /// <summary>Forcings [B, T, V] and statics [B, A] (z-scored, NaN kept).</summary>
    public static (Tensor Dynamic, Tensor Static) Inputs(NormalizedData data, IReadOnlyList<int> sites, IReadOnlyList<int> starts, int days)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(starts);
        var raw = data.Raw;
        int v = raw.Forcings.Count, a = raw.Attributes.Count, b = sites.Count;
        var dyn = new float[(long)b * days * v];
        var stat = new float[b * a];
        for (var i = 0; i < b; i++)
        {
            if (starts[i] < 0 || starts[i] + days > raw.Days)
                throw new ArgumentOutOfRangeException(nameof(starts), starts[i], $"a window of {days} days must start in [0, {raw.Days - days}]");
            Array.Copy(data.Dynamic, ((long)sites[i] * raw.Days + starts[i]) * v, dyn, (long)i * days * v, (long)days * v);
            Array.Copy(data.Static, sites[i] * a, stat, i * a, a);
        }
        return (torch.tensor(dyn, new long[] { b, days, v }), torch.tensor(stat, new long[] { b, a }));
    }

    /// <summary>A daily target [B, T] (z-units, NaN = missing) and each window's site σ [B].</summary>
    public static (Tensor Values, Tensor SiteStd) Target(TargetBlock target, int calendarDays, IReadOnlyList<int> sites, IReadOnlyList<int> starts, int days)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(starts);
        var values = new float[sites.Count * days];
        var std = new float[sites.Count];
        for (var i = 0; i < sites.Count; i++)
        {
            Array.Copy(target.Values, (long)sites[i] * calendarDays + starts[i], values, (long)i * days, days);
            std[i] = target.SiteStd[sites[i]];
        }
        return (torch.tensor(values, new long[] { sites.Count, days }), torch.tensor(std, new long[] { sites.Count }));
    }

    /// <summary>Each window's site σ of every forcing [B, V].</summary>
    public static Tensor DynamicStd(NormalizedData data, IReadOnlyList<int> sites)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sites);
        var v = data.Raw.Forcings.Count;
        var std = new float[sites.Count * v];
        for (var i = 0; i < sites.Count; i++) Array.Copy(data.DynamicSiteStd, sites[i] * v, std, i * v, v);
        return torch.tensor(std, new long[] { sites.Count, v });
    }

    /// <summary><paramref name="count"/> random (site, start) pairs: sites uniform over <paramref name="sites"/>,
    /// whole windows inside days [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static (int[] Sites, int[] Starts) Sample(Random random, IReadOnlyList<int> sites, int from, int to, int days, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(sites);
        if (to - from < days) throw new ArgumentException($"the period [{from}, {to}) is shorter than a {days}-day window", nameof(to));
        var s = new int[count];
        var t = new int[count];
        for (var i = 0; i < count; i++)
        {
            s[i] = sites[random.Next(sites.Count)];
            t[i] = random.Next(from, to - days + 1);
        }
        return (s, t);
    }
}
