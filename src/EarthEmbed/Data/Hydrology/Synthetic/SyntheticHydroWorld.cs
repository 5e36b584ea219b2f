using EarthEmbed.Data.Hydrology.Physics;

namespace EarthEmbed.Data.Hydrology.Synthetic;

/// <summary>Everything known about one synthetic site: the published records and the truth behind them (traits,
/// weather climate, HBV parameters, the noise-free simulation), for diagnostics and tests.</summary>
public sealed class SyntheticSite
{
    /// <summary>The site as published (attributes with missing values).</summary>
    public required Site Site { get; init; }

    /// <summary>Its region.</summary>
    public required ClimateRegion Region { get; init; }

    /// <summary>True terrain, soil, rock and vegetation properties.</summary>
    public required SiteTraits Traits { get; init; }

    /// <summary>The weather-generator climate.</summary>
    public required WeatherClimate Climate { get; init; }

    /// <summary>The HBV parameters.</summary>
    public required HbvParameters Parameters { get; init; }

    /// <summary>Forcings over the record period, float64 (the float32 values of <see cref="Series"/> widened).</summary>
    public required Weather Weather { get; init; }

    /// <summary>The noise-free HBV simulation over the record period (it starts from the end of the warm-up).</summary>
    public required HbvRun Run { get; init; }

    /// <summary>True volumetric soil moisture over the record period, m³/m³.</summary>
    public required double[] SoilMoisture { get; init; }

    /// <summary>The published daily series (forcings and noisy, gappy targets).</summary>
    public required DailySeries Series { get; init; }

    /// <summary>The published static targets (sand and clay fractions with noise).</summary>
    public required IReadOnlyDictionary<string, double> StaticTargets { get; init; }

    /// <summary>Landslide event dates.</summary>
    public required IReadOnlyList<DateOnly> Landslides { get; init; }
}

/// <summary>The bundled default data of the StefaLand experiment: a seeded synthetic world of sites in several
/// climate regions. Per site: terrain, rocks and soil are drawn (<see cref="SiteTraits"/>); a stochastic weather
/// generator makes the daily forcings (<see cref="WeatherGenerator"/>); climate indices and vegetation follow from
/// them; HBV parameters follow from the attributes (<see cref="SiteTraits.Hbv"/>) and the HBV model turns forcings
/// into streamflow and soil moisture after a warm-up; soil texture becomes a noisy static target; landslides come
/// from a logistic hazard (<see cref="LandslideHazard"/>); observation noise and gaps are added
/// (<see cref="Observations"/>). Each site draws from its own random streams, so sites are made in parallel and
/// the world depends only on the config.</summary>
public static class SyntheticHydroWorld
{
    private enum Stream { Traits, Climate, Weather, Vegetation, Parameters, Streamflow, SoilMoisture, Landslides, Texture, Missing }

    /// <summary>Generates the world described by <paramref name="config"/> (sites in parallel).</summary>
    public static HydroDataset Generate(SyntheticHydroConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var sites = new SyntheticSite[config.SiteCount];
        ParallelSites.For(sites.Length, i => sites[i] = Simulate(config, i));
        return new HydroDataset($"synthetic-hydro-seed{config.Seed}", sites.Select(s => s.Site), sites.Select(s => s.Series),
            sites.ToDictionary(s => s.Site.Id, s => s.StaticTargets), sites.ToDictionary(s => s.Site.Id, s => s.Landslides));
    }

