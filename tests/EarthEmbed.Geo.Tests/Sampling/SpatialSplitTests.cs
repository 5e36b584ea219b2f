using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Sampling;

/// <summary>Spatial splits: every kept patch lies inside its split's area and train and test patches are at least
/// the buffer apart, checked pair by pair.</summary>
public class SpatialSplitTests
{
    private static readonly KeyValuePair<string, double>[] Fractions = [new("train", 0.6), new("val", 0.2), new("test", 0.2)];

    /// <summary>Chebyshev gap in pixels between two windows (0 when they touch or overlap).</summary>
    private static int Gap(PixelWindow a, PixelWindow b) =>
        Math.Max(Math.Max(b.X - a.Right, a.X - b.Right), Math.Max(b.Y - a.Bottom, a.Y - b.Bottom));

    [Fact]
    public void Blocks_are_shared_out_in_proportion_and_reproducibly()
    {
        var grid = ArraySource.UtmGrid(100, 100);
        var split = SpatialSplit.Blocks(grid, 20, Fractions, seed: 3, buffer: 0);
        var counts = split.Areas.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(15, counts["train"]);
        Assert.Equal(5, counts["val"]);
        Assert.Equal(5, counts["test"]);
        var again = SpatialSplit.Blocks(grid, 20, Fractions, seed: 3, buffer: 0);
        Assert.Equal(split.Areas, again.Areas);
        Assert.NotEqual(split.Areas, SpatialSplit.Blocks(grid, 20, Fractions, seed: 4, buffer: 0).Areas);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    public void No_train_patch_comes_within_the_buffer_of_a_test_patch(int buffer)
    {
        var grid = ArraySource.UtmGrid(120, 90);
        var split = SpatialSplit.Blocks(grid, 30, Fractions, seed: 11, buffer: buffer);
        var patches = new GridSampler(8, 2).Candidates(grid).ToList();
        var result = split.Partition(patches);
        Assert.Equal(patches.Count, result.Splits.Values.Sum(s => s.Count) + result.Dropped);
        Assert.NotEmpty(result.Splits["train"]);
        Assert.NotEmpty(result.Splits["test"]);
        foreach (var train in result.Splits["train"])
            foreach (var other in result.Splits["test"].Concat(result.Splits["val"]))
                Assert.True(Gap(train, other) >= buffer, $"train {train} and {other} are {Gap(train, other)} px apart, buffer {buffer}");
        foreach (var (name, list) in result.Splits)
            foreach (var p in list)
                foreach (var (other, area) in split.Areas)
                    if (other != name) Assert.Null(area.Intersect(p));
        if (buffer > 0) Assert.True(result.Dropped > 0);
    }

    [Fact]
    public void A_patch_spanning_two_blocks_of_the_same_split_is_kept()
    {
        var grid = ArraySource.UtmGrid(40, 20);
        var split = SpatialSplit.PixelRegions(grid, [new("train", new PixelWindow(0, 0, 20, 20)), new("train", new PixelWindow(20, 0, 20, 20))], buffer: 2);
        Assert.Equal("train", split.Assign(new PixelWindow(15, 5, 10, 10)));
    }

    [Fact]
    public void Named_regions_in_world_coordinates_with_a_buffer_drop_patches_near_the_border()
    {
        var grid = ArraySource.UtmGrid(60, 20); // x 500000..500600, y 8999800..9000000
        var split = SpatialSplit.Regions(grid,
            [new KeyValuePair<string, Extent>("west", new Extent(500000, 8999800, 500300, 9000000)), new("east", new Extent(500300, 8999800, 500600, 9000000))], buffer: 4);
        Assert.Equal("west", split.Assign(new PixelWindow(0, 0, 10, 10)));
        Assert.Equal("west", split.Assign(new PixelWindow(16, 0, 10, 10)));  // ends at 26, 4 px before the border at 30
        Assert.Null(split.Assign(new PixelWindow(17, 0, 10, 10)));           // 3 px from the border: inside the buffer
        Assert.Null(split.Assign(new PixelWindow(25, 0, 10, 10)));           // straddles the border
        Assert.Equal("east", split.Assign(new PixelWindow(34, 0, 10, 10)));
        Assert.Null(split.Assign(new PixelWindow(33, 0, 10, 10)));
    }

    [Fact]
    public void Pixels_outside_every_region_belong_to_no_split()
    {
        var grid = ArraySource.UtmGrid(60, 20);
        var split = SpatialSplit.PixelRegions(grid, [new("a", new PixelWindow(0, 0, 10, 10))], buffer: 0);
        Assert.Equal("a", split.Assign(new PixelWindow(2, 2, 8, 8)));
        Assert.Null(split.Assign(new PixelWindow(5, 5, 8, 8)));
        Assert.Null(split.Assign(new PixelWindow(30, 5, 8, 8)));
    }

    [Fact]
    public void A_region_outside_the_grid_is_refused_with_its_name()
    {
        var grid = ArraySource.UtmGrid(60, 20);
        var ex = Assert.Throws<ArgumentException>(() => SpatialSplit.Regions(grid, [new KeyValuePair<string, Extent>("lake", new Extent(0, 0, 10, 10))], 0));
        Assert.Contains("lake", ex.Message, StringComparison.Ordinal);
    }
}
