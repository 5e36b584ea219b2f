using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Tests.Data.Hydrology;

namespace EarthEmbed.Tests.Experiments.StefaLand;

/// <summary>What <see cref="StefaLandSources.Load"/> checks before any training, on the learnable CAMELS-US fixture
/// and its generic-layout copy: each broken input fails with the key, file or site named and what was expected.</summary>
public sealed class StefaLandSourcesTests : IDisposable
{
    private readonly CamelsFixture camels = CamelsFixture.Learnable();
    private readonly string generic = Path.Combine(Path.GetTempPath(), "stefaland-generic-" + Guid.NewGuid().ToString("N"));

    public StefaLandSourcesTests() => camels.WriteGeneric(generic);

    public void Dispose()
    {
        camels.Dispose();
        if (Directory.Exists(generic)) Directory.Delete(generic, recursive: true);
    }

    private StefaLandConfig Camels() => new() { Data = "camels_us", DataPath = camels.Root, SequenceLength = 32, WarmupDays = 8, TestYears = 1, PubFolds = 2, PubFoldsRun = 1, PurRegions = [] };

    private StefaLandConfig Generic() => new() { Data = "generic", DataPath = generic, SequenceLength = 32, WarmupDays = 8, TestYears = 1, PubFolds = 2, PubFoldsRun = 1, PurRegions = [] };

    private static string Fails<T>(StefaLandConfig config) where T : Exception => Assert.Throws<T>(() => StefaLandSources.Load(config)).Message;

    [Fact]
    public void Both_layouts_give_the_same_basins_and_values_with_29_February_and_minus_999_as_NaN()
    {
        var a = StefaLandSources.Load(Camels()).Dataset;
        var b = StefaLandSources.Load(Generic()).Dataset;
        Assert.Equal(CamelsFixture.LearnableIds, a.Sites.Select(s => s.Id));
        Assert.Equal(CamelsFixture.LearnableIds, b.Sites.Select(s => s.Id));
        Assert.Equal(["01", "03"], a.Regions);
        Assert.Equal(["north", "south"], b.Regions);
        var q = a.Series("01010000");
        Assert.Equal(365 * 4 + 1, q.Length);
        var leap = q.IndexOf(new DateOnly(2012, 2, 29));
        Assert.True(float.IsFinite(q["streamflow"][leap]) && float.IsFinite(q["precipitation"][leap]));
        Assert.True(float.IsNaN(q["streamflow"][3]));  // (t + 13 b) mod 71 = 3 is written as -999
        Assert.Equal(q["streamflow"], b.Series("01010000")["streamflow"]);
        Assert.DoesNotContain(a.AttributeNames, n => n.Name == "q_mean");  // no hydrological signatures read
    }

