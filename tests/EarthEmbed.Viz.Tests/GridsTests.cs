namespace EarthEmbed.Viz.Tests;

public class GridsTests
{
    [Fact]
    public void The_second_band_of_a_band_sequential_buffer_lands_row_by_row_with_invalid_cells_as_NaN()
    {
        float[] values = [0, 0, 0, 0, 0, 0, /* band 1: */ 1, 2, 3, 4, 5, 6];
        var valid = Enumerable.Repeat(true, 12).ToArray();
        valid[6 + 4] = false; // band 1, row 1, column 1
        var grid = Grids.FromRowMajor(values, height: 2, width: 3, band: 1, valid: valid);
        Assert.Equal(3, grid[0, 2]);
        Assert.Equal(4, grid[1, 0]);
        Assert.True(double.IsNaN(grid[1, 1]));
        Assert.Equal(6, grid[1, 2]);
    }

    [Fact]
    public void A_short_buffer_is_refused_with_the_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => Grids.FromRowMajor(new float[5], 2, 3));
        Assert.Contains("needs 6 values, got 5", e.Message, StringComparison.Ordinal);
    }
}
