using EarthEmbed.Data.Hydrology.Physics;

namespace EarthEmbed.Data.Hydrology.Synthetic;

/// <summary>The true properties of one synthetic site, before noise and missing values: terrain, rocks, soil,
/// vegetation and climate indices. Drawn in dependency order (terrain → rocks → soil → weather → climate indices →
/// vegetation), so the attributes correlate the way real ones do: thin soils on steep slopes, sandy soils on
/// permeable rocks, forests where it is humid, colder and snowier where it is high.</summary>
public sealed class SiteTraits
{
    /// <summary>Latitude, degrees.</summary>
    public double Latitude { get; init; }

    /// <summary>Longitude, degrees.</summary>
    public double Longitude { get; init; }

    /// <summary>Mean elevation, m.</summary>
    public double Elevation { get; init; }

    /// <summary>Mean slope, m/km.</summary>
    public double Slope { get; init; }

    /// <summary>Drainage area, km².</summary>
    public double Area { get; init; }

    /// <summary>Rock permeability, log10(m²).</summary>
    public double Permeability { get; init; }

    /// <summary>Carbonate-rock fraction.</summary>
    public double Carbonate { get; init; }

    /// <summary>Rock porosity.</summary>
    public double GeologicPorosity { get; init; }

    /// <summary>True sand fraction (the static target adds noise).</summary>
    public double Sand { get; init; }

    /// <summary>True clay fraction.</summary>
    public double Clay { get; init; }

    /// <summary>Soil depth, m.</summary>
    public double SoilDepth { get; init; }

    /// <summary>Soil porosity (saturated water content), m³/m³.</summary>
    public double Porosity { get; init; }

    /// <summary>Saturated hydraulic conductivity, cm/h.</summary>
    public double Conductivity { get; init; }

    /// <summary>Volumetric water content at the wilting point, m³/m³.</summary>
    public double WiltingPoint => 0.03 + 0.35 * Clay;

    /// <summary>Volumetric water content at field capacity, m³/m³.</summary>
    public double FieldCapacityContent => WiltingPoint + 0.7 * (Porosity - WiltingPoint);

    /// <summary>Forest fraction.</summary>
    public double Forest { get; set; }

    /// <summary>Maximum monthly leaf area index.</summary>
    public double LaiMax { get; set; }

    /// <summary>Difference between the maximum and minimum monthly leaf area index.</summary>
    public double LaiDiff { get; set; }

    /// <summary>Maximum green vegetation fraction.</summary>
    public double GvfMax { get; set; }

    /// <summary>Rooting depth (99 % of roots), m.</summary>
    public double RootDepth { get; set; }

    /// <summary>Climate indices computed from the generated weather (name → value).</summary>
    public IReadOnlyList<(string Name, double Value)> ClimateIndices { get; set; } = [];

