using System.Text.Json.Nodes;
using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Tiling;

/// <summary>Shards of one job, each run on its own (concurrently, in any order, interrupted and restarted), give a
/// mosaic equal to a single whole-raster prediction bit for bit.</summary>
public class ShardedPredictionTests
{
    /// <summary>A raster that is no multiple of the tiles, with a no-data block (tile r0000_c0000 wholly no-data with
    /// output tiles of 40) and a no-data stripe.</summary>
    internal static float Value(int b, int r, int c) =>
        (r < 40 && c < 40) || (r + 2 * c) % 31 == 0 ? float.NaN : MathF.Cos(r * 0.07f) * 5 + MathF.Sin(c * 0.05f + b) * 3;

    internal static ArraySource Source() => new(ArraySource.UtmGrid(107, 93), 2, Value);

    /// <summary>The same raster on a grid whose pixel size and origin are not binary fractions (as Olinda's 28.5 m).</summary>
    private static ArraySource AwkwardSource() =>
        new(new Grid(107, 93, GeoTransform.NorthUp(295380.7, 9117830.3, 28.5, 28.3), Crs.FromEpsg(31985)), 2, Value);

    internal static ShardedPredictionOptions Options(ShardSpec shard) => new()
    {
        Shard = shard,
        OutputTileSize = 40,
        ModelId = "blur-test",
        Inputs = ["array source"],
        Tiling = new TiledPredictionOptions { TileSize = 32, Overlap = 12, BatchSize = 2, Output = new GeoTiffOptions { NoData = double.NaN } },
    };

    internal static int[] SingleRun(TempFolder tmp)
    {
        var o = Options(ShardSpec.All).Tiling;
        TiledPrediction.Run(Source(), new BlurPredictor(2), tmp.File("single.tif"), o);
        using var ds = RasterDataset.Open(tmp.File("single.tif"));
        return RegionPredictionTests.Bits(ds.ReadAll());
    }

