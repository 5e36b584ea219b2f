using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Sampling;

/// <summary>Grid and random samplers, regions of interest and the minimum valid fraction, checked by counting.</summary>
public class PatchSamplerTests
{
    [Fact]
    public void A_grid_sampler_steps_by_its_stride_and_stays_inside()
    {
        var grid = ArraySource.UtmGrid(10, 7);
        var windows = new GridSampler(4, 3).Candidates(grid).ToList();
        // x origins 0, 3, 6 (6 + 4 = 10 fits); y origins 0, 3 (3 + 4 = 7 fits).
        Assert.Equal([new(0, 0, 4, 4), new(3, 0, 4, 4), new(6, 0, 4, 4), new(0, 3, 4, 4), new(3, 3, 4, 4), new PixelWindow(6, 3, 4, 4)], windows);
    }

    [Fact]
    public void Cover_edges_adds_patches_flush_with_the_far_edges()
    {
        var grid = ArraySource.UtmGrid(11, 7);
        var windows = new GridSampler(4, 3, coverEdges: true).Candidates(grid).ToList();
        Assert.Equal([0, 3, 6, 7], windows.Select(w => w.X).Distinct());
        Assert.Equal([0, 3], windows.Select(w => w.Y).Distinct());
        var covered = new bool[7, 11];
        foreach (var w in windows)
            for (var r = w.Y; r < w.Bottom; r++)
                for (var c = w.X; c < w.Right; c++) covered[r, c] = true;
        Assert.All(covered.Cast<bool>(), Assert.True);
    }

    [Fact]
    public void A_region_of_interest_confines_the_patches()
    {
        var grid = ArraySource.UtmGrid(50, 50);
        var roi = new PixelWindow(10, 20, 15, 12);
        var windows = new GridSampler(5, 5, roi).Candidates(grid).ToList();
        Assert.Equal(3 * 2, windows.Count);
        Assert.All(windows, w => Assert.True(roi.Contains(w)));
        var random = new RandomSampler(5, seed: 1, roi).Candidates(grid).Take(500).ToList();
        Assert.All(random, w => Assert.True(roi.Contains(w)));
        Assert.Equal(11, random.Select(w => w.X).Distinct().Count()); // every origin 10..20 is drawn
    }

    [Fact]
    public void A_region_outside_the_grid_or_too_small_for_a_patch_is_refused()
    {
        var grid = ArraySource.UtmGrid(20, 20);
        Assert.Throws<ArgumentException>(() => new GridSampler(4, 4, new PixelWindow(30, 30, 5, 5)).Candidates(grid).ToList());
        var ex = Assert.Throws<ArgumentException>(() => new GridSampler(8, 4, new PixelWindow(0, 0, 6, 20)).Candidates(grid).ToList());
        Assert.Contains("8x8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_gives_the_same_patches_and_another_seed_others()
    {
        var grid = ArraySource.UtmGrid(100, 80);
        var a = new RandomSampler(16, seed: 42).Candidates(grid).Take(50).ToList();
        var b = new RandomSampler(16, seed: 42).Candidates(grid).Take(50).ToList();
        var c = new RandomSampler(16, seed: 43).Candidates(grid).Take(50).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, w => Assert.True(grid.FullWindow.Contains(w)));
    }

    [Fact]
    public void Minimum_valid_fraction_keeps_only_patches_with_enough_data_and_counts_the_rest()
    {
        // Columns 0..9 are no-data in band 1 only; a pixel counts as valid only when every band is.
        var grid = ArraySource.UtmGrid(40, 8);
        var source = new ArraySource(grid, 2, (b, r, c) => b == 1 && c < 10 ? float.NaN : r + c);
        var result = PatchSampling.Sample(new GridSampler(8, 4), source, minValidFraction: 0.5);
        // Patch x origins 0, 4, ..., 32: valid fractions 0 (cols 0-7), 0.25 (cols 4-11), 0.75 (cols 8-15), then 1.
        Assert.Equal(9, result.Considered);
        Assert.Equal(1, result.SkippedAllNoData);
        Assert.Equal(1, result.SkippedBelowMinValid);
        Assert.Equal([8, 12, 16, 20, 24, 28, 32], result.Windows.Select(w => w.X));
    }

    [Fact]
    public void Patches_below_the_minimum_but_not_empty_are_counted_apart_from_empty_ones()
    {
        var grid = ArraySource.UtmGrid(40, 8);
        var source = new ArraySource(grid, 1, (_, _, c) => c < 10 ? float.NaN : 1);
        var result = PatchSampling.Sample(new GridSampler(8, 4), source, minValidFraction: 0.8);
        // x 0: all no-data; x 4: cols 4..11, 2 of 8 valid (0.25); x 8: cols 8..15, 6 of 8 (0.75) < 0.8.
        Assert.Equal(1, result.SkippedAllNoData);
        Assert.Equal(2, result.SkippedBelowMinValid);
        Assert.Equal(6, result.Windows.Count);
        Assert.Equal(9, result.Considered);
    }

    [Fact]
    public void Random_sampling_stops_at_the_requested_count()
    {
        var grid = ArraySource.UtmGrid(64, 64);
        var source = new ArraySource(grid, 1, (_, r, _) => r < 32 ? float.NaN : 1);
        var result = PatchSampling.Sample(new RandomSampler(8, seed: 5), source, minValidFraction: 1.0, maxCount: 20);
        Assert.Equal(20, result.Windows.Count);
        Assert.All(result.Windows, w => Assert.True(w.Y >= 32));
        Assert.Equal(result.Considered, 20 + result.SkippedAllNoData + result.SkippedBelowMinValid);
        Assert.Throws<ArgumentException>(() => PatchSampling.Sample(new RandomSampler(8, 1), source));
    }
}
