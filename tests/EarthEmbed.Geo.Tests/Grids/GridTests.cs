using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Grids;

/// <summary>Grids as values: extents, resolutions, windows of one grid in another, intersections, worked by hand.</summary>
public class GridTests
{
    private static readonly Crs Utm = Crs.FromEpsg(32725);

    // 100 x 50 pixels of 10 m, top-left corner (1000, 2000): extent x 1000..2000, y 1500..2000.
    private static Grid G => new(100, 50, GeoTransform.NorthUp(1000, 2000, 10, 10), Utm);

    [Fact]
    public void Extent_and_resolution_follow_from_the_transform()
    {
        Assert.Equal(new Extent(1000, 1500, 2000, 2000), G.Extent);
        Assert.Equal((10.0, 10.0), (G.ResolutionX, G.ResolutionY));
        Assert.Equal(5000, G.PixelCount);
    }

    [Fact]
    public void Pixel_and_world_coordinates_are_inverse()
    {
        var t = G.Transform;
        Assert.Equal((1005.0, 1995.0), t.ToWorld(0.5, 0.5));
        var (col, row) = t.ToPixel(1234, 1777);
        Assert.Equal(23.4, col, 9);
        Assert.Equal(22.3, row, 9);
    }

    [Fact]
    public void A_sub_window_is_a_grid_offset_by_whole_pixels()
    {
        var w = G.Window(new PixelWindow(10, 5, 20, 8));
        Assert.Equal(new Extent(1100, 1870, 1300, 1950), w.Extent);
        Assert.Equal(new PixelWindow(10, 5, 20, 8), G.WindowOf(w));
        Assert.True(G.IsAlignedWith(w));
    }

    [Fact]
    public void A_grid_shifted_by_half_a_pixel_is_not_aligned_and_window_of_says_to_warp()
    {
        var shifted = new Grid(10, 10, GeoTransform.NorthUp(1005, 2000, 10, 10), Utm);
        Assert.False(G.IsAlignedWith(shifted));
        var ex = Assert.Throws<ArgumentException>(() => G.WindowOf(shifted));
        Assert.Contains("warp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intersect_keeps_the_pixels_of_this_grid_inside_the_other()
    {
        // other: 30 m pixels over x 1500..2400, y 1200..1800 -> overlap x 1500..2000, y 1500..1800.
        var other = new Grid(30, 20, GeoTransform.NorthUp(1500, 1800, 30, 30), Utm);
        var i = G.Intersect(other)!;
        Assert.Equal(new Extent(1500, 1500, 2000, 1800), i.Extent);
        Assert.Equal((50, 30), (i.Width, i.Height));
        Assert.True(G.IsAlignedWith(i));
        Assert.Equal(new PixelWindow(50, 20, 50, 30), G.WindowOf(i));
    }

    [Fact]
    public void Grids_that_do_not_touch_have_no_intersection()
    {
        var far = new Grid(10, 10, GeoTransform.NorthUp(5000, 2000, 10, 10), Utm);
        Assert.Null(G.Intersect(far));
        var touching = new Grid(10, 10, GeoTransform.NorthUp(2000, 2000, 10, 10), Utm);
        Assert.Null(G.Intersect(touching));
    }

    [Fact]
    public void Intersect_refuses_grids_in_different_crs_and_names_both()
    {
        var geo = new Grid(10, 10, GeoTransform.NorthUp(-35, -7, 0.01, 0.01), Crs.FromEpsg(4326));
        var ex = Assert.Throws<ArgumentException>(() => G.Intersect(geo));
        Assert.Contains("WGS 84 / UTM zone 25S", ex.Message, StringComparison.Ordinal);
        Assert.Contains("warp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_extent_rounds_up_to_whole_pixels_from_the_top_left()
    {
        var g = Grid.FromExtent(new Extent(0, 0, 95, 41), 10, Utm);
        Assert.Equal((10, 5), (g.Width, g.Height));
        Assert.Equal(GeoTransform.NorthUp(0, 41, 10, 10), g.Transform);
    }

    [Fact]
    public void With_resolution_covers_the_same_extent_with_other_pixels()
    {
        var coarse = G.WithResolution(30, 30);
        Assert.Equal((34, 17), (coarse.Width, coarse.Height));
        Assert.Equal(G.Transform.OriginX, coarse.Transform.OriginX);
        Assert.Equal(G.Transform.OriginY, coarse.Transform.OriginY);
    }

    [Fact]
    public void Window_of_an_extent_grows_outward_and_clips_to_the_grid()
    {
        Assert.Equal(new PixelWindow(1, 1, 3, 2), G.WindowOf(new Extent(1015, 1975, 1035, 1990)));
        Assert.Equal(new PixelWindow(90, 0, 10, 3), G.WindowOf(new Extent(1900, 1971, 2500, 2100)));
        Assert.Null(G.WindowOf(new Extent(3000, 0, 3100, 10)));
    }

    [Fact]
    public void Grids_are_equal_when_size_transform_and_crs_agree_however_the_crs_is_written()
    {
        var viaWkt = new Grid(100, 50, GeoTransform.NorthUp(1000, 2000, 10, 10), Crs.Parse(Utm.ToWkt2()));
        Assert.Equal(G, viaWkt);
        Assert.NotEqual(G, G.Window(new PixelWindow(0, 0, 100, 49)));
        Assert.NotEqual(G, new Grid(100, 50, G.Transform, Crs.FromEpsg(31985)));
    }

    [Fact]
    public void The_olinda_like_fixture_grids_are_the_ones_gdalinfo_reports()
    {
        using var ds = RasterDataset.Open(Fixture.Path("byte_plain.tif"));
        var info = Fixture.GdalInfo(Fixture.Path("byte_plain.tif"));
        var corners = info.GetProperty("cornerCoordinates");
        var ul = corners.GetProperty("upperLeft");
        var lr = corners.GetProperty("lowerRight");
        Assert.Equal(new Extent(ul[0].GetDouble(), lr[1].GetDouble(), lr[0].GetDouble(), ul[1].GetDouble()), ds.Grid.Extent);
    }
}
