using System.Globalization;
using System.Text.Json.Nodes;
using EarthEmbed.Viz.Colors;
using EarthEmbed.Viz.Maps;

namespace EarthEmbed.Viz.Tests.Maps;

/// <summary>PNG maps are read back with GDAL's own command-line tools (gdalinfo, gdallocationinfo).</summary>
public class RasterMapTests
{
    private static JsonObject GdalInfo(string path)
    {
        var (code, stdout, stderr) = Tools.Run("gdalinfo", ["-json", path]);
        Assert.True(code == 0, stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    private static int PixelAt(string path, int x, int y)
    {
        var (code, stdout, stderr) = Tools.Run("gdallocationinfo", ["-valonly", path, x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(code == 0, stderr);
        return int.Parse(stdout.Trim(), CultureInfo.InvariantCulture);
    }

    private static int[] Entry(JsonObject info, int index) =>
        info["bands"]![0]!["colorTable"]!["entries"]![index]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();

    [Fact]
    public void Continuous_map_is_a_paletted_PNG_whose_pixels_follow_the_colormap()
    {
        var dir = Tools.OutputFolder("map-continuous");
        var path = Path.Combine(dir, "height.png");
        double[,] values = { { 0, 1 }, { 2, double.NaN } };
        var map = RasterMap.Continuous(values, Colormap.Viridis, min: 0, max: 3, title: "Height", unit: "m");
        map.Save(path);

        var info = GdalInfo(path);
        Assert.Equal("PNG", info["driverShortName"]!.GetValue<string>());
        Assert.Equal(map.Width, info["size"]![0]!.GetValue<int>());
        Assert.Equal(map.Height, info["size"]![1]!.GetValue<int>());
        Assert.Equal("Palette", info["bands"]![0]!["colorInterpretation"]!.GetValue<string>());
        Assert.Equal([68, 1, 84, 255], Entry(info, 0));     // viridis at 0
        Assert.Equal([253, 231, 37, 255], Entry(info, 239)); // viridis at 1
        Assert.Equal(0, Entry(info, 252)[3]);                 // no data is transparent
        Assert.Equal("m", info["metadata"]![""]!["unit"]!.GetValue<string>());
        Assert.Equal("3", info["metadata"]![""]!["max"]!.GetValue<string>());

        // 2x2 cells are drawn 16x16 pixels each below the title line (map origin at x=10, y=10+22).
        int x0 = 10 + 8, y0 = 32 + 8;
        Assert.Equal(0, PixelAt(path, x0, y0));                       // value 0
        Assert.Equal(80, PixelAt(path, x0 + 16, y0));                 // round(1/3 * 239)
        Assert.Equal(159, PixelAt(path, x0, y0 + 16));                // round(2/3 * 239)
        Assert.Equal(RasterMap.NoData, PixelAt(path, x0 + 16, y0 + 16)); // NaN
    }

    [Fact]
    public void Map_has_a_title_and_a_legend_drawn_in_text()
    {
        var map = RasterMap.Continuous(new double[,] { { 0, 1 }, { 2, 3 } }, title: "Height", unit: "m");
        var image = map.Image;
        int Ink(int x0, int x1, int y0, int y1)
        {
            var n = 0;
            for (var y = y0; y < y1; y++)
                for (var x = x0; x < x1; x++)
                    if (image[x, y] == RasterMap.Ink) n++;
            return n;
        }
        Assert.True(Ink(0, image.Width, 0, 30) > 50, "title text above the map");
        Assert.True(Ink(10 + 32 + 20, image.Width, 30, image.Height) > 100, "colorbar labels right of the map");
        Assert.Equal(0, Ink(10, 10 + 32, 32, 32 + 32));
    }

    [Fact]
    public void Class_map_uses_one_palette_entry_per_class_and_leaves_negative_values_transparent()
    {
        var dir = Tools.OutputFolder("map-classes");
        var path = Path.Combine(dir, "landcover.png");
        int[,] classes = { { 0, 1 }, { -1, 2 } };
        RasterMap.Classes(classes, ["water", "forest", "urban"], title: "Land cover").Save(path);

        var info = GdalInfo(path);
        Assert.Equal([0x1f, 0x77, 0xb4, 255], Entry(info, 0));
        Assert.Equal([0x2c, 0xa0, 0x2c, 255], Entry(info, 2));
        Assert.Equal("water;forest;urban", info["metadata"]![""]!["classes"]!.GetValue<string>());
        int x0 = 10 + 8, y0 = 32 + 8;
        Assert.Equal(1, PixelAt(path, x0 + 16, y0));
        Assert.Equal(RasterMap.NoData, PixelAt(path, x0, y0 + 16));
        Assert.Equal(2, PixelAt(path, x0 + 16, y0 + 16));
    }

    [Fact]
    public void A_class_value_without_a_name_is_reported_with_its_position()
    {
        var e = Assert.Throws<ArgumentException>(() => RasterMap.Classes(new[,] { { 0, 5 } }, ["a", "b"]));
        Assert.Contains("value 5 at row 0, column 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PNG_bytes_and_the_HTML_image_carry_the_same_picture()
    {
        var map = RasterMap.Continuous(new double[,] { { 1, 2 } });
        var png = map.ToPng();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Contains(Convert.ToBase64String(png), map.ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void Small_rasters_are_enlarged_and_large_ones_thinned()
    {
        Assert.Equal(10 + (16 * 4) + 20 + 150 + 10, RasterMap.Continuous(new double[4, 4]).Width);
        var big = RasterMap.Continuous(new double[10, 3000]);
        Assert.True(big.Width < 1300, $"3000 columns thinned to at most 1024 pixels, got a {big.Width} px wide map");
    }
}
