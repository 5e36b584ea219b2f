using EarthEmbed.Data.Hydrology.Physics;

namespace EarthEmbed.Tests.Data.Hydrology;

public class Fao56Tests
{
    // FAO-56 example 8: extraterrestrial radiation at 20°S on 3 September (J = 246):
    // φ = -0.35 rad, dr = 0.985, δ = 0.120 rad, ωs = 1.527 rad, Ra = 32.2 MJ m-2 day-1.
    [Fact]
    public void Extraterrestrial_radiation_matches_FAO56_example_8()
    {
        const int j = 246;
        Assert.Equal(246, new DateOnly(2001, 9, 3).DayOfYear);
        Assert.Equal(0.985, Fao56.InverseRelativeDistance(j), 3);
        Assert.Equal(0.120, Fao56.SolarDeclination(j), 3);
        Assert.Equal(1.527, Fao56.SunsetHourAngle(-20, j), 3);
        Assert.Equal(32.2, Fao56.ExtraterrestrialRadiation(-20, j), 1);
    }

    // FAO-56 example 9: daylight hours at 20°S on 3 September: N = 24/π × 1.527 = 11.7 hours.
    [Fact]
    public void Daylight_hours_match_FAO56_example_9()
    {
        Assert.Equal(11.7, Fao56.DaylightHours(-20, 246), 1);
    }

    [Fact]
    public void Hargreaves_PET_matches_a_hand_worked_value()
    {
        // Tmax 30 °C, Tmin 18 °C at 20°S on 3 September (Ra = 32.19 MJ m-2 day-1 from example 8):
        // 0.0023 × (24 + 17.8) × sqrt(12) × 0.408 × 32.19 = 0.0023 × 41.8 × 3.4641 × 13.134 = 4.375 mm/day.
        Assert.Equal(4.375, Fao56.HargreavesPet(30, 18, -20, 246), 0.002);
        Assert.Equal(0.0023 * 41.8 * Math.Sqrt(12) * 0.408 * 32.2, Fao56.HargreavesPet(30, 18, 32.2), 12);
    }

    [Fact]
    public void Saturation_vapour_pressure_matches_the_FAO56_table()
    {
        // FAO-56 Annex 2, table 2.3: e°(T) = 0.611 kPa at 0 °C, 2.338 kPa at 20 °C, 4.243 kPa at 30 °C.
        Assert.Equal(0.611, Fao56.SaturationVapourPressure(0), 0.0006);
        Assert.Equal(2.338, Fao56.SaturationVapourPressure(20), 0.0006);
        Assert.Equal(4.243, Fao56.SaturationVapourPressure(30), 0.0006);
        Assert.Equal(100 * 1.2 / ((2.338 + 0.611) / 2), Fao56.RelativeHumidity(1.2, 20, 0), 0.05);
    }

    [Fact]
    public void Polar_night_has_no_radiation_and_polar_day_has_a_full_day_without_NaN()
    {
        Assert.Equal(0, Fao56.ExtraterrestrialRadiation(80, 355));
        Assert.Equal(24, Fao56.DaylightHours(80, 172), 6);
        Assert.True(Fao56.ExtraterrestrialRadiation(80, 172) > Fao56.ExtraterrestrialRadiation(0, 172));
        Assert.Equal(0, Fao56.HargreavesPet(-30, -40, 80, 355));
    }

    [Fact]
    public void Hargreaves_PET_is_never_negative_even_with_inverted_or_very_cold_temperatures()
    {
        Assert.Equal(0, Fao56.HargreavesPet(5, 8, 40, 180));
        Assert.Equal(0, Fao56.HargreavesPet(-20, -30, 40, 180));
        Assert.True(Fao56.HargreavesPet(25, 10, 40, 180) > Fao56.HargreavesPet(25, 10, 40, 360));
    }

    [Fact]
    public void Unit_conversions_between_megajoules_per_day_and_watts_are_inverse()
    {
        Assert.Equal(100, Fao56.MegajoulesPerDayToWatts(8.64), 10);
        Assert.Equal(8.64, Fao56.WattsToMegajoulesPerDay(100), 10);
    }
}
