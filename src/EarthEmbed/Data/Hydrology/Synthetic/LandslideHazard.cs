namespace EarthEmbed.Data.Hydrology.Synthetic;

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
