using EarthEmbed.Data.Hydrology;
using EarthEmbed.Data.Hydrology.Synthetic;
using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Data.Hydrology;

public class SyntheticHydroWorldTests
{
    private static SyntheticHydroConfig Small(long seed = 11) => new() { Seed = seed, SitesPerRegion = 6, Years = 4, WarmupDays = 365 };

    private static readonly Lazy<HydroDataset> World = new(() => SyntheticHydroWorld.Generate(Small()));

    private static double Mean(IEnumerable<float> x) => x.Where(float.IsFinite).Select(v => (double)v).DefaultIfEmpty(double.NaN).Average();

    internal static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var pairs = x.Zip(y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
        double mx = pairs.Average(p => p.First), my = pairs.Average(p => p.Second);
        double sxy = pairs.Sum(p => (p.First - mx) * (p.Second - my)), sxx = pairs.Sum(p => (p.First - mx) * (p.First - mx)),
            syy = pairs.Sum(p => (p.Second - my) * (p.Second - my));
        return sxy / Math.Sqrt(sxx * syy);
    }

    [Fact]
    public void The_same_seed_gives_the_same_world_and_another_seed_a_different_one()
    {
        var config = new SyntheticHydroConfig { SitesPerRegion = 2, Years = 2, WarmupDays = 100 };
        var a = SyntheticHydroWorld.Generate(config);
        var b = SyntheticHydroWorld.Generate(config);
        Assert.Equal(a.Sites, b.Sites);
        for (var i = 0; i < a.Count; i++)
        {
            foreach (var v in a.SeriesAt(i).Names) Assert.Equal(a.SeriesAt(i)[v], b.SeriesAt(i)[v]);
            Assert.Equal(a.Landslides(a.Sites[i].Id), b.Landslides(b.Sites[i].Id));
            Assert.Equal(a.StaticTargets(a.Sites[i].Id), b.StaticTargets(b.Sites[i].Id));
        }
        var c = SyntheticHydroWorld.Generate(new SyntheticHydroConfig { Seed = 12, SitesPerRegion = 2, Years = 2, WarmupDays = 100 });
        Assert.NotEqual(a.SeriesAt(0)[HydroVariables.Precipitation], c.SeriesAt(0)[HydroVariables.Precipitation]);
        Assert.NotEqual(a.Sites[0].Latitude, c.Sites[0].Latitude);
    }

    [Fact]
    public void One_site_simulated_alone_matches_the_same_site_made_in_parallel()
    {
        var config = Small();
        var alone = SyntheticHydroWorld.Simulate(config, 17);
        var site = World.Value.Sites[17];
        Assert.Equal(alone.Site, site);
        Assert.Equal(alone.Series[HydroVariables.Streamflow], World.Value.Series(site.Id)[HydroVariables.Streamflow]);
    }

    [Fact]
    public void The_world_has_seven_regions_with_the_paper_forcings_targets_and_attribute_groups()
    {
        var ds = World.Value;
        Assert.Equal(42, ds.Count);
        Assert.Equal(7, ds.Regions.Count);
        Assert.Equal(HydroVariables.Forcings.Concat(HydroVariables.DailyTargets), ds.VariableNames);
        Assert.Equal(new DateOnly(2000, 1, 1), ds.SeriesAt(0).Start);
        Assert.Equal(365 * 4 + 1, ds.SeriesAt(0).Length);
        foreach (var g in HydroVariables.MaskedGroups)
            Assert.True(ds.AttributeNames.Count(a => a.Group == g) >= 3, $"group {g} has fewer than 3 attributes");
        foreach (var s in ds.Sites)
        {
            var targets = ds.StaticTargets(s.Id);
            Assert.InRange(targets[HydroVariables.Sand] + targets[HydroVariables.Clay], 0.02, 1.2);
        }
    }

