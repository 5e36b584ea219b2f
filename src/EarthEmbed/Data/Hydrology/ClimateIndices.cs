namespace EarthEmbed.Data.Hydrology;

/// <summary>Long-term climate indices of a site computed from its daily forcings, named and defined as in the CAMELS
/// "clim" table (Addor et al. 2017) except where noted. The synthetic world publishes them as its climate
/// attributes; they can also fill in the climate group of a generic dataset that lacks one. Missing days (NaN) are
/// skipped.</summary>
public static class ClimateIndices
{
    /// <summary>The index names, in the order <see cref="Compute"/> returns them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["p_mean", "pet_mean", "aridity", "p_seasonality", "frac_snow", "high_prec_freq", "high_prec_dur", "low_prec_freq", "low_prec_dur"];

    /// <summary>Computes the indices:
    /// p_mean and pet_mean (mm/day); aridity = pet_mean / p_mean;
    /// p_seasonality = (mean P of the warm half-year - mean P of the cold half-year) / p_mean, positive for summer
    /// rain (a simpler stand-in for CAMELS's sine-fit index; the warm half-year is the six months around the
    /// warmest day of the mean temperature cycle);
    /// frac_snow = share of precipitation falling on days with mean temperature below 0 °C;
    /// high_prec_freq = days per year with P ≥ 5 p_mean, high_prec_dur = mean length of runs of such days;
    /// low_prec_freq = days per year with P &lt; 1 mm, low_prec_dur = mean length of such dry spells.</summary>
    /// <param name="start">Date of the first day.</param>
    /// <param name="precipitation">Daily precipitation, mm/day.</param>
    /// <param name="tmax">Daily maximum temperature, °C.</param>
    /// <param name="tmin">Daily minimum temperature, °C.</param>
    /// <param name="pet">Daily potential evapotranspiration, mm/day.</param>
    public static IReadOnlyList<(string Name, double Value)> Compute(DateOnly start, ReadOnlySpan<double> precipitation,
        ReadOnlySpan<double> tmax, ReadOnlySpan<double> tmin, ReadOnlySpan<double> pet)
    {
        var n = precipitation.Length;
        if (tmax.Length != n || tmin.Length != n || pet.Length != n)
            throw new ArgumentException($"climate indices need equal lengths: precipitation {n}, tmax {tmax.Length}, tmin {tmin.Length}, pet {pet.Length}");
        // Mean temperature by day of year, to find the warm half-year.
        var doyT = new double[367];
        var doyN = new int[367];
        for (var t = 0; t < n; t++)
        {
            var tm = (tmax[t] + tmin[t]) / 2;
            if (!double.IsFinite(tm)) continue;
            var d = start.AddDays(t).DayOfYear;
            doyT[d] += tm;
            doyN[d]++;
        }
        double cs = 0, sn = 0;
        for (var d = 1; d <= 366; d++)
            if (doyN[d] > 0)
            {
                var a = 2 * Math.PI * d / 365.25;
                cs += doyT[d] / doyN[d] * Math.Cos(a);
                sn += doyT[d] / doyN[d] * Math.Sin(a);
            }
        var warmest = Math.Atan2(sn, cs) * 365.25 / (2 * Math.PI);

        double pSum = 0, petSum = 0, snow = 0, warmP = 0, coldP = 0;
        int pN = 0, petN = 0, warmN = 0, coldN = 0;
        for (var t = 0; t < n; t++)
        {
            if (double.IsFinite(pet[t])) { petSum += pet[t]; petN++; }
            var p = precipitation[t];
            if (!double.IsFinite(p)) continue;
            pSum += p;
            pN++;
            if ((tmax[t] + tmin[t]) / 2 < 0) snow += p;
            var d = start.AddDays(t).DayOfYear;
            if (Math.Cos(2 * Math.PI * (d - warmest) / 365.25) >= 0) { warmP += p; warmN++; }
            else { coldP += p; coldN++; }
        }
        var pMean = pN > 0 ? pSum / pN : double.NaN;
        var petMean = petN > 0 ? petSum / petN : double.NaN;
        var years = pN / 365.25;
        var (highFreq, highDur) = Spells(precipitation, p => p >= 5 * pMean, years);
        var (lowFreq, lowDur) = Spells(precipitation, p => p < 1, years);
        return
        [
            ("p_mean", pMean),
            ("pet_mean", petMean),
            ("aridity", petMean / pMean),
            ("p_seasonality", warmN > 0 && coldN > 0 && pMean > 0 ? (warmP / warmN - coldP / coldN) / pMean : double.NaN),
            ("frac_snow", pSum > 0 ? snow / pSum : 0),
            ("high_prec_freq", highFreq),
            ("high_prec_dur", highDur),
            ("low_prec_freq", lowFreq),
            ("low_prec_dur", lowDur),
        ];
    }

    private static (double PerYear, double MeanDuration) Spells(ReadOnlySpan<double> x, Func<double, bool> inSpell, double years)
    {
        int days = 0, spells = 0;
        var inside = false;
        foreach (var v in x)
        {
            var hit = double.IsFinite(v) && inSpell(v);
            if (hit)
            {
                days++;
                if (!inside) spells++;
            }
            inside = hit;
        }
        return (years > 0 ? days / years : double.NaN, spells > 0 ? (double)days / spells : 0);
    }
}
