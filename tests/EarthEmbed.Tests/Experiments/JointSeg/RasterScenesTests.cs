using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Geo;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>JointSeg's own rasters (<see cref="RasterScenes"/>) on <see cref="RasterFixture"/>: the overlap, the
/// eastern test block, the scenes cut and skipped, the 1 m windows under each 10 m scene, and one clear error per
/// broken input.</summary>
public class RasterScenesTests
{
    // Created here: a test that writes into it must not depend on another test having run first.
    private static readonly string Root = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-rasters")).FullName;
    private static (string Image10m, string Labels1m, string Image1m) Files => RasterFixture.Write(Path.Combine(Root, "fixture"));

    private static RasterSceneSource Source(string? image10m = null, string? labels = null, string? image1m = null, int[]? bands = null,
        int sceneSize = 16, double testFraction = 0.3) => new()
    {
        Image10m = image10m ?? Files.Image10m, Labels1m = labels ?? Files.Labels1m, Image1m = image1m, Bands = bands ?? [1, 2, 3, 4],
        Factor = 10, SceneSize = sceneSize, TestFraction = testFraction, MinValidLabel = 0.5,
    };

    [Fact]
    public void The_overlap_is_cut_into_western_training_and_eastern_test_scenes_with_the_unknown_one_skipped()
    {
        var set = RasterScenes.Read(Source(image1m: Files.Image1m));
        // Overlap: 10 m columns 2..63 (62 wide) x 48 rows; test block from column 2 + round(62 * 0.7) = 45.
        // West: columns 2..44 hold 2 scenes across, 3 down = 6, the one at (2, 0) all no data -> 5. East: 45..63 hold 1 x 3.
        Assert.Equal(["train-x18-y0", "train-x2-y16", "train-x18-y16", "train-x2-y32", "train-x18-y32"], set.Train.Select(s => s.Name));
        Assert.Equal(["test-x45-y0", "test-x45-y16", "test-x45-y32"], set.Test.Select(s => s.Name));
        Assert.All(set.Train.Concat(set.Test), s => Assert.Equal(SceneType.Unspecified, s.Type));
        Assert.Contains("s2_10m.tif", set.Description, StringComparison.Ordinal);
        Assert.Contains("isa_1m.tif", set.Description, StringComparison.Ordinal);
        Assert.Contains("1 skipped", set.Description, StringComparison.Ordinal);

        // The 1 m windows lie under their 10 m scene: the 10 m image is the block mean of the 1 m one by construction.
        var scene = set.Test[1];
        Assert.Equal(RasterFixture.Left + (45 * 10), scene.LowTransform![0], 9);
        Assert.Equal(RasterFixture.Top - (16 * 10), scene.LowTransform[3], 9);
        Assert.Equal(160, scene.HighWidth);
        int n = scene.LowWidth, m = scene.HighWidth;
        for (var b = 0; b < 4; b++)
            for (var r = 0; r < n; r += 5)
                for (var c = 0; c < n; c += 3)
                {
                    double s = 0;
                    for (var i = 0; i < 10; i++)
                        for (var j = 0; j < 10; j++) s += scene.HighRes![(b * m * m) + (((r * 10) + i) * m) + (c * 10) + j];
                    Assert.Equal(scene.LowRes[(b * n * n) + (r * n) + c], s / 100, 5);
                }
        // And the labels agree with the image: built-up 1 m pixels are the bright ones in B4.
        var red = scene.HighRes!.Skip(2 * m * m).Take(m * m).ToArray();
        Assert.All(Enumerable.Range(0, m * m).Where(i => i % 37 == 0), i => Assert.Equal(scene.Label![i] == 1, red[i] > 0.1f));
    }

