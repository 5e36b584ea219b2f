using EarthEmbed.Data.Hydrology.Physics;

namespace EarthEmbed.Data.Hydrology.Synthetic;

/// <summary>The climate of one site as a stochastic weather generator sees it (the Richardson 1981 / WGEN design).</summary>
public sealed record WeatherClimate
{
    /// <summary>Latitude in degrees (for extraterrestrial radiation and PET).</summary>
    public double Latitude { get; init; } = 40;

    /// <summary>Long-term probability that a day is wet (precipitation above zero), 0..1.</summary>
    public double WetDayFraction { get; init; } = 0.35;

    /// <summary>Persistence r = P(wet | wet) - P(wet | dry) of the two-state Markov chain, 0..0.9.</summary>
    public double Persistence { get; init; } = 0.3;

    /// <summary>Mean precipitation on a wet day, mm.</summary>
    public double MeanWetDayAmount { get; init; } = 8;

    /// <summary>Shape of the gamma distribution of wet-day amounts (below 1: many small and a few large).</summary>
    public double GammaShape { get; init; } = 0.75;

    /// <summary>Relative amplitude of the seasonal cycle of both wet-day probability and wet-day amount (0..0.9).</summary>
    public double PrecipitationSeasonality { get; init; }

    /// <summary>Day of the year on which precipitation peaks.</summary>
    public int WettestDay { get; init; } = 15;

    /// <summary>Annual mean air temperature at <see cref="ReferenceElevation"/>, °C.</summary>
    public double ReferenceTemperature { get; init; } = 10;

    /// <summary>Elevation at which <see cref="ReferenceTemperature"/> holds, m.</summary>
    public double ReferenceElevation { get; init; }

    /// <summary>Elevation of the site, m; the mean temperature falls by <see cref="LapseRate"/> per km above the reference.</summary>
    public double Elevation { get; init; }

    /// <summary>Temperature lapse rate, °C per km (6.5 for the standard atmosphere).</summary>
    public double LapseRate { get; init; } = 6.5;

    /// <summary>Half the difference between the warmest and the coldest time of the year, °C.</summary>
    public double TemperatureAmplitude { get; init; } = 10;

    /// <summary>Day of the year of the warmest temperatures.</summary>
    public int WarmestDay { get; init; } = 200;

    /// <summary>Standard deviation of the daily temperature anomaly, °C.</summary>
    public double AnomalyStd { get; init; } = 2.5;

    /// <summary>Day-to-day autocorrelation of the temperature anomaly (AR(1)).</summary>
    public double AnomalyAutocorrelation { get; init; } = 0.7;

    /// <summary>Mean diurnal temperature range on dry days, °C (wet days have 60 % of it).</summary>
    public double DiurnalRange { get; init; } = 11;

    /// <summary>How far the dew point lies below Tmin on dry days, °C (large in arid climates); 0 on wet days.</summary>
    public double DewPointDepression { get; init; } = 2;

    /// <summary>Atmospheric transmissivity of shortwave radiation on dry days (wet days get about half).</summary>
    public double ClearSkyTransmissivity { get; init; } = 0.68;

    /// <summary>The mean temperature of the site after the lapse-rate correction, °C.</summary>
    public double SiteTemperature => ReferenceTemperature - LapseRate * (Elevation - ReferenceElevation) / 1000;
}

/// <summary>Daily weather of one site, float64, one value per day.</summary>
/// <param name="Precipitation">mm/day.</param>
/// <param name="Tmax">Daily maximum temperature, °C.</param>
/// <param name="Tmin">Daily minimum temperature, °C.</param>
/// <param name="Shortwave">24-hour mean incoming shortwave radiation, W/m².</param>
/// <param name="RelativeHumidity">Daily-mean relative humidity, %.</param>
/// <param name="Pet">Hargreaves PET, mm/day.</param>
public sealed record Weather(double[] Precipitation, double[] Tmax, double[] Tmin, double[] Shortwave, double[] RelativeHumidity, double[] Pet);

