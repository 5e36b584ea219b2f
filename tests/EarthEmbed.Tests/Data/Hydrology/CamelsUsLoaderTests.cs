using EarthEmbed.Data.Hydrology;
using EarthEmbed.Data.Hydrology.Formats;
using EarthEmbed.Data.Hydrology.Physics;

namespace EarthEmbed.Tests.Data.Hydrology;

public sealed class CamelsUsLoaderTests : IDisposable
{
    private readonly CamelsFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Every_basin_is_read_with_its_gauge_id_region_and_coordinates()
    {
        var ds = CamelsUsLoader.Load(fixture.Root);
        Assert.Equal(["01013500", "02177000", "14301000"], ds.Sites.Select(s => s.Id));
        Assert.Equal(["01", "03", "17"], ds.Sites.Select(s => s.Region));
        var fish = ds.Site("01013500");
        Assert.Equal(47.23739, fish.Latitude);
        Assert.Equal(-68.58264, fish.Longitude);
        Assert.Equal("Fish River near Fort Kent, Maine", fish.Labels["gauge_name"]);
    }

    [Fact]
    public void Forcings_cover_every_day_of_three_years_including_29_February_2012()
    {
        var ds = CamelsUsLoader.Load(fixture.Root);
        for (var b = 0; b < 3; b++)
        {
            var s = ds.SeriesAt(b);
            Assert.Equal(CamelsFixture.First, s.Start);
            Assert.Equal(CamelsFixture.Last, s.End);
            Assert.Equal(365 + 366 + 365, s.Length);
            var leap = s.IndexOf(new DateOnly(2012, 2, 29));
            Assert.True(leap > 0);
            var written = CamelsFixture.Forcing(b, new DateOnly(2012, 2, 29));
            Assert.Equal((float)written[1], s[HydroVariables.Precipitation][leap]);
            Assert.Equal((float)written[4], s[HydroVariables.Tmax][leap]);
            Assert.Equal((float)written[5], s[HydroVariables.Tmin][leap]);
            Assert.Equal((float)written[2], s[HydroVariables.Shortwave][leap]);
            Assert.Equal((float)written[0], s["dayl"][leap]);
            Assert.Equal((float)written[6], s["vp"][leap]);
            // 1 March follows 29 February, not 28 February.
            Assert.Equal((float)CamelsFixture.Forcing(b, new DateOnly(2012, 3, 1))[1], s[HydroVariables.Precipitation][leap + 1]);
        }
    }

    [Fact]
    public void Streamflow_is_converted_from_cubic_feet_per_second_to_millimetres_per_day_with_the_header_area()
    {
        // Hand computation for 01013500 on 2011-01-01: 100 cfs over 2,303,988,087 m²:
        // 100 × 0.028316846592 m³/ft³ × 86400 s/day / 2303988087 m² × 1000 mm/m = 0.10619 mm/day.
        var ds = CamelsUsLoader.Load(fixture.Root);
        Assert.Equal(0.10619, ds.SeriesAt(0)[HydroVariables.Streamflow][0], 5);
        // And 655 cfs over the same basin is 0.69554 mm/day (the converter on its own).
        Assert.Equal(0.69554, CamelsFiles.CfsToMillimetresPerDay(655, 2303988087), 5);
        for (var b = 0; b < 3; b++)
        {
            var s = ds.SeriesAt(b);
            for (var t = 0; t < s.Length; t += 41)
                if (CamelsFixture.FlowCfs(b, s.DateAt(t)) is { } cfs)
                    Assert.Equal(cfs * 0.028316846592 * 86.4e6 / CamelsFixture.Basins[b].Area, s[HydroVariables.Streamflow][t], 4);
        }
    }

    [Fact]
    public void Minus_999_absent_days_and_a_short_record_become_NaN()
    {
        var ds = CamelsUsLoader.Load(fixture.Root);
        var gaps = 0;
        for (var b = 0; b < 3; b++)
        {
            var s = ds.SeriesAt(b);
            var q = s[HydroVariables.Streamflow];
            for (var t = 0; t < s.Length; t++)
            {
                var expected = CamelsFixture.FlowCfs(b, s.DateAt(t));
                Assert.Equal(expected is null, float.IsNaN(q[t]));
                if (expected is null) gaps++;
            }
        }
        Assert.True(gaps > 5 + 5 + 184, $"only {gaps} gaps");
        var second = ds.SeriesAt(1);
        Assert.True(float.IsNaN(second[HydroVariables.Streamflow][second.IndexOf(new DateOnly(2012, 3, 12))]));
        var third = ds.SeriesAt(2);
        Assert.True(float.IsNaN(third[HydroVariables.Streamflow][third.IndexOf(new DateOnly(2013, 12, 31))]));
        Assert.False(float.IsNaN(third[HydroVariables.Precipitation][third.IndexOf(new DateOnly(2013, 12, 31))]));
    }

