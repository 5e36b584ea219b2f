namespace EarthEmbed.Geo.Tests.Sampling;

/// <summary>The eight flips and transposes of a square patch, and the eastern test block rule, worked by hand.</summary>
public class PatchTransformTests
{
    [Fact]
    public void The_eight_codes_are_the_eight_distinct_symmetries_of_the_square()
    {
        const int n = 3;
        var images = new HashSet<string>(StringComparer.Ordinal);
        for (var code = 0; code < PatchTransform.Count; code++)
        {
            var map = new List<(int, int)>();
            for (var r = 0; r < n; r++)
                for (var c = 0; c < n; c++) map.Add(PatchTransform.Source(r, c, n, code));
            Assert.Equal(n * n, map.Distinct().Count());  // a permutation of the pixels
            images.Add(string.Join(";", map));
        }
        Assert.Equal(8, images.Count);
        Assert.Equal((0, 2), PatchTransform.Source(0, 0, n, 2));   // columns flipped
        Assert.Equal((2, 0), PatchTransform.Source(0, 0, n, 1));   // rows flipped
        Assert.Equal((1, 0), PatchTransform.Source(0, 1, n, 4));   // transposed
        Assert.Equal((2, 1), PatchTransform.Source(1, 0, n, 5));   // transposed to (0, 1), then rows flipped
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchTransform.Source(0, 0, n, 8));
    }

    [Fact]
    public void The_eastern_test_block_starts_at_the_rounded_share_and_leaves_a_column_each_side()
    {
        Assert.Equal(70, SpatialSplit.EastBlockStart(100, 0.3));
        Assert.Equal(43, SpatialSplit.EastBlockStart(62, 0.3));     // 43.4 rounded
        Assert.Equal(1, SpatialSplit.EastBlockStart(3, 0.99));
        Assert.Equal(2, SpatialSplit.EastBlockStart(3, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpatialSplit.EastBlockStart(10, 1));
    }
}
