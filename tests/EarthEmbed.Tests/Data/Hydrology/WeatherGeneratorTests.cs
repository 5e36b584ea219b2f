using EarthEmbed.Data.Hydrology.Physics;
using EarthEmbed.Data.Hydrology.Synthetic;

namespace EarthEmbed.Tests.Data.Hydrology;

public class WeatherGeneratorTests
{
    private static readonly DateOnly Start = new(1900, 1, 1);
    private const int Days = 200 * 365;

    [Fact]
    public void Wet_day_fraction_mean_amount_and_persistence_match_the_configured_values_over_two_centuries()
    {
        var climate = new WeatherClimate { WetDayFraction = 0.35, Persistence = 0.3, MeanWetDayAmount = 8, GammaShape = 0.75 };
        var p = WeatherGenerator.Generate(climate, Start, Days, new SeededRandom(1, 2)).Precipitation;
        var wet = p.Count(v => v > 0);
        Assert.Equal(0.35, (double)wet / Days, 0.01);          // standard error ≈ 0.0024
        Assert.Equal(8.0, p.Where(v => v > 0).Average(), 0.3);  // standard error ≈ 0.06 mm
        int wetAfterWet = 0, afterWet = 0, wetAfterDry = 0, afterDry = 0;
        for (var t = 1; t < Days; t++)
        {
            if (p[t - 1] > 0) { afterWet++; if (p[t] > 0) wetAfterWet++; }
            else { afterDry++; if (p[t] > 0) wetAfterDry++; }
        }
        Assert.Equal(0.3, (double)wetAfterWet / afterWet - (double)wetAfterDry / afterDry, 0.02);
    }

    [Fact]
    public void Seasonal_precipitation_keeps_the_annual_wet_fraction_and_peaks_in_the_configured_season()
    {
        // π(d) = π0 (1 + a cos), μ(d) = μ0 (1 + a cos): the annual wet fraction stays π0 and the mean wet-day
        // amount becomes Σπμ / Σπ = μ0 (1 + a² / 2) = 8 × 1.125 = 9.0 mm for a = 0.5.
        var climate = new WeatherClimate { WetDayFraction = 0.3, MeanWetDayAmount = 8, PrecipitationSeasonality = 0.5, WettestDay = 15 };
        var p = WeatherGenerator.Generate(climate, Start, Days, new SeededRandom(2, 2)).Precipitation;
        Assert.Equal(0.3, (double)p.Count(v => v > 0) / Days, 0.01);
        Assert.Equal(9.0, p.Where(v => v > 0).Average(), 0.35);
        double January = 0, July = 0;
        for (var t = 0; t < Days; t++)
        {
            var m = Start.AddDays(t).Month;
            if (m == 1) January += p[t];
            if (m == 7) July += p[t];
        }
        Assert.True(January > 3 * July, $"January {January:F0} mm vs July {July:F0} mm");
    }

    [Fact]
    public void Temperature_falls_with_the_lapse_rate_and_follows_the_seasons()
    {
        var low = new WeatherClimate { ReferenceTemperature = 12, Elevation = 200, TemperatureAmplitude = 10, WarmestDay = 200 };
        var high = low with { Elevation = 1200 };
        var a = WeatherGenerator.Generate(low, Start, 3650, new SeededRandom(3, 1));
        var b = WeatherGenerator.Generate(high, Start, 3650, new SeededRandom(3, 1));
        for (var t = 0; t < 3650; t += 11)
        {
            Assert.Equal(6.5, a.Tmax[t] - b.Tmax[t], 9);
            Assert.Equal(6.5, a.Tmin[t] - b.Tmin[t], 9);
            Assert.True(a.Tmax[t] > a.Tmin[t]);
        }
        Assert.Equal(12 - 6.5 * 0.2, a.Tmax.Zip(a.Tmin, (x, y) => (x + y) / 2).Average(), 0.6);
        double july = 0, january = 0;
        for (var t = 0; t < 3650; t++)
        {
            var m = Start.AddDays(t).Month;
            if (m == 7) july += a.Tmax[t] / 310.0;
            if (m == 1) january += a.Tmax[t] / 310.0;
        }
        Assert.InRange(july - january, 15, 22);  // 2 × amplitude × cos(15 days) ≈ 19.3 °C
        Assert.True(b.Pet.Average() < a.Pet.Average());
    }

    [Fact]
    public void Wet_days_are_darker_and_more_humid_and_radiation_never_exceeds_the_top_of_the_atmosphere()
    {
        var climate = new WeatherClimate { Latitude = 45 };
        var w = WeatherGenerator.Generate(climate, Start, 3650, new SeededRandom(4, 1));
        var wet = Enumerable.Range(0, 3650).Where(t => w.Precipitation[t] > 0).ToArray();
        var dry = Enumerable.Range(0, 3650).Where(t => w.Precipitation[t] == 0).ToArray();
        Assert.True(wet.Average(t => w.Shortwave[t]) < 0.75 * dry.Average(t => w.Shortwave[t]));
        Assert.True(wet.Average(t => w.RelativeHumidity[t]) > dry.Average(t => w.RelativeHumidity[t]) + 10);
        for (var t = 0; t < 3650; t++)
        {
            var ra = Fao56.MegajoulesPerDayToWatts(Fao56.ExtraterrestrialRadiation(45, Start.AddDays(t).DayOfYear));
            Assert.InRange(w.Shortwave[t], 0, ra);
            Assert.InRange(w.RelativeHumidity[t], 0, 100);
            Assert.Equal(Fao56.HargreavesPet(w.Tmax[t], w.Tmin[t], 45, Start.AddDays(t).DayOfYear), w.Pet[t], 12);
        }
    }

    [Fact]
    public void The_same_stream_gives_the_same_weather_and_another_stream_different_weather()
    {
        var c = new WeatherClimate();
        var a = WeatherGenerator.Generate(c, Start, 400, new SeededRandom(9, 4, 2));
        var b = WeatherGenerator.Generate(c, Start, 400, new SeededRandom(9, 4, 2));
        var other = WeatherGenerator.Generate(c, Start, 400, new SeededRandom(9, 5, 2));
        Assert.Equal(a.Precipitation, b.Precipitation);
        Assert.Equal(a.Tmax, b.Tmax);
        Assert.NotEqual(a.Precipitation, other.Precipitation);
    }

    [Fact]
    public void Gamma_draws_have_the_requested_mean_and_variance()
    {
        var rng = new SeededRandom(5);
        foreach (var shape in new[] { 0.6, 2.5 })
        {
            var x = Enumerable.Range(0, 60000).Select(_ => rng.Gamma(shape, 3)).ToArray();
            var mean = x.Average();
            var variance = x.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Equal(shape * 3, mean, 0.05 * shape * 3);
            Assert.Equal(shape * 9, variance, 0.08 * shape * 9);
        }
    }
}