    [Fact]
    public void Streamflow_is_non_negative_has_gaps_and_a_plausible_runoff_ratio_that_is_higher_where_humid()
    {
        var ds = World.Value;
        double gaps = 0;
        var ratio = new Dictionary<string, List<double>>();
        foreach (var s in ds.Sites)
        {
            var series = ds.Series(s.Id);
            var q = series[HydroVariables.Streamflow];
            Assert.All(q.Where(float.IsFinite), v => Assert.True(v >= 0));
            gaps += q.Count(float.IsNaN) / (double)q.Length;
            var rr = Mean(q) / Mean(series[HydroVariables.Precipitation]);
            Assert.InRange(rr, 0.0, 1.0);
            (ratio.TryGetValue(s.Region, out var list) ? list : ratio[s.Region] = []).Add(rr);
        }
        Assert.InRange(gaps / ds.Count, 0.005, 0.3);
        Assert.True(ratio["pn"].Average() > 2 * ratio["gp"].Average(), $"Pacific NW {ratio["pn"].Average():F2} vs Great Plains {ratio["gp"].Average():F2}");
    }

    [Fact]
    public void Streamflow_rises_after_heavy_rain_at_every_site()
    {
        var ds = World.Value;
        var ratios = new List<double>();
        foreach (var site in ds.Sites)
        {
            var s = ds.Series(site.Id);
            var p = s[HydroVariables.Precipitation];
            var q = s[HydroVariables.Streamflow];
            var heavy = p.Where(v => v > 0).Order().ElementAt((int)(0.97 * p.Count(v => v > 0)));
            double before = 0, after = 0;
            for (var t = 1; t + 2 < p.Length; t++)
            {
                if (p[t] < heavy || !float.IsFinite(q[t - 1]) || !float.IsFinite(q[t + 1]) || !float.IsFinite(q[t + 2])) continue;
                before += q[t - 1];
                after += Math.Max(q[t + 1], q[t + 2]);
            }
            Assert.True(after > 1.1 * before, $"{site.Id}: streamflow after heavy rain {after:F1} vs before {before:F1}");
            ratios.Add(after / before);
        }
        Assert.True(ratios.Order().ElementAt(ratios.Count / 2) > 1.6, "the median site should rise by more than 60 %");
    }

    [Fact]
    public void Soil_moisture_stays_between_zero_and_porosity_with_sensor_noise_and_frozen_gaps()
    {
        var config = Small();
        var site = SyntheticHydroWorld.Simulate(config, 28);  // Rocky Mountains: cold winters
        var obs = site.Series[HydroVariables.SoilMoisture];
        Assert.All(obs.Where(float.IsFinite), v => Assert.InRange(v, 0.01, site.Traits.Porosity + 1e-6));
        Assert.Contains(obs, float.IsNaN);
        var residual = obs.Select((v, t) => v - site.SoilMoisture[t]).Where(double.IsFinite).ToArray();
        var sd = Math.Sqrt(residual.Average(r => r * r) - Math.Pow(residual.Average(), 2));
        Assert.InRange(sd, 0.01, 0.03);  // configured sensor noise 0.02
        for (var t = 0; t < obs.Length; t++)
            if ((site.Weather.Tmax[t] + site.Weather.Tmin[t]) / 2 < -1) Assert.True(float.IsNaN(obs[t]));
    }

    [Fact]
    public void The_synthetic_basins_conserve_water_over_the_record()
    {
        var site = SyntheticHydroWorld.Simulate(Small(), 25);
        var run = site.Run;
        var balance = site.Weather.Precipitation.Sum() - run.Evapotranspiration.Sum() - run.Runoff.Sum() - (run.Storage[^1] - run.Initial.Total);
        Assert.True(Math.Abs(balance) < 1e-6, $"residual {balance} mm");
    }

