using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Rasters;

/// <summary>Paletted PNGs read back with gdalinfo: one Byte band, the colour table with its alpha, the pixels,
/// and the metadata as text chunks.</summary>
public class PalettedPngTests
{
    private static readonly PaletteColor[] Palette = [new(10, 20, 30), new(200, 100, 50), new(0, 0, 0, 0)];

    [Fact]
    public void Palette_alpha_pixels_and_metadata_are_what_gdalinfo_reports()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("map.png");
        byte[] pixels = [0, 1, 2, 1, 0, 2];
        PalettedPng.Write(path, 3, 2, pixels, Palette, new Dictionary<string, string> { ["legend"] = "0..1 m" });
        Assert.Equal(["map.png"], tmp.Files());   // no temporary or .aux.xml file left (before gdalinfo -stats writes one)

        var info = Fixture.GdalInfo(path, "-stats");
        Assert.Equal("PNG", info.GetProperty("driverShortName").GetString());
        Assert.Equal([3, 2], info.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        var band = info.GetProperty("bands")[0];
        Assert.Equal("Byte", band.GetProperty("type").GetString());
        var entries = band.GetProperty("colorTable").GetProperty("entries").EnumerateArray()
            .Select(e => e.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList();
        Assert.Equal([10, 20, 30, 255], entries[0]);
        Assert.Equal([200, 100, 50, 255], entries[1]);
        Assert.Equal([0, 0, 0, 0], entries[2]);
        Assert.Equal(2, band.GetProperty("noDataValue").GetDouble());      // the PNG driver reads the transparent entry as no-data
        Assert.Equal(0.5, band.GetProperty("mean").GetDouble(), 12);      // (0+1+1+0)/4: index 2 is no-data
        Assert.Equal("0..1 m", info.GetProperty("metadata").GetProperty("").GetProperty("legend").GetString());
    }

    [Fact]
    public void Bad_sizes_a_palette_too_long_and_a_missing_folder_are_named()
    {
        using var tmp = new TempFolder();
        var e = Assert.Throws<ArgumentException>(() => PalettedPng.Write(tmp.File("a.png"), 3, 2, new byte[5], Palette));
        Assert.Contains("needs 6 pixels, got 5", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => PalettedPng.Write(tmp.File("a.png"), 1, 1, new byte[1], new PaletteColor[257]));
        Assert.Contains("1 to 256 colours, got 257", e.Message, StringComparison.Ordinal);
        var missing = Path.Combine(tmp.Path, "nope", "a.png");
        var d = Assert.Throws<DirectoryNotFoundException>(() => PalettedPng.Write(missing, 1, 1, new byte[1], Palette));
        Assert.Contains(missing, d.Message, StringComparison.Ordinal);
    }
}
