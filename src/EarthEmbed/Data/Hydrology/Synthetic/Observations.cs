namespace EarthEmbed.Data.Hydrology.Synthetic;

/// <summary>Turns true simulated values into records as real networks deliver them: measurement error and missing
/// stretches. Streamflow gets an autocorrelated multiplicative error (rating-curve error drifts slowly), random
/// gaps and sometimes a late start of the record; soil moisture gets sensor noise, a per-site calibration bias,
/// outages, missing frozen days and, for sites without a sensor, no record at all.</summary>
public static class Observations
{
    /// <summary>Observed streamflow from true streamflow <paramref name="truth"/> (mm/day).</summary>
    public static float[] Streamflow(ReadOnlySpan<double> truth, SyntheticHydroConfig config, SeededRandom rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        var n = truth.Length;
        var obs = new float[n];
        var sigma = config.StreamflowNoise;
        const double rho = 0.8;
        var e = rng.Normal(0, sigma);
        for (var t = 0; t < n; t++)
        {
            e = rho * e + rng.Normal(0, sigma * Math.Sqrt(1 - rho * rho));
            obs[t] = (float)(truth[t] * Math.Exp(e - sigma * sigma / 2));
        }
        if (rng.Bernoulli(config.LateStartFraction))
        {
            var lateDays = (int)(365 * (1 + rng.NextDouble() * Math.Max(0, config.Years / 3.0 - 1)));
            Array.Fill(obs, float.NaN, 0, Math.Min(lateDays, n));
        }
        Gaps(obs, config.StreamflowGapsPerYear, config.MeanGapDays, rng);
        return obs;
    }

    /// <summary>Observed volumetric soil moisture from the true values <paramref name="truth"/>, missing on frozen
    /// days (mean temperature below -1 °C) and during outages; all missing when the site has no sensor.</summary>
    /// <param name="truth">True volumetric soil moisture, m³/m³.</param>
    /// <param name="meanTemperature">Daily mean air temperature, °C.</param>
    /// <param name="porosity">Saturated water content: observations are clipped to [0.01, porosity].</param>
    /// <param name="config">Noise, bias, outage and coverage settings.</param>
    /// <param name="rng">The site's observation stream.</param>
    public static float[] SoilMoisture(ReadOnlySpan<double> truth, ReadOnlySpan<double> meanTemperature, double porosity,
        SyntheticHydroConfig config, SeededRandom rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        var n = truth.Length;
        var obs = new float[n];
        var hasSensor = rng.Bernoulli(config.SoilMoistureCoverage);
        var bias = rng.Normal(0, config.SoilMoistureBias);
        for (var t = 0; t < n; t++)
        {
            var v = Math.Clamp(truth[t] + bias + rng.Normal(0, config.SoilMoistureNoise), 0.01, porosity);
            obs[t] = !hasSensor || meanTemperature[t] < -1 ? float.NaN : (float)v;
        }
        Gaps(obs, config.SoilMoistureGapsPerYear, config.MeanGapDays, rng);
        return obs;
    }

    /// <summary>Blanks gaps in place: a gap starts on any day with probability rate/365 and lasts a geometric number
    /// of days with mean <paramref name="meanDays"/>.</summary>
    public static void Gaps(float[] values, double perYear, double meanDays, SeededRandom rng)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rng);
        var pStart = perYear / 365.25;
        var pEnd = 1 / Math.Max(meanDays, 1);
        for (var t = 0; t < values.Length; t++)
        {
            if (!rng.Bernoulli(pStart)) continue;
            do values[t++] = float.NaN;
            while (t < values.Length && !rng.Bernoulli(pEnd));
        }
    }

    /// <summary>Blanks each attribute value with probability <paramref name="fraction"/>, as real attribute tables
    /// miss values (kept: none of the site's coordinates, which live on the site itself).</summary>
    public static StaticAttribute[] WithMissing(IReadOnlyList<StaticAttribute> attributes, double fraction, SeededRandom rng)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(rng);
        return attributes.Select(a => rng.Bernoulli(fraction) ? a with { Value = double.NaN } : a).ToArray();
    }
}