    [Fact]
    public void Attributes_correlate_the_way_real_ones_do()
    {
        var ds = SyntheticHydroWorld.Generate(new SyntheticHydroConfig { SitesPerRegion = 12, Years = 2, WarmupDays = 30, StaticMissingFraction = 0 });
        double[] A(string name) => ds.Sites.Select(s => s[name]).ToArray();
        var tmean = ds.Sites.Select(s => Mean(ds.Series(s.Id)[HydroVariables.Tmax].Zip(ds.Series(s.Id)[HydroVariables.Tmin], (a, b) => (a + b) / 2))).ToArray();
        Assert.True(Pearson(A("elev_mean"), tmean) < -0.5, "higher sites should be colder");
        Assert.True(Pearson(A("elev_mean"), A("frac_snow")) > 0.4, "higher sites should be snowier");
        Assert.True(Pearson(A("slope_mean").Select(v => Math.Log(v)).ToArray(), A("soil_depth")) < -0.5, "steeper slopes should have thinner soils");
        Assert.True(Pearson(A("aridity").Select(v => Math.Log(v)).ToArray(), A("frac_forest")) < -0.5, "arid sites should have less forest");
        Assert.True(Pearson(A("geol_permeability"), A("soil_conductivity")) > 0.2, "permeable rocks should carry sandier, more conductive soils");
        var sand = ds.Sites.Select(s => ds.StaticTargets(s.Id)[HydroVariables.Sand]).ToArray();
        Assert.True(Pearson(A("soil_conductivity").Select(v => Math.Log(v)).ToArray(), sand) > 0.4, "sand should be predictable from the soil attributes");
    }

    [Fact]
    public void Landslides_are_rare_and_concentrate_on_steep_wet_sites()
    {
        var config = new SyntheticHydroConfig { SitesPerRegion = 12, Years = 5, WarmupDays = 60 };
        var ds = SyntheticHydroWorld.Generate(config);
        var perSiteYear = ds.Sites.Sum(s => ds.Landslides(s.Id).Count) / (double)(ds.Count * config.Years);
        Assert.InRange(perSiteYear, 0.01, 0.5);
        var ranked = ds.Sites.OrderBy(s => s["slope_mean"] * s["p_mean"]).ToArray();
        var quarter = ranked.Length / 4;
        int flatDry = ranked.Take(quarter).Sum(s => ds.Landslides(s.Id).Count), steepWet = ranked.Skip(3 * quarter).Sum(s => ds.Landslides(s.Id).Count);
        Assert.True(steepWet > 5 * Math.Max(flatDry, 1), $"steep wet quarter {steepWet} events vs flat dry quarter {flatDry}");
        foreach (var s in ds.Sites)
        {
            var events = ds.Landslides(s.Id);
            for (var k = 1; k < events.Count; k++) Assert.True(events[k].DayNumber - events[k - 1].DayNumber > config.LandslideRefractoryDays);
        }
    }

    [Fact]
    public void The_landslide_hazard_rises_with_slope_wetness_and_rain()
    {
        var c = new SyntheticHydroConfig();
        var baseline = LandslideHazard.Probability(c, 50, 0.5, 0);
        Assert.Equal(1 / (1 + Math.Exp(10)), baseline, 15);
        Assert.True(LandslideHazard.Probability(c, 200, 0.5, 0) > baseline);
        Assert.True(LandslideHazard.Probability(c, 50, 0.9, 0) > baseline);
        Assert.True(LandslideHazard.Probability(c, 50, 0.5, 80) > baseline);
    }

    [Fact]
    public void The_config_reads_snake_case_yaml_and_names_a_bad_key()
    {
        var c = ConfigFile.Parse<SyntheticHydroConfig>("seed: 3\nsites_per_region: 5\nstreamflow_noise: 0.2\n");
        Assert.Equal(3, c.Seed);
        Assert.Equal(35, c.SiteCount);
        Assert.Equal(0.2, c.StreamflowNoise);
        var again = ConfigFile.Parse<SyntheticHydroConfig>(ConfigFile.Save(c));  // what a run folder's config.yaml holds
        Assert.Equal(ConfigFile.Save(c), ConfigFile.Save(again));
        var e = Assert.Throws<ArgumentException>(() => SyntheticHydroWorld.Generate(new SyntheticHydroConfig { Regions = 9 }));
        Assert.Contains("regions must be 1 to 7, got 9", e.Message, StringComparison.Ordinal);
    }
}
