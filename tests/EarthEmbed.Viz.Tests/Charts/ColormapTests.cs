using EarthEmbed.Viz.Colors;

namespace EarthEmbed.Viz.Tests.Charts;

public class ColormapTests
{
    [Fact]
    public void Ends_are_the_first_and_last_stops_and_the_middle_interpolates()
    {
        var map = new Colormap("test", [new Rgb(0, 0, 0), new Rgb(200, 100, 50)]);
        Assert.Equal(new Rgb(0, 0, 0), map.At(0));
        Assert.Equal(new Rgb(200, 100, 50), map.At(1));
        Assert.Equal(new Rgb(100, 50, 25), map.At(0.5));
        Assert.Equal(new Rgb(0, 0, 0), map.At(double.NaN));
    }

    [Fact]
    public void Viridis_runs_from_dark_purple_to_yellow()
    {
        Assert.Equal("#440154", Colormap.Viridis.At(0).ToString());
        Assert.Equal("#fde725", Colormap.Viridis.At(1).ToString());
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Colormap.ByName("jet"));
        Assert.Contains("viridis", e.Message, StringComparison.Ordinal);
        Assert.Same(Colormap.Terrain, Colormap.ByName("Terrain"));
    }
}
