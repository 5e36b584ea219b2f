using YamlDotNet.Serialization;

namespace EarthEmbed.Data.Hydrology.Synthetic;

/// <summary>Settings of the synthetic hydrological world (YAML keys in snake_case, e.g. <c>sites_per_region</c>).
/// The defaults give 7 regions × 40 sites = 280 sites with 10 years of daily records after a one-year warm-up.</summary>
public sealed class SyntheticHydroConfig
{
    /// <summary>Seed of every random draw; the same seed gives the same world.</summary>
    public long Seed { get; set; } = 11;

    /// <summary>Number of climate regions, taken in order from <see cref="ClimateRegion.BuiltIn"/> (1 to 7).</summary>
    public int Regions { get; set; } = 7;

    /// <summary>Sites per region.</summary>
    public int SitesPerRegion { get; set; } = 40;

    /// <summary>First calendar year of the records (they start on 1 January).</summary>
    public int StartYear { get; set; } = 2000;

    /// <summary>Number of years of records.</summary>
    public int Years { get; set; } = 10;

    /// <summary>Days the hydrological model runs before the records start, so stores begin in balance with the climate.</summary>
    public int WarmupDays { get; set; } = 365;

    /// <summary>Relative (log-normal) scatter of the HBV parameters around their attribute-based values: the part of
    /// a basin's behaviour that its attributes do not explain.</summary>
    public double ParameterNoise { get; set; } = 0.1;

    /// <summary>Standard deviation of the multiplicative log-normal streamflow measurement error (AR(1), ρ = 0.8).</summary>
    public double StreamflowNoise { get; set; } = 0.1;

    /// <summary>Mean number of streamflow gaps per year.</summary>
    public double StreamflowGapsPerYear { get; set; } = 0.3;

    /// <summary>Mean length of a gap, days (geometric).</summary>
    public double MeanGapDays { get; set; } = 20;

    /// <summary>Fraction of sites whose streamflow record starts one or more years late.</summary>
    public double LateStartFraction { get; set; } = 0.1;

    /// <summary>Standard deviation of the soil-moisture sensor noise, m³/m³.</summary>
    public double SoilMoistureNoise { get; set; } = 0.02;

    /// <summary>Standard deviation of the per-site sensor bias of soil moisture, m³/m³.</summary>
    public double SoilMoistureBias { get; set; } = 0.01;

    /// <summary>Mean number of soil-moisture sensor outages per year (frozen days are also missing).</summary>
    public double SoilMoistureGapsPerYear { get; set; } = 1;

    /// <summary>Fraction of sites with a soil-moisture sensor; the others have an all-missing record.</summary>
    public double SoilMoistureCoverage { get; set; } = 1;

    /// <summary>Standard deviation of the noise on the sand and clay fractions (laboratory and scale error).</summary>
    public double TextureNoise { get; set; } = 0.05;

    /// <summary>Fraction of static attribute values published as missing (NaN), as in real attribute tables.</summary>
    public double StaticMissingFraction { get; set; } = 0.01;

    /// <summary>Intercept of the daily landslide logit.</summary>
    public double LandslideIntercept { get; set; } = -10;

    /// <summary>Landslide logit per unit of ln(slope / 50 m/km).</summary>
    public double LandslideSlope { get; set; } = 1.5;

    /// <summary>Landslide logit per unit of soil wetness anomaly 2 (SM/FC - 0.5), from -1 (dry) to 1 (full).</summary>
    public double LandslideWetness { get; set; } = 2;

    /// <summary>Landslide logit per 50 mm of precipitation over the last three days.</summary>
    public double LandslideRain { get; set; } = 2.5;

    /// <summary>Days after an event during which a site has no further event (the unstable material is gone).</summary>
    public int LandslideRefractoryDays { get; set; } = 30;

    /// <summary>Throws naming the key (snake_case, as in the YAML) when a setting is out of range.</summary>
    public void Validate()
    {
        Require(Regions is >= 1 and <= 7, "regions", Regions, "1 to 7");
        Require(SitesPerRegion >= 1, "sites_per_region", SitesPerRegion, "at least 1");
        Require(StartYear is >= 1 and <= 9000, "start_year", StartYear, "1 to 9000");
        Require(Years is >= 1 and <= 200, "years", Years, "1 to 200");
        Require(WarmupDays is >= 0 and <= 36500, "warmup_days", WarmupDays, "0 to 36500");
        Require(ParameterNoise is >= 0 and <= 1, "parameter_noise", ParameterNoise, "0 to 1");
        Require(StreamflowNoise is >= 0 and <= 2, "streamflow_noise", StreamflowNoise, "0 to 2");
        Require(StreamflowGapsPerYear >= 0, "streamflow_gaps_per_year", StreamflowGapsPerYear, "at least 0");
        Require(MeanGapDays >= 1, "mean_gap_days", MeanGapDays, "at least 1");
        Require(LateStartFraction is >= 0 and <= 1, "late_start_fraction", LateStartFraction, "0 to 1");
        Require(SoilMoistureNoise >= 0, "soil_moisture_noise", SoilMoistureNoise, "at least 0");
        Require(SoilMoistureBias >= 0, "soil_moisture_bias", SoilMoistureBias, "at least 0");
        Require(SoilMoistureGapsPerYear >= 0, "soil_moisture_gaps_per_year", SoilMoistureGapsPerYear, "at least 0");
        Require(SoilMoistureCoverage is >= 0 and <= 1, "soil_moisture_coverage", SoilMoistureCoverage, "0 to 1");
        Require(TextureNoise is >= 0 and <= 0.5, "texture_noise", TextureNoise, "0 to 0.5");
        Require(StaticMissingFraction is >= 0 and < 1, "static_missing_fraction", StaticMissingFraction, "0 to 1 (exclusive)");
        Require(LandslideRefractoryDays >= 0, "landslide_refractory_days", LandslideRefractoryDays, "at least 0");
        Require(double.IsFinite(LandslideIntercept + LandslideSlope + LandslideWetness + LandslideRain), "landslide_*", double.NaN, "finite");
    }

    /// <summary>Total number of sites (derived, not a YAML key).</summary>
    [YamlIgnore]
    public int SiteCount => Regions * SitesPerRegion;

    /// <summary>The first day of the records.</summary>
    [YamlIgnore]
    public DateOnly Start => new(StartYear, 1, 1);

    /// <summary>Number of days of records (leap days included).</summary>
    [YamlIgnore]
    public int Days => new DateOnly(StartYear + Years, 1, 1).DayNumber - Start.DayNumber;

    private static void Require(bool ok, string key, double value, string range)
    {
        if (!ok) throw new ArgumentException($"synthetic hydro config: {key} must be {range}, got {value}");
    }
}