/// <summary>A stochastic daily weather generator. Precipitation occurrence is a two-state Markov chain whose
/// wet-day probability π(d) and persistence r give P(wet | dry) = π(1 - r) and P(wet | wet) = π + r(1 - π), so the
/// long-run wet fraction is π; wet-day amounts are gamma distributed with mean μ(d); π and μ follow a seasonal
/// cosine. Temperature = site mean (lapse-rate corrected) + seasonal cosine + AR(1) anomaly, cooler and with a
/// smaller diurnal range on wet days. Shortwave = transmissivity × extraterrestrial radiation (FAO-56 eq. 21),
/// lower on wet days. Humidity follows from a dew point below Tmin (saturated on wet days). PET is Hargreaves
/// (FAO-56 eq. 52) from the generated temperatures.</summary>
public static class WeatherGenerator
{
    /// <summary>Generates <paramref name="days"/> days from <paramref name="start"/>, drawing from <paramref name="random"/>.</summary>
    public static Weather Generate(WeatherClimate climate, DateOnly start, int days, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(climate);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (climate.WetDayFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(climate), climate.WetDayFraction, "WetDayFraction must be in (0, 1)");
        if (climate.Persistence is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(climate), climate.Persistence, "Persistence must be in [0, 1)");
        if (climate.PrecipitationSeasonality is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(climate), climate.PrecipitationSeasonality, "PrecipitationSeasonality must be in [0, 1)");
        if (!(climate.MeanWetDayAmount > 0) || !(climate.GammaShape > 0)) throw new ArgumentOutOfRangeException(nameof(climate), "MeanWetDayAmount and GammaShape must be positive");
        var w = new Weather(new double[days], new double[days], new double[days], new double[days], new double[days], new double[days]);
        var wet = random.NextDouble() < climate.WetDayFraction;
        var anomaly = random.Normal(0, climate.AnomalyStd);
        var ar = climate.AnomalyAutocorrelation;
        var innovation = climate.AnomalyStd * Math.Sqrt(1 - ar * ar);
        var siteMean = climate.SiteTemperature;
        for (var t = 0; t < days; t++)
        {
            var doy = start.AddDays(t).DayOfYear;
            // Precipitation: Markov occurrence, gamma amount, both seasonal.
            var season = Math.Cos(2 * Math.PI * (doy - climate.WettestDay) / 365.25);
            var pi = Math.Clamp(climate.WetDayFraction * (1 + climate.PrecipitationSeasonality * season), 0.005, 0.995);
            var pWet = wet ? pi + climate.Persistence * (1 - pi) : pi * (1 - climate.Persistence);
            wet = random.NextDouble() < pWet;
            var mu = climate.MeanWetDayAmount * (1 + climate.PrecipitationSeasonality * season);
            var amount = wet ? random.Gamma(climate.GammaShape, mu / climate.GammaShape) : 0;
            // Guard the rare underflow of a tiny gamma draw: a wet day keeps a trace amount.
            w.Precipitation[t] = wet ? Math.Max(amount, 0.01) : 0;

            // Temperature: seasonal cycle + AR(1) anomaly; wet days are cooler with a smaller diurnal range.
            anomaly = ar * anomaly + random.Normal(0, innovation);
            var tSeason = Math.Cos(2 * Math.PI * (doy - climate.WarmestDay) / 365.25);
            var tmean = siteMean + climate.TemperatureAmplitude * tSeason + anomaly - (wet ? 1.0 : 0.0);
            var range = climate.DiurnalRange * (wet ? 0.6 : 1.0) * (1 + 0.15 * tSeason) * Math.Exp(random.Normal(0, 0.15));
            w.Tmax[t] = tmean + range / 2;
            w.Tmin[t] = tmean - range / 2;

            // Shortwave: transmissivity × extraterrestrial radiation, about halved on wet days.
            var ra = Fao56.ExtraterrestrialRadiation(climate.Latitude, doy);
            var tau = Math.Clamp((wet ? 0.5 : 1.0) * climate.ClearSkyTransmissivity + random.Normal(0, 0.05), 0.08, 0.8);
            w.Shortwave[t] = Fao56.MegajoulesPerDayToWatts(tau * ra);

            // Humidity from a dew point below Tmin; saturated dew point on wet days.
            var dew = w.Tmin[t] - (wet ? 0.2 : climate.DewPointDepression * Math.Exp(random.Normal(0, 0.25)));
            w.RelativeHumidity[t] = Math.Clamp(Fao56.RelativeHumidity(Fao56.SaturationVapourPressure(dew), w.Tmax[t], w.Tmin[t]), 3, 100);

            w.Pet[t] = Fao56.HargreavesPet(w.Tmax[t], w.Tmin[t], ra);
        }
        return w;
    }
}
