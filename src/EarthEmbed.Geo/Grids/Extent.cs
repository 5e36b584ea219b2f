using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>An axis-aligned rectangle in world coordinates (a bounding box), in the units of some CRS.</summary>
public readonly record struct Extent(double MinX, double MinY, double MaxX, double MaxY)
{
    /// <summary>MaxX - MinX.</summary>
    public double Width => MaxX - MinX;

    /// <summary>MaxY - MinY.</summary>
    public double Height => MaxY - MinY;

    /// <summary>True when the rectangle has no area.</summary>
    public bool IsEmpty => !(MaxX > MinX && MaxY > MinY);

    /// <summary>The overlap of two extents, or null when they do not overlap (touching edges do not count).</summary>
    public Extent? Intersect(Extent other)
    {
        var result = new Extent(Math.Max(MinX, other.MinX), Math.Max(MinY, other.MinY),
            Math.Min(MaxX, other.MaxX), Math.Min(MaxY, other.MaxY));
        return result.IsEmpty ? null : result;
    }

    /// <summary>True when the extents share some area.</summary>
    public bool Intersects(Extent other) => Intersect(other) != null;

    /// <summary>True when <paramref name="other"/> lies entirely inside this extent.</summary>
    public bool Contains(Extent other) =>
        other.MinX >= MinX && other.MaxX <= MaxX && other.MinY >= MinY && other.MaxY <= MaxY;

    /// <summary>The smallest extent holding both.</summary>
    public Extent Union(Extent other) => new(Math.Min(MinX, other.MinX), Math.Min(MinY, other.MinY),
        Math.Max(MaxX, other.MaxX), Math.Max(MaxY, other.MaxY));

    /// <summary>The extent grown by <paramref name="distance"/> on every side (shrunk when negative).</summary>
    public Extent Buffer(double distance) => new(MinX - distance, MinY - distance, MaxX + distance, MaxY + distance);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{MinX}, {MinY}, {MaxX}, {MaxY}]");
}