    [Fact]
    public void Relative_humidity_and_Hargreaves_PET_are_derived_from_the_daymet_columns()
    {
        var ds = CamelsUsLoader.Load(fixture.Root);
        var s = ds.SeriesAt(2);
        var i = s.IndexOf(new DateOnly(2012, 7, 4));
        var w = CamelsFixture.Forcing(2, new DateOnly(2012, 7, 4));
        double tmax = (float)w[4], tmin = (float)w[5], vp = (float)w[6];
        var es = (0.6108 * Math.Exp(17.27 * tmax / (tmax + 237.3)) + 0.6108 * Math.Exp(17.27 * tmin / (tmin + 237.3))) / 2;
        Assert.Equal(Math.Min(100, 100 * vp / 1000 / es), s[HydroVariables.RelativeHumidity][i], 3);
        Assert.Equal(Fao56.HargreavesPet(tmax, tmin, CamelsFixture.Basins[2].Latitude, 186), s[HydroVariables.Pet][i], 4);
        Assert.Equal(HydroVariables.Forcings, s.Names.Take(6));
    }

    [Fact]
    public void Attribute_tables_give_numbers_with_their_group_and_text_as_labels()
    {
        var ds = CamelsUsLoader.Load(fixture.Root);
        var fish = ds.Site("01013500");
        Assert.Equal(new StaticAttribute("elev_mean", AttributeGroup.Topography, 250.31), fish.Attribute("elev_mean"));
        Assert.Equal(AttributeGroup.Soil, fish.Attribute("clay_frac").Group);
        Assert.Equal(AttributeGroup.Geology, fish.Attribute("geol_permeability").Group);
        Assert.Equal(AttributeGroup.Vegetation, fish.Attribute("lai_max").Group);
        Assert.Equal(AttributeGroup.Climate, fish.Attribute("aridity").Group);
        Assert.Equal(AttributeGroup.Hydrology, fish.Attribute("runoff_ratio").Group);
        Assert.True(double.IsNaN(fish["root_depth_50"]));
        Assert.True(double.IsNaN(ds.Site("14301000")["organic_frac"]));
        Assert.Equal("Mixed Forests", fish.Labels["dom_land_cover"]);
        Assert.Equal("son", fish.Labels["high_prec_timing"]);
        Assert.Equal("01", fish.Labels["huc_02"]);
        Assert.False(ds.Site("02177000").Labels.ContainsKey("geol_2nd_class"));  // NA is missing, not a label
        Assert.False(fish.TryGetAttribute("gauge_name", out _));
    }

    [Fact]
    public void A_subset_of_gauges_and_an_explicit_attribute_folder_are_honoured()
    {
        var ds = CamelsUsLoader.Load(fixture.Root, new CamelsUsOptions
        {
            GaugeIds = ["2177000"],  // leading zero lost, as spreadsheets do
            AttributesFolder = Path.Combine(fixture.Root, "camels_attributes_v2.0"),
            AttributeGroups = ["topo", "name"],
        });
        var site = Assert.Single(ds.Sites);
        Assert.Equal("02177000", site.Id);
        Assert.All(site.Attributes, a => Assert.Equal(AttributeGroup.Topography, a.Group));
    }

    [Fact]
    public void A_malformed_forcing_line_is_reported_with_the_file_and_line_number()
    {
        var path = Path.Combine(fixture.Root, "basin_mean_forcing", "daymet", "03", "02177000_lump_cida_forcing_leap.txt");
        var lines = File.ReadAllLines(path);
        lines[9] = "2011 01 06 12\t43000.00\t1.10\t180.00";
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => CamelsUsLoader.Load(fixture.Root));
        Assert.Contains($"{path}:10:", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 11 columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_impossible_date_and_a_wrong_gauge_id_name_the_streamflow_file_and_line()
    {
        var path = Path.Combine(fixture.Root, "usgs_streamflow", "01", "01013500_streamflow_qc.txt");
        var lines = File.ReadAllLines(path);
        lines[58] = "01013500 2011 02 29   120.00 A";
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => CamelsFiles.ReadStreamflow(path, "01013500", 1e9));
        Assert.Contains($"{path}:59: 2011-02-29 is not a calendar date", e.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<InvalidDataException>(() => CamelsFiles.ReadStreamflow(path, "09999999", 1e9));
        Assert.Contains($"{path}:1:", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_streamflow_file_or_root_folder_is_named_in_the_error()
    {
        File.Delete(Path.Combine(fixture.Root, "usgs_streamflow", "17", "14301000_streamflow_qc.txt"));
        var e = Assert.Throws<FileNotFoundException>(() => CamelsUsLoader.Load(fixture.Root));
        Assert.Contains("basin 14301000", e.Message, StringComparison.Ordinal);
        Assert.Contains("14301000_streamflow_qc.txt", e.Message, StringComparison.Ordinal);
        var root = Assert.Throws<DirectoryNotFoundException>(() => CamelsUsLoader.Load(Path.Combine(fixture.Root, "nowhere")));
        Assert.Contains("basin_mean_forcing", root.Message, StringComparison.Ordinal);
    }
}