    internal static int[] MosaicBits(string folder, string output)
    {
        var report = TileMosaic.Build(folder, output);
        Assert.Empty(report.Missing);
        using var ds = RasterDataset.Open(output);
        Assert.Equal(Source().Grid, ds.Grid);
        return RegionPredictionTests.Bits(ds.ReadAll());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void N_shards_run_concurrently_then_mosaicked_equal_the_single_prediction_bit_for_bit(int n)
    {
        using var tmp = new TempFolder();
        var expected = SingleRun(tmp);
        var dir = tmp.File("job");
        var reports = Enumerable.Range(1, n).AsParallel().WithDegreeOfParallelism(n)
            .Select(i => ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, Options(new ShardSpec(i, n)))).ToArray();
        // 107 x 93 in tiles of 40: 3 x 3 = 9 tiles, one of them without a valid pixel.
        Assert.Equal(9, reports.Sum(r => r.TilesOwned));
        Assert.Equal(1, reports.Sum(r => r.TilesEmpty));
        Assert.Equal(107L * 93, reports.Sum(r => r.PixelsWritten));
        Assert.Equal(expected, MosaicBits(dir, tmp.File("mosaic.vrt")));
        Assert.Equal(expected, MosaicBits(dir, tmp.File("mosaic.tif")));
        Assert.False(File.Exists(TileRecord.TilePath(dir, "r0000_c0000")), "an empty tile keeps no COG");
        Assert.Empty(Directory.GetFiles(dir, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public void On_a_grid_with_an_awkward_pixel_size_and_origin_gdal_places_every_tile_exactly()
    {
        using var tmp = new TempFolder();
        var o = Options(ShardSpec.All);
        TiledPrediction.Run(AwkwardSource(), new BlurPredictor(2), tmp.File("single.tif"), o.Tiling);
        ShardedPrediction.Run(AwkwardSource(), new BlurPredictor(2), tmp.File("job"), o);
        TileMosaic.Build(tmp.File("job"), tmp.File("mosaic.vrt"));
        using var single = RasterDataset.Open(tmp.File("single.tif"));
        using var mosaic = RasterDataset.Open(tmp.File("mosaic.vrt"));
        Assert.Equal(single.Grid, mosaic.Grid);
        Assert.Equal(RegionPredictionTests.Bits(single.ReadAll()), RegionPredictionTests.Bits(mosaic.ReadAll()));
    }

    [Fact]
    public void Each_tile_is_a_cog_and_its_record_holds_its_checksum()
    {
        using var tmp = new TempFolder();
        var dir = tmp.File("job");
        ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, Options(ShardSpec.All));
        var tile = TileRecord.TilePath(dir, "r0001_c0002");
        var info = Fixture.GdalInfo(tile);
        Assert.Equal("COG", info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("LAYOUT").GetString());
        var record = TileRecord.TryRead(dir, "r0001_c0002")!;
        Assert.Equal(TileRecord.Done, record.Status);
        Assert.Equal([80, 40, 27, 40], record.Window);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(tile))), record.Sha256);
        Assert.Null(record.Incomplete(dir, TileJob.Load(dir).Id));
    }

    [Fact]
    public void A_rerun_skips_complete_tiles_and_redoes_a_damaged_or_unrecorded_one()
    {
        using var tmp = new TempFolder();
        var expected = SingleRun(tmp);
        var dir = tmp.File("job");
        ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, Options(ShardSpec.All));
        var predictor = new CountingPredictor(new BlurPredictor(2));
        var again = ShardedPrediction.Run(Source(), predictor, dir, Options(ShardSpec.All));
        Assert.Equal(9, again.TilesAlreadyDone);
        Assert.Equal(0, predictor.Calls);

        // A flipped byte in one tile, a tile whose record never got written (killed between rename and record).
        var damaged = TileRecord.TilePath(dir, "r0002_c0001");
        var bytes = File.ReadAllBytes(damaged);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(damaged, bytes);
        File.Delete(TileRecord.PathOf(dir, "r0001_c0001"));
        var missing = TileMosaic.Check(dir).Missing;
        Assert.Equal(["r0001_c0001", "r0002_c0001"], missing.Select(m => m.Tile));
        Assert.Contains("SHA-256", missing[1].Reason, StringComparison.Ordinal);

        var notes = new List<string?>();
        var third = ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, Options(ShardSpec.All) with
        {
            Progress = new Sync<ShardProgress>(p => { if (p.Event == ShardTileEvent.Started) notes.Add(p.Note); }),
        });
        Assert.Equal((2, 7), (third.TilesWritten, third.TilesAlreadyDone));
        Assert.Contains(notes, n => n != null && n.Contains("SHA-256", StringComparison.Ordinal));
        Assert.Equal(expected, MosaicBits(dir, tmp.File("mosaic.vrt")));
    }

    [Fact]
    public void Leftovers_of_a_killed_worker_are_removed_by_the_shard_that_redoes_the_tile()
    {
        using var tmp = new TempFolder();
        var dir = tmp.File("job");
        // Cancel while the second tile is being predicted: like a kill, its COG is never renamed into place.
        using var cts = new CancellationTokenSource();
        var options = Options(ShardSpec.All) with
        {
            Progress = new Sync<ShardProgress>(p => { if (p.Event == ShardTileEvent.Started && p.Position == 3) cts.Cancel(); }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, options, cts.Token));
        Assert.False(File.Exists(TileRecord.TilePath(dir, "r0000_c0002")));
        // What a kill -9 leaves: GeoTiffWriter's temporary file and a half-written record.
        File.WriteAllText(Path.Combine(dir, "tiles", ".r0000_c0002.tif.tmp-1-0123456789abcdef.partial.tif"), "half a tiff");
        File.WriteAllText(Path.Combine(dir, "manifest", ".r0000_c0002.json.tmp-1-abc"), "{\"form");
        Assert.Equal(7, TileMosaic.Check(dir).Missing.Count);
        Assert.Throws<MosaicIncompleteException>(() => TileMosaic.Build(dir, tmp.File("m.vrt")));

        var report = ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, Options(ShardSpec.All));
        Assert.Equal(2, report.TilesAlreadyDone);
        Assert.Empty(Directory.GetFiles(dir, ".*", SearchOption.AllDirectories));
        Assert.Equal(SingleRun(tmp), MosaicBits(dir, tmp.File("mosaic.vrt")));
    }

    [Fact]
    public void A_folder_holding_another_job_is_refused_naming_the_setting_that_differs()
    {
        using var tmp = new TempFolder();
        var dir = tmp.File("job");
        ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, Options(new ShardSpec(1, 3)));
        var other = Options(new ShardSpec(2, 3)) with { ModelId = "another-model" };
        var e = Assert.Throws<InvalidOperationException>(() => ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, other));
        Assert.Contains("model = \"blur-test\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"another-model\"", e.Message, StringComparison.Ordinal);
        var overlap = Options(new ShardSpec(2, 3)) with { Tiling = Options(ShardSpec.All).Tiling with { Overlap = 8 } };
        e = Assert.Throws<InvalidOperationException>(() => ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, overlap));
        Assert.Contains("tiling", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mosaic_lists_missing_tiles_instead_of_leaving_silent_holes_and_writes_the_merged_manifest()
    {
        using var tmp = new TempFolder();
        var dir = tmp.File("job");
        ShardedPrediction.Run(Source(), new BlurPredictor(2), dir, Options(new ShardSpec(2, 3)));
        var e = Assert.Throws<MosaicIncompleteException>(() => TileMosaic.Build(dir, tmp.File("m.vrt")));
        // Shard 2/3 owns tiles 1, 4, 7; the others are missing.
        Assert.Equal([0, 2, 3, 5, 6, 8], e.Missing.Select(m => m.Index));
        Assert.Contains("r0000_c0000 (tile 0): not predicted yet", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.File("m.vrt")));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.Equal(3, manifest["done"]!.GetValue<int>());
        Assert.Equal(6, manifest["missing"]!.AsArray().Count);

        var partial = TileMosaic.Build(dir, tmp.File("partial.vrt"), new MosaicOptions { AllowMissing = true });
        Assert.Equal(6, partial.Missing.Count);
        using var ds = RasterDataset.Open(tmp.File("partial.vrt"));
        Assert.Equal(Source().Grid, ds.Grid);
        Assert.True(float.IsNaN(ds.Read(new PixelWindow(85, 5, 1, 1)).Values[0]), "a missing tile reads as no-data");
        Assert.False(float.IsNaN(ds.Read(new PixelWindow(50, 5, 1, 1)).Values[0]));
    }

    [Fact]
    public void A_mosaic_of_a_folder_without_a_job_or_to_another_format_is_a_clear_error()
    {
        using var tmp = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => TileMosaic.Build(tmp.Path, tmp.File("m.vrt")));
        Assert.Contains("--output-dir", e.Message, StringComparison.Ordinal);
        var f = Assert.Throws<ArgumentException>(() => TileMosaic.Build(tmp.Path, tmp.File("m.png")));
        Assert.Contains(".vrt", f.Message, StringComparison.Ordinal);
    }

    private sealed class Sync<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }

    private sealed class CountingPredictor(ITilePredictor inner) : ITilePredictor
    {
        public int Calls { get; private set; }
        public int InputBands => inner.InputBands;
        public int OutputBands => inner.OutputBands;
        public int SizeMultiple => inner.SizeMultiple;

        public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
        {
            Calls++;
            inner.Predict(input, batch, height, width, output);
        }
    }
}