    /// <summary>Simulates site number <paramref name="index"/> (0-based; sites are numbered region by region) with
    /// its full truth; <see cref="Generate"/> gives the same published records for it.</summary>
    public static SyntheticSite Simulate(SyntheticHydroConfig config, int index)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, config.SiteCount);
        SeededRandom Rng(Stream s) => new(config.Seed, index, (long)s);
        var region = ClimateRegion.BuiltIn[index / config.SitesPerRegion];
        var id = $"{region.Code}_{index % config.SitesPerRegion + 1:D3}";

        var traits = SiteTraits.Draw(region, Rng(Stream.Traits));
        var climate = traits.Climate(region, Rng(Stream.Climate));
        int warm = config.WarmupDays, days = config.Days;
        var all = WeatherGenerator.Generate(climate, config.Start.AddDays(-warm), warm + days, Rng(Stream.Weather));
        // The published forcings are float32; the model runs on exactly those values so it can be re-run from them.
        var forcings = new Weather(Round(all.Precipitation), Round(all.Tmax), Round(all.Tmin), Round(all.Shortwave),
            Round(all.RelativeHumidity), Round(all.Pet));
        var record = Slice(forcings, warm, days);

        var indices = ClimateIndices.Compute(config.Start, record.Precipitation, record.Tmax, record.Tmin, record.Pet);
        traits.ClimateIndices = indices;
        traits.DrawVegetation(region, Rng(Stream.Vegetation), 1 / indices.First(c => c.Name == "aridity").Value, climate.TemperatureAmplitude);
        var parameters = traits.Hbv(Rng(Stream.Parameters), config.ParameterNoise);

        var model = new HbvModel(parameters);
        var tmean = new double[warm + days];
        for (var t = 0; t < tmean.Length; t++) tmean[t] = (forcings.Tmax[t] + forcings.Tmin[t]) / 2;
        var spin = model.Run(forcings.Precipitation.AsSpan(0, warm), tmean.AsSpan(0, warm), forcings.Pet.AsSpan(0, warm));
        var run = model.Run(record.Precipitation, tmean.AsSpan(warm), record.Pet, spin.Final);

        var theta = new double[days];
        var wetness = new double[days];
        for (var t = 0; t < days; t++)
        {
            theta[t] = traits.VolumetricSoilMoisture(run.SoilMoisture[t], parameters.FieldCapacity);
            wetness[t] = run.SoilMoisture[t] / parameters.FieldCapacity;
        }
        var streamflow = Observations.Streamflow(run.Runoff, config, Rng(Stream.Streamflow));
        var soilMoisture = Observations.SoilMoisture(theta, tmean.AsSpan(warm), traits.Porosity, config, Rng(Stream.SoilMoisture));
        var landslides = LandslideHazard.Events(config, config.Start, traits.Slope, wetness, record.Precipitation, Rng(Stream.Landslides));

        var texture = Rng(Stream.Texture);
        var targets = new Dictionary<string, double>
        {
            [HydroVariables.Sand] = Math.Clamp(traits.Sand + texture.Normal(0, config.TextureNoise), 0.01, 0.98),
            [HydroVariables.Clay] = Math.Clamp(traits.Clay + texture.Normal(0, config.TextureNoise), 0.01, 0.9),
        };
        var site = new Site(id, region.Code, traits.Latitude, traits.Longitude,
            Observations.WithMissing(Attributes(traits), config.StaticMissingFraction, Rng(Stream.Missing)),
            new Dictionary<string, string> { ["region_name"] = region.Name });
        var series = new DailySeries(id, config.Start,
        [
            new(HydroVariables.Precipitation, ToFloat(record.Precipitation)),
            new(HydroVariables.Shortwave, ToFloat(record.Shortwave)),
            new(HydroVariables.RelativeHumidity, ToFloat(record.RelativeHumidity)),
            new(HydroVariables.Tmax, ToFloat(record.Tmax)),
            new(HydroVariables.Tmin, ToFloat(record.Tmin)),
            new(HydroVariables.Pet, ToFloat(record.Pet)),
            new(HydroVariables.Streamflow, streamflow),
            new(HydroVariables.SoilMoisture, soilMoisture),
        ]);
        return new SyntheticSite
        {
            Site = site, Region = region, Traits = traits, Climate = climate, Parameters = parameters, Weather = record, Run = run,
            SoilMoisture = theta, Series = series, StaticTargets = targets, Landslides = landslides,
        };
    }

    /// <summary>The published static attributes of a site, by group (CAMELS names where the meaning matches).</summary>
    public static IReadOnlyList<StaticAttribute> Attributes(SiteTraits traits)
    {
        ArgumentNullException.ThrowIfNull(traits);
        var list = new List<StaticAttribute>
        {
            new("elev_mean", AttributeGroup.Topography, traits.Elevation),
            new("slope_mean", AttributeGroup.Topography, traits.Slope),
            new("area", AttributeGroup.Topography, traits.Area),
            new("soil_depth", AttributeGroup.Soil, traits.SoilDepth),
            new("soil_porosity", AttributeGroup.Soil, traits.Porosity),
            new("soil_conductivity", AttributeGroup.Soil, traits.Conductivity),
            new("max_water_content", AttributeGroup.Soil, traits.SoilDepth * traits.Porosity),
            new("geol_permeability", AttributeGroup.Geology, traits.Permeability),
            new("geol_porosity", AttributeGroup.Geology, traits.GeologicPorosity),
            new("carbonate_rocks_frac", AttributeGroup.Geology, traits.Carbonate),
            new("frac_forest", AttributeGroup.Vegetation, traits.Forest),
            new("lai_max", AttributeGroup.Vegetation, traits.LaiMax),
            new("lai_diff", AttributeGroup.Vegetation, traits.LaiDiff),
            new("gvf_max", AttributeGroup.Vegetation, traits.GvfMax),
            new("root_depth", AttributeGroup.Vegetation, traits.RootDepth),
        };
        list.AddRange(traits.ClimateIndices.Select(c => new StaticAttribute(c.Name, AttributeGroup.Climate, c.Value)));
        return list;
    }

    private static double[] Round(double[] x) => Array.ConvertAll(x, v => (double)(float)v);

    private static float[] ToFloat(double[] x) => Array.ConvertAll(x, v => (float)v);

    private static Weather Slice(Weather w, int from, int count)
    {
        double[] S(double[] a) => a.AsSpan(from, count).ToArray();
        return new Weather(S(w.Precipitation), S(w.Tmax), S(w.Tmin), S(w.Shortwave), S(w.RelativeHumidity), S(w.Pet));
    }
}

