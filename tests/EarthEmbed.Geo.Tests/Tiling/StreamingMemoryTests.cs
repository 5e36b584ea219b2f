using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Tiling;

/// <summary>Tiled prediction streams: its working memory is fixed by tile, batch and width, not by the raster's
/// height, and rows reach the file while the run is still going.</summary>
[Collection(RunsAlone.Name)]
public class StreamingMemoryTests
{
    private static TilingReport Run(TempFolder tmp, int height, IProgress<TilingProgress>? progress = null)
    {
        var source = new ArraySource(ArraySource.UtmGrid(96, height), 2, (b, r, c) => b + r * 0.5f + c);
        return TiledPrediction.Run(source, new IdentityPredictor(2), tmp.File($"h{height}.tif"),
            new TiledPredictionOptions { TileSize = 32, Overlap = 8, BatchSize = 2, Progress = progress, Output = new GeoTiffOptions { BlockSize = 16, NoData = double.NaN } });
    }

    [Fact]
    public void Buffered_rows_and_buffer_bytes_are_the_same_for_a_raster_ten_times_taller()
    {
        using var tmp = new TempFolder();
        var small = Run(tmp, 100);
        var tall = Run(tmp, 1000);
        Assert.Equal(small.BufferedRows, tall.BufferedRows);
        Assert.Equal(small.BufferBytes, tall.BufferBytes);
        Assert.Equal(32 + 16, tall.BufferedRows); // tile height + one storage block
        Assert.True(tall.BufferBytes < 1000L * 96 * 2 * 4, "the buffers hold less than one float copy of the tall raster");
    }

    [Fact]
    public void Managed_allocations_do_not_grow_with_the_raster_height()
    {
        using var tmp = new TempFolder();
        Run(tmp, 100); // warm up: JIT, GDAL drivers
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Run(tmp, 200);
        var shortRun = GC.GetTotalAllocatedBytes(precise: true) - before;
        before = GC.GetTotalAllocatedBytes(precise: true);
        Run(tmp, 2000);
        var tallRun = GC.GetTotalAllocatedBytes(precise: true) - before;
        // 1800 more rows x 96 columns x 2 bands of float is 1.4 MB; the tall run may allocate a little more for the
        // extra tiles' bookkeeping (source reads in this test's ArraySource allocate nothing), not a copy of the raster.
        var extraRaster = 1800L * 96 * 2 * 4;
        Assert.True(tallRun - shortRun < extraRaster / 2, $"allocated {shortRun} bytes for 200 rows and {tallRun} for 2000");
    }

    [Fact]
    public void Rows_are_written_progressively_before_the_last_tile_is_predicted()
    {
        using var tmp = new TempFolder();
        var reports = new List<TilingProgress>();
        Run(tmp, 300, new TiledPredictionTests.SyncProgress(p => { lock (reports) reports.Add(p); }));
        lock (reports)
        {
            Assert.Contains(reports, p => p.RowsWritten > 0 && p.TilesDone < p.TilesTotal);
            Assert.Equal(300, reports[^1].RowsWritten);
            Assert.Equal(1.0, reports[^1].Fraction);
            Assert.True(reports.Zip(reports.Skip(1)).All(z => z.Second.RowsWritten >= z.First.RowsWritten));
        }
    }
}

/// <summary>Tests that measure process-wide quantities run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "serial";
}
