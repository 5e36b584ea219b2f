namespace EarthEmbed.Geo.Tests.Align;

/// <summary>Fine grids nested in coarse ones (<see cref="GridNesting"/>): the common part of partly covering grids,
/// worked by hand, and the errors that name both grids.</summary>
public class GridNestingTests
{
    private static readonly Crs Utm = Crs.FromEpsg(32633);

    // 20 x 10 pixels of 10 m, top-left (1000, 2000): x 1000..1200, y 1900..2000.
    private static Grid Coarse => new(20, 10, GeoTransform.NorthUp(1000, 2000, 10, 10), Utm);

    [Fact]
    public void The_fine_grid_has_the_same_corner_and_extent()
    {
        var fine = GridNesting.FineGrid(Coarse, 5);
        Assert.Equal((100, 50), (fine.Width, fine.Height));
        Assert.Equal(Coarse.Extent, fine.Extent);
        Assert.Equal(5, GridNesting.Factor(Coarse, "c", fine, "f"));
    }

    [Fact]
    public void A_fine_grid_starting_west_and_south_of_the_corner_overlaps_in_whole_coarse_pixels()
    {
        // 2 m pixels from (980, 1990): 4 coarse pixels west... of x 1000 is 10 fine pixels; 60 x 30 fine pixels reach
        // x 1100 and y 1930. Overlap in coarse pixels: columns 0..9 (x 1000..1100), rows 1..6 (y 1990..1930).
        var fine = new Grid(60, 30, GeoTransform.NorthUp(980, 1990, 2, 2), Utm);
        var (coarse, window) = GridNesting.Overlap(Coarse, "c.tif", fine, "f.tif", 5);
        Assert.Equal(new PixelWindow(0, 1, 10, 6), coarse);
        Assert.Equal(new PixelWindow(10, 0, 50, 30), window);
    }

    [Fact]
    public void A_fine_grid_inside_the_coarse_one_keeps_only_whole_coarse_pixels()
    {
        // From (1050, 1950), 23 x 12 fine pixels of 2 m: 4 whole coarse pixels across (the 23rd fine column is cut), 2 down.
        var fine = new Grid(23, 12, GeoTransform.NorthUp(1050, 1950, 2, 2), Utm);
        var (coarse, window) = GridNesting.Overlap(Coarse, "c.tif", fine, "f.tif", 5);
        Assert.Equal(new PixelWindow(5, 5, 4, 2), coarse);
        Assert.Equal(new PixelWindow(0, 0, 20, 10), window);
    }

    [Fact]
    public void Overlap_errors_name_the_files_the_pixel_sizes_and_the_origins()
    {
        var wrongFactor = new Grid(100, 50, GeoTransform.NorthUp(1000, 2000, 1, 1), Utm);
        var e = Assert.Throws<RasterInputException>(() => GridNesting.Overlap(Coarse, "c.tif", wrongFactor, "f.tif", 5));
        Assert.Contains("'f.tif' (100x50 px of 1x1 at (1000, 2000)", e.Message, StringComparison.Ordinal);
        Assert.Contains("'c.tif' (20x10 px of 10x10 at (1000, 2000)", e.Message, StringComparison.Ordinal);
        Assert.Contains("are 10x smaller than the coarse ones (10); expected 5x", e.Message, StringComparison.Ordinal);
        Assert.Equal("f.tif", e.Path);

        var offCorner = new Grid(50, 50, GeoTransform.NorthUp(1004, 2000, 2, 2), Utm);
        Assert.Contains("is (2, 0) fine pixels from the coarse origin (1000, 2000), not on a coarse pixel corner (a multiple of 5)",
            Assert.Throws<RasterInputException>(() => GridNesting.Overlap(Coarse, "c.tif", offCorner, "f.tif", 5)).Message, StringComparison.Ordinal);

        var south = new Grid(50, 50, GeoTransform.NorthUp(1000, 1800, 2, 2), Utm);
        Assert.Contains("do not overlap by a whole coarse pixel",
            Assert.Throws<RasterInputException>(() => GridNesting.Overlap(Coarse, "c.tif", south, "f.tif", 5)).Message, StringComparison.Ordinal);
    }
}