    /// <summary>Draws terrain, rocks and soil of a site of region <paramref name="r"/>.</summary>
    public static SiteTraits Draw(ClimateRegion r, SeededRandom rng)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(rng);
        var lat = rng.Uniform(r.Latitude.South, r.Latitude.North);
        var lon = rng.Uniform(r.Longitude.West, r.Longitude.East);
        var elevZ = Math.Clamp(rng.Normal(), -2.2, 2.5);
        var elevation = Math.Max(5, r.Elevation.Mean + r.Elevation.Std * elevZ);
        var slope = Math.Clamp(r.Slope * Math.Exp(0.45 * rng.Normal() + 0.3 * elevZ), 0.5, 600);
        var area = Math.Exp(Math.Clamp(rng.Normal(Math.Log(300), 1.0), Math.Log(10), Math.Log(8000)));
        var permZ = rng.Normal();
        var permeability = Math.Clamp(r.Permeability + 0.8 * permZ, -16.5, -10.5);
        var carbonate = Math.Clamp(r.Carbonate * Math.Exp(0.8 * rng.Normal()), 0, 1);
        var geolPorosity = Math.Clamp(0.05 + 0.04 * (permeability + 16) / 2 + 0.1 * carbonate + rng.Normal(0, 0.015), 0.01, 0.3);
        // Texture: sandier on permeable rocks and steep ground, more clay on carbonates and in flat lowlands.
        var sand = Math.Clamp(r.Texture.Sand + 0.07 * permZ + 0.03 * Math.Log(slope / r.Slope) + rng.Normal(0, 0.06), 0.03, 0.92);
        var clay = Math.Clamp(r.Texture.Clay - 0.03 * permZ + 0.15 * carbonate - 0.02 * Math.Log(slope / r.Slope) + rng.Normal(0, 0.05), 0.02, 0.7);
        if (sand + clay > 0.95)
        {
            var f = 0.95 / (sand + clay);
            sand *= f;
            clay *= f;
        }
        var soilDepth = Math.Clamp(0.3 + 2.2 * Math.Exp(-slope / 80) * Math.Exp(rng.Normal(0, 0.25)), 0.15, 3.5);
        var porosity = Math.Clamp(0.40 + 0.15 * (clay - 0.2) - 0.08 * (sand - 0.4) + rng.Normal(0, 0.015), 0.25, 0.6);
        var conductivity = Math.Exp(Math.Log(2.5) + 2.5 * (sand - 0.4) - 3 * (clay - 0.2) + rng.Normal(0, 0.25));
        return new SiteTraits
        {
            Latitude = lat, Longitude = lon, Elevation = elevation, Slope = slope, Area = area, Permeability = permeability,
            Carbonate = carbonate, GeologicPorosity = geolPorosity, Sand = sand, Clay = clay, SoilDepth = soilDepth,
            Porosity = porosity, Conductivity = conductivity,
        };
    }

    /// <summary>The weather-generator climate of this site: the region's climate, corrected for elevation
    /// (lapse rate; more frequent and heavier precipitation higher up) with a little site-to-site scatter.</summary>
    public WeatherClimate Climate(ClimateRegion r, SeededRandom rng)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(rng);
        var above = (Elevation - r.Elevation.Mean) / 1000;
        return new WeatherClimate
        {
            Latitude = Latitude,
            Elevation = Elevation,
            ReferenceElevation = 0,
            ReferenceTemperature = r.SeaLevelTemperature - 0.4 * (Latitude - (r.Latitude.South + r.Latitude.North) / 2) + rng.Normal(0, 0.5),
            TemperatureAmplitude = r.TemperatureAmplitude * Math.Exp(rng.Normal(0, 0.08)),
            DiurnalRange = r.DiurnalRange * Math.Exp(rng.Normal(0, 0.08)),
            DewPointDepression = r.DewPointDepression * Math.Exp(rng.Normal(0, 0.15)),
            WetDayFraction = Math.Clamp(r.WetDayFraction * (1 + 0.15 * above) * Math.Exp(rng.Normal(0, 0.08)), 0.03, 0.8),
            Persistence = Math.Clamp(r.Persistence + rng.Normal(0, 0.03), 0, 0.8),
            MeanWetDayAmount = Math.Clamp(r.WetDayAmount * (1 + 0.25 * above) * Math.Exp(rng.Normal(0, 0.12)), 1, 40),
            PrecipitationSeasonality = Math.Clamp(r.PrecipitationSeasonality + rng.Normal(0, 0.05), 0, 0.85),
            WettestDay = r.WettestDay + (int)Math.Round(rng.Normal(0, 10)),
        };
    }

    /// <summary>Draws the vegetation from the climate indices (humidity P/PET, temperature) and the soil.</summary>
    public void DrawVegetation(ClimateRegion r, SeededRandom rng, double humidity, double temperatureAmplitude)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(rng);
        var logit = Math.Log(r.Forest / (1 - r.Forest)) + 1.6 * Math.Log(Math.Max(humidity, 0.05)) + 0.3 * Math.Log(SoilDepth) + rng.Normal(0, 0.5);
        Forest = Math.Clamp(1 / (1 + Math.Exp(-logit)), 0, 1);
        LaiMax = Math.Max(0.3, 0.6 + 3.8 * Forest + 1.2 * Math.Min(humidity, 1.5) / 1.5 + rng.Normal(0, 0.3));
        LaiDiff = Math.Max(0.1, LaiMax * (0.35 + 0.4 * (1 - Forest)) * Math.Clamp(temperatureAmplitude / 12, 0.4, 1.4) + rng.Normal(0, 0.15));
        GvfMax = Math.Clamp(0.25 + 0.7 * (1 - Math.Exp(-LaiMax / 1.8)) + rng.Normal(0, 0.03), 0.05, 0.99);
        RootDepth = Math.Clamp(0.8 + 1.2 * Forest + 0.4 * Math.Max(0, 1 - humidity) + rng.Normal(0, 0.15), 0.3, 3.5);
    }

    /// <summary>The HBV parameters implied by the traits, each scattered log-normally by <paramref name="noise"/>
    /// (the behaviour the attributes do not explain). Snow from forest shading, soil storage from depth, rooting
    /// and porosity, recharge non-linearity from clay, fast flow from slope, percolation and baseflow recession
    /// from rock permeability, routing delay from area.</summary>
    public HbvParameters Hbv(SeededRandom rng, double noise)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double N() => Math.Exp(rng.Normal(0, noise));
        var steep = Math.Min(Slope / 100, 1.5);
        var perm = Math.Clamp((Permeability + 16) / 5, 0, 1.2);
        return new HbvParameters
        {
            ThresholdTemperature = Math.Clamp(rng.Normal(0, 3 * noise), -1.5, 1.5),
            DegreeDayFactor = Math.Clamp((4.5 - 2.0 * Forest) * N(), 1, 8),
            RefreezingCoefficient = 0.05,
            WaterHoldingCapacity = 0.1,
            FieldCapacity = Math.Clamp(1000 * Math.Min(SoilDepth, RootDepth + 0.3) * (FieldCapacityContent - WiltingPoint) * 1.4 * N(), 40, 550),
            EvaporationLimit = Math.Clamp((0.45 + 0.4 * Forest) * N(), 0.3, 1),
            Beta = Math.Clamp((1.2 + 7 * Clay) * N(), 1, 6),
            Percolation = Math.Clamp((0.3 + 2.5 * perm) * N(), 0.1, 6),
            UpperZoneThreshold = Math.Clamp((10 + 25 * SoilDepth) * N(), 2, 100),
            K0 = Math.Clamp((0.12 + 0.22 * steep) * N(), 0.05, 0.5),
            K1 = Math.Clamp((0.03 + 0.07 * steep + 0.05 * Sand) * N(), 0.01, 0.4),
            K2 = Math.Clamp((0.05 - 0.035 * perm + 0.01 * Carbonate) * N(), 0.002, 0.15),
            RoutingDays = Math.Clamp(1 + 0.8 * Math.Log10(Area / 10) * N(), 1, 5),
        };
    }

    /// <summary>Volumetric soil moisture of the top layer from the HBV soil store: linear between the wilting point
    /// (empty store) and field capacity (full store).</summary>
    public double VolumetricSoilMoisture(double store, double fieldCapacity) =>
        WiltingPoint + (FieldCapacityContent - WiltingPoint) * Math.Clamp(store / fieldCapacity, 0, 1);
}
