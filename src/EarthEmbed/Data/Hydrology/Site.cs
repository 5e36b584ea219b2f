namespace EarthEmbed.Data.Hydrology;

/// <summary>A place with records: a gauged basin (CAMELS), a soil-moisture station or a hillslope. It holds what
/// does not change with time: coordinates, region (for leave-one-region-out splits) and static attributes, each
/// with its group. Text attributes of real tables (a gauge name, a dominant land-cover class) are kept apart as
/// labels, since models only take numbers.</summary>
public sealed record Site
{
    private readonly Dictionary<string, int> index;

    /// <summary>Makes a site; attribute names must be unique.</summary>
    /// <param name="id">Site identifier (a gauge id keeps its leading zeros).</param>
    /// <param name="region">Region name, used by leave-one-region-out (PUR) splits.</param>
    /// <param name="latitude">Latitude in degrees (NaN when unknown).</param>
    /// <param name="longitude">Longitude in degrees (NaN when unknown).</param>
    /// <param name="attributes">Numeric static attributes.</param>
    /// <param name="labels">Text attributes by name.</param>
    public Site(string id, string region, double latitude, double longitude,
        IEnumerable<StaticAttribute>? attributes = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("site id must not be empty", nameof(id));
        if (double.IsFinite(latitude) && Math.Abs(latitude) > 90)
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, $"site '{id}': latitude must be within [-90, 90]");
        if (double.IsFinite(longitude) && Math.Abs(longitude) > 360)
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, $"site '{id}': longitude must be within [-360, 360]");
        Id = id;
        Region = region ?? "";
        Latitude = latitude;
        Longitude = longitude;
        Attributes = (attributes ?? []).ToArray();
        index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Attributes.Count; i++)
            if (!index.TryAdd(Attributes[i].Name, i))
                throw new ArgumentException($"site '{id}': attribute '{Attributes[i].Name}' is given twice", nameof(attributes));
        Labels = labels ?? new Dictionary<string, string>();
    }

    /// <summary>Site identifier.</summary>
    public string Id { get; }

    /// <summary>Region name (PUR splits leave one region out). Use <c>site with { Region = ... }</c> to regroup.</summary>
    public string Region { get; init; }

    /// <summary>Latitude in degrees north.</summary>
    public double Latitude { get; }

    /// <summary>Longitude in degrees east.</summary>
    public double Longitude { get; }

    /// <summary>Numeric static attributes, in source order.</summary>
    public IReadOnlyList<StaticAttribute> Attributes { get; }

    /// <summary>Text attributes (gauge name, HUC code, dominant land cover ...).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The value of attribute <paramref name="name"/> (NaN if the table had none); throws naming the site,
    /// the attribute and the available names if the site has no such attribute.</summary>
    public double this[string name] => Attribute(name).Value;

    /// <summary>The attribute called <paramref name="name"/>; throws naming the site and the available names.</summary>
    public StaticAttribute Attribute(string name)
    {
        if (index.TryGetValue(name, out var i)) return Attributes[i];
        throw new KeyNotFoundException(
            $"site '{Id}' has no attribute '{name}' (it has: {string.Join(", ", Attributes.Select(a => a.Name))})");
    }

    /// <summary>Whether the site has attribute <paramref name="name"/>, and its value.</summary>
    public bool TryGetAttribute(string name, out double value)
    {
        var found = index.TryGetValue(name, out var i);
        value = found ? Attributes[i].Value : double.NaN;
        return found;
    }

    /// <summary>The attributes of one group, in source order.</summary>
    public IEnumerable<StaticAttribute> Group(AttributeGroup group) => Attributes.Where(a => a.Group == group);

    /// <summary>Great-circle distance to <paramref name="other"/> in kilometres (haversine, Earth radius 6371 km).</summary>
    public double DistanceKm(Site other)
    {
        ArgumentNullException.ThrowIfNull(other);
        const double r = 6371.0, rad = Math.PI / 180;
        double dLat = (other.Latitude - Latitude) * rad, dLon = (other.Longitude - Longitude) * rad;
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Latitude * rad) * Math.Cos(other.Latitude * rad) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <inheritdoc/>
    public bool Equals(Site? other) => other is not null && Id == other.Id && Region == other.Region &&
        Latitude.Equals(other.Latitude) && Longitude.Equals(other.Longitude) && Attributes.SequenceEqual(other.Attributes) &&
        Labels.Count == other.Labels.Count && Labels.All(kv => other.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Region, Latitude, Longitude, Attributes.Count);

    /// <inheritdoc/>
    public override string ToString() => $"Site {Id} ({Region}, {Latitude:F3}, {Longitude:F3}, {Attributes.Count} attributes)";
}
