namespace EarthEmbed.Data.Hydrology.Synthetic;

/// <summary>One climate region of the synthetic world: where its sites lie and the typical values its sites scatter
/// around (climate, terrain, soils, rocks, vegetation). The seven built-in regions follow the broad hydroclimates of
/// the contiguous United States, the setting of CAMELS and of StefaLand's seven-region PUR test.</summary>
public sealed record ClimateRegion
{
    /// <summary>Short name used in site ids and for PUR splits.</summary>
    public required string Code { get; init; }

    /// <summary>Descriptive name.</summary>
    public required string Name { get; init; }

    /// <summary>Latitude range of the sites, degrees.</summary>
    public required (double South, double North) Latitude { get; init; }

    /// <summary>Longitude range of the sites, degrees (west negative).</summary>
    public required (double West, double East) Longitude { get; init; }

    /// <summary>Mean and standard deviation of site elevation, m.</summary>
    public required (double Mean, double Std) Elevation { get; init; }

    /// <summary>Typical mean slope, m/km (sites scatter log-normally around it, steeper where higher).</summary>
    public required double Slope { get; init; }

    /// <summary>Annual mean temperature reduced to sea level, °C (the site value subtracts the lapse rate).</summary>
    public required double SeaLevelTemperature { get; init; }

    /// <summary>Seasonal temperature half-range, °C.</summary>
    public required double TemperatureAmplitude { get; init; }

    /// <summary>Diurnal temperature range on dry days, °C.</summary>
    public required double DiurnalRange { get; init; }

    /// <summary>Dew point depression below Tmin on dry days, °C (aridity of the air).</summary>
    public required double DewPointDepression { get; init; }

    /// <summary>Wet-day fraction at the region's mean elevation.</summary>
    public required double WetDayFraction { get; init; }

    /// <summary>Markov persistence r = P(wet|wet) - P(wet|dry).</summary>
    public required double Persistence { get; init; }

    /// <summary>Mean wet-day precipitation, mm.</summary>
    public required double WetDayAmount { get; init; }

    /// <summary>Relative seasonal amplitude of precipitation.</summary>
    public required double PrecipitationSeasonality { get; init; }

    /// <summary>Day of the year when precipitation peaks.</summary>
    public required int WettestDay { get; init; }

    /// <summary>Typical sand and clay fractions of the soils.</summary>
    public required (double Sand, double Clay) Texture { get; init; }

    /// <summary>Typical rock permeability, log10(m²).</summary>
    public required double Permeability { get; init; }

    /// <summary>Typical carbonate-rock fraction.</summary>
    public required double Carbonate { get; init; }

    /// <summary>Forest fraction the region would have at a humidity index (P/PET) of one.</summary>
    public required double Forest { get; init; }

    /// <summary>The seven built-in regions, in order.</summary>
    public static IReadOnlyList<ClimateRegion> BuiltIn { get; } =
    [
        new()
        {
            Code = "ne", Name = "Northeast: humid, cold winters with snow", Latitude = (41, 47), Longitude = (-80, -68),
            Elevation = (400, 250), Slope = 40, SeaLevelTemperature = 10.5, TemperatureAmplitude = 13, DiurnalRange = 10,
            DewPointDepression = 1.5, WetDayFraction = 0.42, Persistence = 0.25, WetDayAmount = 7.5, PrecipitationSeasonality = 0.1,
            WettestDay = 200, Texture = (0.45, 0.15), Permeability = -13.5, Carbonate = 0.1, Forest = 0.75,
        },
        new()
        {
            Code = "se", Name = "Southeast: humid subtropical", Latitude = (30, 36), Longitude = (-90, -78),
            Elevation = (150, 120), Slope = 15, SeaLevelTemperature = 18.5, TemperatureAmplitude = 9, DiurnalRange = 11,
            DewPointDepression = 1.5, WetDayFraction = 0.36, Persistence = 0.3, WetDayAmount = 11, PrecipitationSeasonality = 0.15,
            WettestDay = 200, Texture = (0.5, 0.25), Permeability = -13, Carbonate = 0.15, Forest = 0.6,
        },
        new()
        {
            Code = "mw", Name = "Midwest: continental, summer rain", Latitude = (38, 47), Longitude = (-97, -82),
            Elevation = (300, 100), Slope = 8, SeaLevelTemperature = 11.5, TemperatureAmplitude = 14, DiurnalRange = 11,
            DewPointDepression = 2.5, WetDayFraction = 0.33, Persistence = 0.3, WetDayAmount = 8, PrecipitationSeasonality = 0.3,
            WettestDay = 170, Texture = (0.25, 0.28), Permeability = -14, Carbonate = 0.35, Forest = 0.25,
        },
        new()
        {
            Code = "gp", Name = "Great Plains: semi-arid", Latitude = (33, 45), Longitude = (-105, -96),
            Elevation = (800, 300), Slope = 6, SeaLevelTemperature = 16, TemperatureAmplitude = 13, DiurnalRange = 14,
            DewPointDepression = 6, WetDayFraction = 0.2, Persistence = 0.3, WetDayAmount = 8, PrecipitationSeasonality = 0.5,
            WettestDay = 160, Texture = (0.45, 0.22), Permeability = -13.5, Carbonate = 0.2, Forest = 0.1,
        },
        new()
        {
            Code = "rm", Name = "Rocky Mountains: high, snowmelt-driven", Latitude = (36, 48), Longitude = (-115, -105),
            Elevation = (2300, 500), Slope = 150, SeaLevelTemperature = 17, TemperatureAmplitude = 11, DiurnalRange = 15,
            DewPointDepression = 6, WetDayFraction = 0.3, Persistence = 0.35, WetDayAmount = 5.5, PrecipitationSeasonality = 0.25,
            WettestDay = 90, Texture = (0.5, 0.15), Permeability = -13, Carbonate = 0.1, Forest = 0.5,
        },
        new()
        {
            Code = "pn", Name = "Pacific Northwest: maritime, wet winters", Latitude = (42, 49), Longitude = (-124, -117),
            Elevation = (700, 400), Slope = 120, SeaLevelTemperature = 12, TemperatureAmplitude = 7, DiurnalRange = 9,
            DewPointDepression = 1.5, WetDayFraction = 0.5, Persistence = 0.45, WetDayAmount = 9, PrecipitationSeasonality = 0.6,
            WettestDay = 350, Texture = (0.4, 0.2), Permeability = -12.5, Carbonate = 0.02, Forest = 0.8,
        },
        new()
        {
            Code = "sw", Name = "Southwest: Mediterranean to arid", Latitude = (32, 39), Longitude = (-122, -110),
            Elevation = (1000, 600), Slope = 60, SeaLevelTemperature = 19, TemperatureAmplitude = 9, DiurnalRange = 16,
            DewPointDepression = 9, WetDayFraction = 0.12, Persistence = 0.35, WetDayAmount = 9, PrecipitationSeasonality = 0.6,
            WettestDay = 20, Texture = (0.6, 0.12), Permeability = -13, Carbonate = 0.1, Forest = 0.2,
        },
    ];
}