    [Fact]
    public void Without_the_1m_image_the_scenes_have_no_super_resolution_target()
    {
        var set = RasterScenes.Read(Source());
        Assert.All(set.Train.Concat(set.Test), s => Assert.Null(s.HighRes));
        Assert.Contains("no 1 m image", set.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named_with_its_key()
    {
        var e = Assert.Throws<FileNotFoundException>(() => RasterScenes.Read(Source(labels: Path.Combine(Root, "nowhere.tif"))));
        Assert.Contains("labels_1m: '", e.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere.tif' does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_more_bands_than_the_10m_image_has_names_the_file_and_its_band_count()
    {
        var e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(bands: [1, 2, 3, 4, 5])));
        Assert.Contains("s2_10m.tif' (image_10m) has 4 band(s); image_bands asks for [1, 2, 3, 4, 5]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_1m_image_with_too_few_bands_is_refused()
    {
        var path = Path.Combine(Root, "two-bands.tif");
        var grid = GridNesting.FineGrid(RasterFixture.Coarse, 10);
        GeoTiff.Write(path, grid, 2, new float[2 * grid.Width * grid.Height]);
        var e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(image1m: path)));
        Assert.Contains("two-bands.tif' (image_1m) has 2 band(s); expected at least 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_on_a_grid_that_does_not_nest_are_refused_with_both_pixel_sizes_and_origins()
    {
        var coarse = RasterFixture.Coarse;
        var twoMetre = RasterFixture.Labels(Path.Combine(Root, "labels-2m.tif"),
            new Grid(320, 240, GeoTransform.NorthUp(RasterFixture.Left, RasterFixture.Top, 2, 2), coarse.Crs));
        var e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(labels: twoMetre)));
        Assert.Contains("are 5x smaller than the coarse ones (10); expected 10x (the product of sr_scales)", e.Message, StringComparison.Ordinal);
        Assert.Contains("320x240 px of 2x2 at (400000, 5000000)", e.Message, StringComparison.Ordinal);
        Assert.Contains("64x48 px of 10x10 at (400000, 5000000)", e.Message, StringComparison.Ordinal);

        var shifted = RasterFixture.Labels(Path.Combine(Root, "labels-shifted.tif"),
            new Grid(640, 480, GeoTransform.NorthUp(RasterFixture.Left + 5, RasterFixture.Top, 1, 1), coarse.Crs));
        e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(labels: shifted)));
        Assert.Contains("its origin (400005, 5000000) is (5, 0) fine pixels from the coarse origin (400000, 5000000), not on a coarse pixel corner", e.Message, StringComparison.Ordinal);
        Assert.Equal(shifted, e.Path);

        var otherCrs = RasterFixture.Labels(Path.Combine(Root, "labels-crs.tif"),
            new Grid(640, 480, GeoTransform.NorthUp(RasterFixture.Left, RasterFixture.Top, 1, 1), Crs.FromEpsg(32634)));
        Assert.Contains("the CRSs differ", Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(labels: otherCrs))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_that_do_not_overlap_the_10m_image_are_refused()
    {
        var away = RasterFixture.Labels(Path.Combine(Root, "labels-away.tif"),
            new Grid(100, 100, GeoTransform.NorthUp(RasterFixture.Left + 5000, RasterFixture.Top, 1, 1), RasterFixture.Coarse.Crs));
        var e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(labels: away)));
        Assert.Contains("labels-away.tif' (", e.Message, StringComparison.Ordinal);
        Assert.Contains("do not overlap by a whole coarse pixel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_value_other_than_0_1_or_no_data_is_refused_with_its_pixel()
    {
        var grid = GridNesting.FineGrid(RasterFixture.Coarse, 10);
        var values = new float[grid.Width * grid.Height];
        values[(3 * grid.Width) + 7] = 2;
        var path = Path.Combine(Root, "labels-two.tif");
        GeoTiff.Write(path, grid, 1, values, new GeoTiffOptions { DataType = RasterDataType.Byte, NoData = 255 });
        var e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(labels: path)));
        Assert.Contains("labels-two.tif' (labels_1m): value 2 at pixel (x 7, y 3); labels must be 0 (pervious), 1 (impervious) or no data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_no_data_value_that_is_also_a_class_is_refused()
    {
        var grid = GridNesting.FineGrid(RasterFixture.Coarse, 10);
        var path = Path.Combine(Root, "labels-nodata0.tif");
        GeoTiff.Write(path, grid, 1, new float[grid.Width * grid.Height], new GeoTiffOptions { DataType = RasterDataType.Byte, NoData = 0 });
        var e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(labels: path)));
        Assert.Contains("labels-nodata0.tif' (labels_1m): band 1 declares no-data 0, which is also a class", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlap_too_small_for_a_test_scene_names_scene_size()
    {
        var e = Assert.Throws<RasterInputException>(() => RasterScenes.Read(Source(sceneSize: 32)));
        Assert.Contains("eastern test block is 19x48 10 m pixels, smaller than a scene (scene_size 32)", e.Message, StringComparison.Ordinal);
    }
}
