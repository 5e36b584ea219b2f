namespace EarthEmbed.Data.Hydrology.Physics;

/// <summary>Radiation, humidity and reference evapotranspiration formulas of FAO Irrigation and Drainage Paper 56
/// (Allen, Pereira, Raes and Smith 1998), chapter 3, with their equation numbers. Used to make the synthetic
/// world's forcings and to derive the paper's forcings (Hargreaves PET, relative humidity) from CAMELS daymet
/// files. Angles are in radians inside, latitudes in degrees at the API.</summary>
public static class Fao56
{
    /// <summary>Solar constant Gsc, MJ m⁻² min⁻¹.</summary>
    public const double SolarConstant = 0.0820;

    /// <summary>Conversion from MJ m⁻² day⁻¹ to the equivalent evaporation in mm/day (1 / λ with λ = 2.45 MJ/kg,
    /// eq. 20).</summary>
    public const double MegajoulesToMillimetres = 0.408;

    /// <summary>Inverse relative distance Earth-Sun dr = 1 + 0.033 cos(2π J / 365) (eq. 23).</summary>
    /// <param name="dayOfYear">Day of the year J, 1 (1 January) to 365 or 366.</param>
    public static double InverseRelativeDistance(int dayOfYear) => 1 + 0.033 * Math.Cos(2 * Math.PI * dayOfYear / 365);

    /// <summary>Solar declination δ = 0.409 sin(2π J / 365 - 1.39), radians (eq. 24).</summary>
    public static double SolarDeclination(int dayOfYear) => 0.409 * Math.Sin(2 * Math.PI * dayOfYear / 365 - 1.39);

    /// <summary>Sunset hour angle ωs = arccos(-tan φ tan δ), radians (eq. 25). Beyond the polar circles the
    /// argument leaves [-1, 1]; it is clamped, giving 0 in polar night and π in polar day.</summary>
    /// <param name="latitude">Latitude φ in degrees (south negative).</param>
    /// <param name="dayOfYear">Day of the year J.</param>
    public static double SunsetHourAngle(double latitude, int dayOfYear)
    {
        var phi = latitude * Math.PI / 180;
        var x = -Math.Tan(phi) * Math.Tan(SolarDeclination(dayOfYear));
        return Math.Acos(Math.Clamp(x, -1, 1));
    }

    /// <summary>Extraterrestrial radiation Ra for daily periods, MJ m⁻² day⁻¹ (eq. 21):
    /// Ra = (24 · 60 / π) Gsc dr [ωs sin φ sin δ + cos φ cos δ sin ωs]. FAO-56 example 8: 20°S on 3 September
    /// (J = 246) gives 32.2.</summary>
    /// <param name="latitude">Latitude in degrees (south negative).</param>
    /// <param name="dayOfYear">Day of the year J.</param>
    public static double ExtraterrestrialRadiation(double latitude, int dayOfYear)
    {
        var phi = latitude * Math.PI / 180;
        var delta = SolarDeclination(dayOfYear);
        var ws = SunsetHourAngle(latitude, dayOfYear);
        var ra = 24 * 60 / Math.PI * SolarConstant * InverseRelativeDistance(dayOfYear) *
                 (ws * Math.Sin(phi) * Math.Sin(delta) + Math.Cos(phi) * Math.Cos(delta) * Math.Sin(ws));
        return Math.Max(ra, 0);
    }

    /// <summary>Daylight hours N = 24 ωs / π (eq. 34); FAO-56 example 9: 11.7 h at 20°S on 3 September.</summary>
    public static double DaylightHours(double latitude, int dayOfYear) => 24 / Math.PI * SunsetHourAngle(latitude, dayOfYear);

    /// <summary>Saturation vapour pressure e°(T) = 0.6108 exp(17.27 T / (T + 237.3)), kPa, T in °C (eq. 11).</summary>
    public static double SaturationVapourPressure(double temperature) => 0.6108 * Math.Exp(17.27 * temperature / (temperature + 237.3));

    /// <summary>Mean saturation vapour pressure es = (e°(Tmax) + e°(Tmin)) / 2, kPa (eq. 12).</summary>
    public static double MeanSaturationVapourPressure(double tmax, double tmin) =>
        (SaturationVapourPressure(tmax) + SaturationVapourPressure(tmin)) / 2;

    /// <summary>Daily-mean relative humidity in percent from the actual vapour pressure ea (kPa):
    /// 100 ea / es with es from eq. 12 (the ratio of eq. 10), capped at 100.</summary>
    public static double RelativeHumidity(double actualVapourPressure, double tmax, double tmin) =>
        Math.Min(100, 100 * actualVapourPressure / MeanSaturationVapourPressure(tmax, tmin));

    /// <summary>Hargreaves reference evapotranspiration, mm/day (eq. 52):
    /// ET0 = 0.0023 (Tmean + 17.8) (Tmax - Tmin)^0.5 Ra, with Tmean = (Tmax + Tmin) / 2 and Ra expressed as mm/day
    /// (0.408 Ra). A negative range (Tmin above Tmax) counts as zero, and the result is never negative (at
    /// Tmean below -17.8 °C the formula would give negative evaporation).</summary>
    /// <param name="tmax">Daily maximum temperature, °C.</param>
    /// <param name="tmin">Daily minimum temperature, °C.</param>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <param name="dayOfYear">Day of the year J.</param>
    public static double HargreavesPet(double tmax, double tmin, double latitude, int dayOfYear) =>
        HargreavesPet(tmax, tmin, ExtraterrestrialRadiation(latitude, dayOfYear));

    /// <summary>Hargreaves ET0 (eq. 52) with Ra given in MJ m⁻² day⁻¹.</summary>
    public static double HargreavesPet(double tmax, double tmin, double extraterrestrialRadiation)
    {
        var tmean = (tmax + tmin) / 2;
        var pet = 0.0023 * (tmean + 17.8) * Math.Sqrt(Math.Max(tmax - tmin, 0)) * MegajoulesToMillimetres * extraterrestrialRadiation;
        return Math.Max(pet, 0);
    }

    /// <summary>Converts a daily total in MJ m⁻² day⁻¹ to a 24-hour mean flux in W/m² (× 10⁶ / 86400).</summary>
    public static double MegajoulesPerDayToWatts(double megajoules) => megajoules * 1e6 / 86400;

    /// <summary>Converts a 24-hour mean flux in W/m² to MJ m⁻² day⁻¹.</summary>
    public static double WattsToMegajoulesPerDay(double watts) => watts * 86400 / 1e6;
}
