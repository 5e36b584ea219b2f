using EarthEmbed.Geo;
using EarthEmbed.Data.Hydrology;
using EarthEmbed.Data.Hydrology.Formats;
using EarthEmbed.Data.Hydrology.Synthetic;

namespace EarthEmbed.Tests.Data.Hydrology;

public sealed class GenericLayoutTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "generic-layout-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    [Fact]
    public void A_synthetic_world_written_and_read_back_is_unchanged()
    {
        var world = SyntheticHydroWorld.Generate(new SyntheticHydroConfig { Regions = 3, SitesPerRegion = 2, Years = 2, WarmupDays = 30, StaticMissingFraction = 0.1 });
        GenericLayout.Write(world, folder);
        var back = GenericLayout.Load(folder);
        Assert.Equal(world.Sites, back.Sites);  // ids, regions, coordinates, attributes with groups and NaNs, labels
        Assert.Contains(back.Sites.SelectMany(s => s.Attributes), a => double.IsNaN(a.Value));
        foreach (var s in world.Sites)
        {
            var a = world.Series(s.Id);
            var b = back.Series(s.Id);
            Assert.Equal(a.Start, b.Start);
            Assert.Equal(a.Names, b.Names);
            foreach (var v in a.Names) Assert.Equal(a[v], b[v]);  // float32 values exactly, NaN included
            Assert.Equal(world.StaticTargets(s.Id), back.StaticTargets(s.Id));
            Assert.Equal(world.Landslides(s.Id), back.Landslides(s.Id));
        }
    }

    [Fact]
    public void Missing_dates_missing_tokens_and_29_February_are_read_as_a_gap_free_calendar()
    {
        Write("attributes.csv", """
            site_id,region,lat,lon,elev_mean,slope_mean,name
            s1,north,46.5,-70.25,312,NA,"Fish River, Maine"
            s2,south,34.1,-83.3,,14.5,Chattooga
            """);
        Write("attribute_groups.csv", "attribute,group\nelev_mean,topography\nslope_mean,Topography\n");
        Write("timeseries/s1.csv", """
            date,precipitation,streamflow
            2012-02-27,1.5,0.25
            2012-02-28,NaN,0.5
            2012-02-29,3.25,
            2012-03-03,0,NA
            """);
        Write("timeseries/s2.csv", "date,precipitation,streamflow\n2011-12-31 00:00:00,2,1\n2012-01-01,4,2\n");
        var ds = GenericLayout.Load(folder);
        var s1 = ds.Site("s1");
        Assert.Equal(("north", 46.5, -70.25), (s1.Region, s1.Latitude, s1.Longitude));
        Assert.Equal(new StaticAttribute("elev_mean", AttributeGroup.Topography, 312), s1.Attribute("elev_mean"));
        Assert.True(double.IsNaN(s1["slope_mean"]));
        Assert.True(double.IsNaN(ds.Site("s2")["elev_mean"]));
        Assert.Equal("Fish River, Maine", s1.Labels["name"]);
        var q = ds.Series("s1");
        Assert.Equal(6, q.Length);
        Assert.Equal(3.25f, q["precipitation"][q.IndexOf(new DateOnly(2012, 2, 29))]);
        Assert.True(float.IsNaN(q["precipitation"][1]));
        Assert.True(float.IsNaN(q["streamflow"][2]));
        Assert.True(float.IsNaN(q["precipitation"][3]) && float.IsNaN(q["precipitation"][4]));  // 1 and 2 March absent
        Assert.Equal(0f, q["precipitation"][5]);
        Assert.Equal(new DateOnly(2011, 12, 31), ds.Series("s2").Start);
    }

    [Fact]
    public void Caravan_style_options_join_several_attribute_files_on_gauge_id()
    {
        Write("attributes/camels/attributes_caravan_camels.csv", "gauge_id,p_mean,aridity\ncamels_01013500,3.1,0.63\n");
        Write("attributes/camels/attributes_other_camels.csv", "gauge_id,gauge_lat,gauge_lon,area\ncamels_01013500,47.2,-68.6,2252.7\n");
        Write("timeseries/csv/camels/camels_01013500.csv", "date,total_precipitation_sum,streamflow\n1981-01-01,0.4,1.2\n");
        var ds = GenericLayout.Load(folder, new GenericLayoutOptions
        {
            IdColumn = "gauge_id",
            AttributeFiles = ["attributes/camels/attributes_caravan_camels.csv", "attributes/camels/attributes_other_camels.csv"],
            SeriesFolder = "timeseries/csv/camels",
        });
        var site = Assert.Single(ds.Sites);
        Assert.Equal((47.2, -68.6), (site.Latitude, site.Longitude));
        Assert.Equal(["p_mean", "aridity", "area"], site.Attributes.Select(a => a.Name));
        Assert.Equal(0.4f, ds.Series(site.Id)["total_precipitation_sum"][0]);
    }

    [Fact]
    public void Bad_records_are_reported_with_the_file_and_line()
    {
        Write("attributes.csv", "site_id,elev\na,1\n");
        var path = Write("timeseries/a.csv", "date,q\n2012-01-01,1\n2012-01-02,x\n");
        var e = Assert.Throws<InvalidDataException>(() => GenericLayout.Load(folder));
        Assert.Equal($"{path}:3: column 'q': 'x' is not a number", e.Message);
        Write("timeseries/a.csv", "date,q\n2012-01-01,1\n2011-12-31,2\n");
        Assert.StartsWith($"{path}:3: date 2011-12-31 is not after", Assert.Throws<InvalidDataException>(() => GenericLayout.Load(folder)).Message, StringComparison.Ordinal);
        Write("timeseries/a.csv", "date,q\n2013-02-29,1\n");
        Assert.StartsWith($"{path}:2: '2013-02-29' is not a date", Assert.Throws<InvalidDataException>(() => GenericLayout.Load(folder)).Message, StringComparison.Ordinal);
        Write("timeseries/a.csv", "date,q\n2013-02-28,1,2\n");
        Assert.Contains($"{path}:2: expected 2 fields", Assert.Throws<InvalidDataException>(() => GenericLayout.Load(folder)).Message, StringComparison.Ordinal);
        var attrs = Write("attributes.csv", "site,elev\na,1\n");
        Assert.Equal($"{attrs}:1: no id column 'site_id' (found: site, elev)", Assert.Throws<InvalidDataException>(() => GenericLayout.Load(folder)).Message);
    }

    [Fact]
    public void A_site_without_a_series_file_is_named()
    {
        Write("attributes.csv", "site_id,elev\na,1\nb,2\n");
        Write("timeseries/a.csv", "date,q\n2012-01-01,1\n");
        var e = Assert.Throws<FileNotFoundException>(() => GenericLayout.Load(folder));
        Assert.Contains("series file of site 'b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("b.csv", e.Message, StringComparison.Ordinal);
    }
}
