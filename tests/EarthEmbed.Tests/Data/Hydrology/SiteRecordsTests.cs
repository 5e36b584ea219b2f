using EarthEmbed.Data.Hydrology;
using TorchSharp;

namespace EarthEmbed.Tests.Data.Hydrology;

public class SiteRecordsTests
{
    private static readonly DateOnly Start = new(2012, 2, 27);

    private static DailySeries Series(string id, int days = 4) => new(id, Start,
    [
        new("precipitation", Enumerable.Range(0, days).Select(i => (float)i).ToArray()),
        new("streamflow", Enumerable.Range(0, days).Select(i => i == 1 ? float.NaN : 0.5f * i).ToArray()),
    ]);

    private static Site Site(string id, string region = "r1") =>
        new(id, region, 45, -70, [new("slope_mean", AttributeGroup.Topography, 12), new("clay", AttributeGroup.Soil, double.NaN)]);

    [Fact]
    public void Series_of_different_lengths_are_rejected_naming_the_site_and_the_variable()
    {
        var e = Assert.Throws<ArgumentException>(() => new DailySeries("gauge-7", Start,
            [new("precipitation", new float[10]), new("tmax", new float[9])]));
        Assert.Contains("site 'gauge-7'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'tmax' has 9 days but 'precipitation' has 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_run_through_29_February_and_unknown_variables_name_the_site()
    {
        var s = Series("a");
        Assert.Equal(new DateOnly(2012, 2, 29), s.DateAt(2));
        Assert.Equal(new DateOnly(2012, 3, 1), s.End);
        Assert.Equal(2, s.IndexOf(new DateOnly(2012, 2, 29)));
        Assert.Equal(-1, s.IndexOf(new DateOnly(2012, 3, 2)));
        Assert.Equal(3, s.CountValid("streamflow"));
        var e = Assert.Throws<KeyNotFoundException>(() => s["soil_moisture"]);
        Assert.Contains("site 'a' has no daily variable 'soil_moisture' (it has: precipitation, streamflow)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slicing_beyond_the_record_fills_NaN_and_keeps_the_calendar()
    {
        var s = Series("a").Slice(new DateOnly(2012, 2, 26), new DateOnly(2012, 3, 3));
        Assert.Equal(7, s.Length);
        Assert.True(float.IsNaN(s["precipitation"][0]));
        Assert.Equal([0f, 1f, 2f, 3f], s["precipitation"].Skip(1).Take(4));
        Assert.True(float.IsNaN(s["precipitation"][6]));
    }

    [Fact]
    public void Dated_records_with_holes_become_a_gap_free_calendar_and_unordered_dates_are_rejected()
    {
        var dates = new[] { new DateOnly(2012, 2, 28), new DateOnly(2012, 3, 2) };
        var s = DailySeries.FromDated("x", dates, [new("q", new List<float> { 1, 2 })], i => $"file:{i + 2}");
        Assert.Equal(4, s.Length);
        Assert.Equal(1f, s["q"][0]);
        Assert.True(float.IsNaN(s["q"][1]) && float.IsNaN(s["q"][2]));
        Assert.Equal(2f, s["q"][3]);
        var e = Assert.Throws<InvalidDataException>(() =>
            DailySeries.FromDated("x", [dates[1], dates[0]], [new("q", new List<float> { 1, 2 })], i => $"file:{i + 2}"));
        Assert.StartsWith("file:3: date 2012-02-28 is not after", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_names_the_site_without_a_series_and_the_orphan_series()
    {
        var missing = Assert.Throws<ArgumentException>(() => new HydroDataset("d", [Site("a"), Site("b")], [Series("a")]));
        Assert.Contains("site 'b' has no daily series", missing.Message, StringComparison.Ordinal);
        var orphan = Assert.Throws<ArgumentException>(() => new HydroDataset("d", [Site("a")], [Series("a"), Series("z")]));
        Assert.Contains("site 'z'", orphan.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => new HydroDataset("d", [Site("a"), Site("a")], [Series("a")]));
        Assert.Contains("'a' is given twice", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subsets_and_regrouped_regions_keep_each_site_with_its_records()
    {
        var ds = new HydroDataset("d", [Site("a"), Site("b", "r2"), Site("c", "r2")], [Series("c"), Series("a"), Series("b", 6)],
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["b"] = new Dictionary<string, double> { ["sand_frac"] = 0.4 } },
            new Dictionary<string, IReadOnlyList<DateOnly>> { ["c"] = [new DateOnly(2012, 3, 1), new DateOnly(2012, 2, 28)] });
        Assert.Equal(["r1", "r2"], ds.Regions);
        var sub = ds.Where(s => s.Region == "r2");
        Assert.Equal(["b", "c"], sub.Sites.Select(s => s.Id));
        Assert.Equal(6, sub.Series("b").Length);
        Assert.Equal(0.4, sub.StaticTargets("b")["sand_frac"]);
        Assert.Empty(sub.StaticTargets("c"));
        Assert.Equal([new DateOnly(2012, 2, 28), new DateOnly(2012, 3, 1)], sub.Landslides("c"));
        var merged = ds.WithSites(s => s with { Region = "all" });
        Assert.Equal(["all"], merged.Regions);
        Assert.Equal(6, merged.Series("b").Length);
        var e = Assert.Throws<KeyNotFoundException>(() => ds.Subset(["a", "q"]));
        Assert.Contains("no site 'q'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Site_attributes_keep_their_group_and_an_unknown_name_lists_the_known_ones()
    {
        var s = Site("a");
        Assert.Equal(12, s["slope_mean"]);
        Assert.True(double.IsNaN(s["clay"]));
        Assert.Equal(["clay"], s.Group(AttributeGroup.Soil).Select(a => a.Name));
        var e = Assert.Throws<KeyNotFoundException>(() => s["elev_mean"]);
        Assert.Contains("site 'a' has no attribute 'elev_mean' (it has: slope_mean, clay)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Site("x", "r", 0, 0, [new("a", AttributeGroup.Soil, 1), new("a", AttributeGroup.Soil, 2)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Site("x", "r", 95, 0));
        Assert.Equal(111.19, new Site("p", "r", 0, 0).DistanceKm(new Site("q", "r", 1, 0)), 0.01);
    }
}

public class HydroArraysTests
{
    private static HydroDataset Dataset()
    {
        Site Site(string id, double slope) => new(id, "r", 40, -100,
            [new("slope_mean", AttributeGroup.Topography, slope), new("q_mean", AttributeGroup.Hydrology, 1), new("clay", AttributeGroup.Soil, 0.2)]);
        DailySeries Series(string id, DateOnly start, float offset) => new(id, start,
        [
            new("p", Enumerable.Range(0, 3).Select(i => offset + i).ToArray()),
            new("q", Enumerable.Range(0, 3).Select(i => offset + 10 + i).ToArray()),
        ]);
        return new HydroDataset("d", [Site("a", 5), Site("b", 7)],
            [Series("a", new DateOnly(2012, 2, 28), 0), Series("b", new DateOnly(2012, 2, 29), 100)],
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["b"] = new Dictionary<string, double> { ["sand_frac"] = 0.3 } });
    }

    [Fact]
    public void Dynamic_blocks_are_site_day_variable_with_NaN_outside_each_record()
    {
        var data = HydroArrays.Dynamic(Dataset(), ["q", "p"], new DateOnly(2012, 2, 28), 4);
        float nan = float.NaN;
        Assert.Equal(
            [10, 0, 11, 1, 12, 2, nan, nan,        // site a: 28 Feb, 29 Feb, 1 Mar, then past its record
             nan, nan, 110, 100, 111, 101, 112, 102], // site b starts on 29 Feb
            data);
    }

    [Fact]
    public void Static_blocks_follow_the_requested_names_and_groups()
    {
        var ds = Dataset();
        var names = HydroArrays.AttributesOf(ds, HydroVariables.MaskedGroups);
        Assert.Equal(["slope_mean", "clay"], names);  // the hydrological signature is left out
        Assert.Equal([5f, 0.2f, 7f, 0.2f], HydroArrays.Static(ds, names));
        Assert.Equal([float.NaN, 0.3f], HydroArrays.Targets(ds, ["sand_frac"]));
        var e = Assert.Throws<KeyNotFoundException>(() => HydroArrays.Static(ds, ["slope"]));
        Assert.Contains("no site has attribute 'slope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_carry_the_same_values_and_shape()
    {
        using var scope = torch.NewDisposeScope();
        var ds = Dataset();
        var t = HydroArrays.DynamicTensor(ds, ["p", "q"], new DateOnly(2012, 2, 29), 2);
        Assert.Equal([2L, 2, 2], t.shape);
        Assert.Equal(HydroArrays.Dynamic(ds, ["p", "q"], new DateOnly(2012, 2, 29), 2), t.data<float>().ToArray());
        Assert.Equal([2L, 1], HydroArrays.StaticTensor(ds, ["clay"]).shape);
    }
}