/// <summary>Landslide events of a site drawn from a daily logistic hazard, the form of statistical landslide
/// susceptibility models: logit p = b0 + b_slope ln(slope / 50 m/km) + b_wet · 2 (SM/FC - 0.5) + b_rain · P3 / 50 mm,
/// where SM/FC is the soil store's wetness and P3 the precipitation of the last three days. Steep slopes, wet
/// soils and rainfall extremes together trigger events; after an event the site stays quiet for a refractory
/// period (the unstable material has moved).</summary>
public static class LandslideHazard
{
    /// <summary>The daily probability of an event.</summary>
    /// <param name="config">The coefficients.</param>
    /// <param name="slope">Mean slope, m/km.</param>
    /// <param name="wetness">Soil wetness SM/FC, 0..1.</param>
    /// <param name="rain3">Precipitation of the last three days, mm.</param>
    public static double Probability(SyntheticHydroConfig config, double slope, double wetness, double rain3)
    {
        ArgumentNullException.ThrowIfNull(config);
        var logit = config.LandslideIntercept
                    + config.LandslideSlope * Math.Log(Math.Max(slope, 0.1) / 50)
                    + config.LandslideWetness * 2 * (Math.Clamp(wetness, 0, 1) - 0.5)
                    + config.LandslideRain * rain3 / 50;
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>Draws the event dates of one site.</summary>
    /// <param name="config">Coefficients and refractory period.</param>
    /// <param name="start">Date of day 0.</param>
    /// <param name="slope">Mean slope, m/km.</param>
    /// <param name="wetness">Daily soil wetness SM/FC.</param>
    /// <param name="precipitation">Daily precipitation, mm.</param>
    /// <param name="rng">The site's landslide stream.</param>
    public static IReadOnlyList<DateOnly> Events(SyntheticHydroConfig config, DateOnly start, double slope,
        ReadOnlySpan<double> wetness, ReadOnlySpan<double> precipitation, SeededRandom rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        if (wetness.Length != precipitation.Length)
            throw new ArgumentException($"wetness has {wetness.Length} days but precipitation has {precipitation.Length}", nameof(precipitation));
        var events = new List<DateOnly>();
        var quietUntil = -1;
        for (var t = 0; t < wetness.Length; t++)
        {
            var rain3 = precipitation[t] + (t > 0 ? precipitation[t - 1] : 0) + (t > 1 ? precipitation[t - 2] : 0);
            var p = Probability(config, slope, wetness[t], rain3);
            var draw = rng.NextDouble();  // drawn every day so the stream does not depend on earlier events
            if (t <= quietUntil || draw >= p) continue;
            events.Add(start.AddDays(t));
            quietUntil = t + config.LandslideRefractoryDays;
        }
        return events;
    }
}
