using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Geo;

namespace EarthEmbed.Tests.Data.SuperResolution;

/// <summary>The real formats: a 10 m multi-band GeoTIFF, a 1 m image and a 1 m label, aligned through the raster
/// layer, with clear errors when the grids do not nest.</summary>
public class SceneFilesTests
{
    private static string Folder(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "test-output", "jointseg-files", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static Grid Coarse() => new(6, 4, GeoTransform.NorthUp(500000, 5000000, 10, 10), Crs.FromEpsg(32631));

    [Fact]
    public void A_written_scene_reads_back_identically_on_nested_grids()
    {
        var sample = SyntheticScenes.Make(new SceneSpec(SceneType.Urban, 2, 4, OriginX: 501000), SensorModel.Sentinel2Like);
        var paths = SceneFiles.Write(sample, Folder("roundtrip"), "scene");
        var back = SceneFiles.Read(paths.LowRes, paths.HighRes, paths.Label, SceneType.Urban);
        Assert.Equal(10, back.Factor);
        Assert.Equal(sample.LowRes, back.LowRes);
        Assert.Equal(sample.HighRes, back.HighRes);
        Assert.Equal(sample.Label, back.Label);
        Assert.Equal(32631, back.Epsg);
        using var low = RasterDataset.Open(paths.LowRes);
        using var label = RasterDataset.Open(paths.Label);
        Assert.Equal(4, low.BandCount);
        Assert.Equal(10, low.Grid.ResolutionX, 9);
        Assert.Equal(1, label.Grid.ResolutionX, 9);
        Assert.Equal(RasterDataType.Byte, label.Bands[0].DataType);
    }

    [Fact]
    public void Nesting_grids_give_their_factor()
    {
        var fine = GridNesting.FineGrid(Coarse(), 10);
        Assert.Equal(10, GridNesting.Factor(Coarse(), "s2.tif", fine, "hr.tif"));
        Assert.Equal(60, fine.Width);
    }

    [Fact]
    public void Grids_that_do_not_nest_are_refused_naming_both_files_and_the_difference()
    {
        var coarse = Coarse();
        var crs = coarse.Crs;
        var ratio = new Grid(20, 13, GeoTransform.NorthUp(500000, 5000000, 3, 3), crs);
        var shifted = new Grid(60, 40, GeoTransform.NorthUp(500000.5, 5000000, 1, 1), crs);
        var size = new Grid(59, 40, GeoTransform.NorthUp(500000, 5000000, 1, 1), crs);
        var otherCrs = new Grid(60, 40, GeoTransform.NorthUp(500000, 5000000, 1, 1), Crs.FromEpsg(32632));
        var e1 = Assert.Throws<RasterInputException>(() => GridNesting.Factor(coarse, "s2.tif", ratio, "hr.tif"));
        Assert.Contains("not in an integer ratio", e1.Message, StringComparison.Ordinal);
        Assert.Contains("s2.tif", e1.Message, StringComparison.Ordinal);
        Assert.Contains("hr.tif", e1.Message, StringComparison.Ordinal);
        Assert.Contains("top-left corners differ by (0.5, 0)", Assert.Throws<RasterInputException>(() => GridNesting.Factor(coarse, "s2.tif", shifted, "hr.tif")).Message, StringComparison.Ordinal);
        Assert.Contains("expected 60x40 fine pixels", Assert.Throws<RasterInputException>(() => GridNesting.Factor(coarse, "s2.tif", size, "hr.tif")).Message, StringComparison.Ordinal);
        Assert.Contains("CRSs differ", Assert.Throws<RasterInputException>(() => GridNesting.Factor(coarse, "s2.tif", otherCrs, "hr.tif")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_with_values_other_than_zero_one_or_no_data_is_refused_with_its_position()
    {
        var dir = Folder("badlabel");
        var coarse = Coarse();
        var low = Path.Combine(dir, "s2.tif");
        var label = Path.Combine(dir, "isa.tif");
        GeoTiff.Write(low, coarse, 4, new float[4 * 24]);
        var values = new float[60 * 40];
        values[(2 * 60) + 7] = 3;
        GeoTiff.Write(label, GridNesting.FineGrid(coarse, 10), 1, values, new GeoTiffOptions { DataType = RasterDataType.Byte });
        var e = Assert.Throws<RasterInputException>(() => SceneFiles.Read(low, null, label, SceneType.Urban));
        Assert.Contains("value 3 at pixel 7, 2", e.Message, StringComparison.Ordinal);
    }
}