    [Fact]
    public void Start_and_end_dates_cut_the_period_and_a_period_too_short_for_training_names_the_keys()
    {
        var config = Camels();
        config.StartDate = "2012-01-01";
        Assert.Equal((new DateOnly(2012, 1, 1), new DateOnly(2014, 12, 31)), StefaLandSources.Load(config).Dataset.Period);
        config.StartDate = "2014-01-01";
        config.EndDate = null;
        var e = Fails<InvalidDataException>(config);
        Assert.Contains("the period 2014-01-01..2014-12-31 has 365 days; test_years = 1", e, StringComparison.Ordinal);
        Assert.Contains("fewer than sequence_length = 32", e, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_names_data_path_the_folder_and_what_it_should_hold()
    {
        var config = Camels();
        config.DataPath = Path.Combine(camels.Root, "nowhere");
        var e = Fails<DirectoryNotFoundException>(config);
        Assert.Contains($"data_path: folder '{config.DataPath}' does not exist", e, StringComparison.Ordinal);
        Assert.Contains("basin_mean_forcing", e, StringComparison.Ordinal);
    }

    [Fact]
    public void A_series_file_without_a_forcing_column_is_named_with_the_columns_expected()
    {
        var path = Path.Combine(generic, "timeseries", "03060000.csv");
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 6))));  // drop "pet"
        Assert.Contains(",pet,", lines[0], StringComparison.Ordinal);
        var e = Fails<InvalidDataException>(Generic());
        Assert.StartsWith($"{path}: site '03060000' has no column 'pet'; StefaLand needs precipitation, shortwave", e, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparseable_value_is_named_with_its_file_and_line()
    {
        var path = Path.Combine(generic, "timeseries", "01020000.csv");
        var lines = File.ReadAllLines(path);
        var fields = lines[10].Split(',');
        fields[2] = "wet";
        lines[10] = string.Join(',', fields);
        Assert.StartsWith("date,precipitation,shortwave,", lines[0], StringComparison.Ordinal);
        File.WriteAllLines(path, lines);
        var e = Fails<InvalidDataException>(Generic());
        Assert.StartsWith($"{path}:11: column 'shortwave': 'wet' is not a number", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Streamflow_dates_that_miss_the_forcing_dates_name_the_basin_both_files_and_both_spans()
    {
        var path = Directory.GetFiles(Path.Combine(camels.Root, "usgs_streamflow"), "03070000_streamflow_qc.txt", SearchOption.AllDirectories).Single();
        File.WriteAllLines(path, File.ReadAllLines(path).Select(l => l.Replace(" 2011 ", " 1991 ", StringComparison.Ordinal)
            .Replace(" 2012 ", " 1992 ", StringComparison.Ordinal).Replace(" 2013 ", " 1993 ", StringComparison.Ordinal).Replace(" 2014 ", " 1994 ", StringComparison.Ordinal)));
        var config = Camels();
        config.StartDate = "2011-01-01";
        var e = Fails<InvalidDataException>(config);
        Assert.Contains("03070000_streamflow_qc.txt: site '03070000' has no day with both forcings and streamflow (forcings 2011-01-01..2014-12-31, streamflow none recorded)", e, StringComparison.Ordinal);
        config.StartDate = null;   // the whole period: the spans show where each record lies
        e = Fails<InvalidDataException>(config);
        Assert.Contains("(forcings 2011-01-01..2014-12-31, streamflow 1991-01-01..1994-12-31)", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_sites_for_the_PUB_folds_name_pub_folds_and_the_count()
    {
        var config = Camels();
        config.SiteIds = ["1010000", "03050000", "03060000"];  // a leading zero lost, as spreadsheets do
        config.PubFolds = 4;
        var e = Fails<InvalidDataException>(config);
        Assert.Contains("3 sites, fewer than pub_folds = 4", e, StringComparison.Ordinal);
        config.PubFolds = 3;
        Assert.Equal(["01010000", "03050000", "03060000"], StefaLandSources.Load(config).Dataset.Sites.Select(s => s.Id));
    }

    [Fact]
    public void PUR_needs_a_region_per_site_two_regions_and_known_pur_regions()
    {
        var config = Generic();
        config.RegionColumn = "basin_group";
        Assert.Contains("site '01010000' has no region; PUR needs each site's region (the 'basin_group' column of attributes.csv, key region_column)",
            Fails<InvalidDataException>(config), StringComparison.Ordinal);
        config = Camels();
        config.SiteIds = ["01010000", "01020000"];
        Assert.Contains("every site is in region '01'; PUR leaves one region out at a time and needs at least 2 regions", Fails<InvalidDataException>(config), StringComparison.Ordinal);
        config = Camels();
        config.PurRegions = ["ne"];
        Assert.Contains("pur_regions: region 'ne' is not in the data (CAMELS-US (daymet) at", Fails<ArgumentException>(config), StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_outside_the_masked_groups_name_attribute_groups_csv()
    {
        File.Delete(Path.Combine(generic, "attribute_groups.csv"));
        var e = Fails<InvalidDataException>(Generic());
        Assert.Contains("no static attribute falls in the groups StefaLand uses", e, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(generic, "attribute_groups.csv"), e, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data", "camel", "data must be synthetic, camels_us, generic, got 'camel'")]
    [InlineData("data_path", "", "data: camels_us needs data_path, the folder holding basin_mean_forcing/")]
    [InlineData("forcing_source", "daily", "forcing_source must be daymet, maurer, nldas (a folder under basin_mean_forcing), got 'daily'")]
    [InlineData("start_date", "2012/01/01", "start_date must be a date yyyy-MM-dd (or empty), got '2012/01/01'")]
    [InlineData("end_date", "2011-06-30", "after the last test_years = 1 × 365 days, fewer are left than sequence_length (32)")]
    public void Validate_names_the_key_and_what_is_expected(string key, string value, string message)
    {
        var config = Camels();
        config.StartDate = "2011-01-01";
        switch (key)
        {
            case "data": config.Data = value; break;
            case "data_path": config.DataPath = value; break;
            case "forcing_source": config.ForcingSource = value; break;
            case "start_date": config.StartDate = value; break;
            default: config.EndDate = value; break;
        }
        Assert.Contains(message, Assert.Throws<ArgumentException>(config.Validate).Message, StringComparison.Ordinal);
    }
}
