namespace EarthEmbed.Geo.Tests.Grids;

/// <summary>CRS parsing, identification and comparison through OSR.</summary>
public class CrsTests
{
    [Fact]
    public void Epsg_user_input_and_wkt_of_the_same_crs_are_the_same()
    {
        var a = Crs.FromEpsg(31985);
        var b = Crs.Parse("EPSG:31985");
        var c = Crs.Parse(a.ToWkt2());
        Assert.True(a.IsSame(b));
        Assert.True(a.IsSame(c));
        Assert.Equal(a, c);
        Assert.Equal(a.GetHashCode(), c.GetHashCode());
        Assert.Equal(31985, c.Epsg);
        Assert.True(a.IsProjected);
        Assert.False(a.IsGeographic);
    }

    [Fact]
    public void Different_crs_are_not_the_same()
    {
        Assert.False(Crs.FromEpsg(32725).IsSame(Crs.FromEpsg(31985)));
        Assert.True(Crs.FromEpsg(4326).IsGeographic);
    }

    [Fact]
    public void A_crs_without_an_authority_is_identified_as_epsg_where_gdal_can()
    {
        var utm = Crs.Parse("+proj=utm +zone=25 +south +datum=WGS84 +units=m +no_defs");
        Assert.Equal(32725, utm.Epsg);
    }

    [Fact]
    public void Nonsense_is_refused_with_the_text_quoted()
    {
        var ex = Assert.Throws<ArgumentException>(() => Crs.Parse("EPSG:not-a-code"));
        Assert.Contains("EPSG:not-a-code", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Crs.FromEpsg(999999));
    }

    [Fact]
    public void Transform_bounds_agrees_with_a_hand_checked_utm_point()
    {
        // Longitude -33 is the central meridian of UTM 25S: easting 500000; the equator is northing 10 000 000.
        var box = Crs.FromEpsg(4326).TransformBounds(new Extent(-33.001, -0.001, -32.999, 0), Crs.FromEpsg(32725));
        Assert.Equal(500000, (box.MinX + box.MaxX) / 2, 3);
        Assert.Equal(10000000, box.MaxY, 3);
    }
}
