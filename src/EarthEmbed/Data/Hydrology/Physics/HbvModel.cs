namespace EarthEmbed.Data.Hydrology.Physics;

/// <summary>The stores of the HBV model at the end of a day, all in mm of water over the basin.</summary>
public sealed record HbvState
{
    /// <summary>Frozen water in the snowpack (snow water equivalent, solid part).</summary>
    public double Snow { get; set; }

    /// <summary>Liquid water held in the snowpack.</summary>
    public double SnowLiquid { get; set; }

    /// <summary>Soil moisture store SM (0..FC).</summary>
    public double SoilMoisture { get; set; }

    /// <summary>Upper groundwater store SUZ.</summary>
    public double UpperZone { get; set; }

    /// <summary>Lower groundwater store SLZ.</summary>
    public double LowerZone { get; set; }

    /// <summary>Runoff generated but still in the routing queue (element k leaves the basin in k + 1 days).</summary>
    public double[] Routing { get; set; } = [];

    /// <summary>Total water stored: snow + soil + groundwater + routing, mm.</summary>
    public double Total => Snow + SnowLiquid + SoilMoisture + UpperZone + LowerZone + Routing.Sum();

    /// <summary>A deep copy (the routing queue is copied too).</summary>
    public HbvState Copy() => this with { Routing = (double[])Routing.Clone() };
}

/// <summary>Water fluxes of one day, mm/day.</summary>
/// <param name="Rain">Precipitation falling as rain.</param>
/// <param name="Snowfall">Precipitation falling as snow.</param>
/// <param name="Melt">Snowmelt.</param>
/// <param name="Refreeze">Liquid water refrozen in the snowpack.</param>
/// <param name="Infiltration">Water leaving the snow routine into the soil routine.</param>
/// <param name="Recharge">Recharge from the soil to the upper groundwater store.</param>
/// <param name="Evapotranspiration">Actual evapotranspiration from the soil store.</param>
/// <param name="Percolation">Percolation from the upper to the lower store.</param>
/// <param name="Generated">Runoff generated (Q0 + Q1 + Q2) before routing.</param>
/// <param name="Runoff">Routed streamflow leaving the basin.</param>
public readonly record struct HbvFluxes(double Rain, double Snowfall, double Melt, double Refreeze, double Infiltration,
    double Recharge, double Evapotranspiration, double Percolation, double Generated, double Runoff);

/// <summary>Daily simulation of the HBV model: a snow routine (degree-day melt, refreezing, liquid water held in
/// the pack), a soil routine (recharge = input (SM/FC)^β, evapotranspiration = PET min(1, SM/(LP FC))), a response
/// routine (upper store with fast flow above UZL and interflow, percolation to a lower store with baseflow, linear
/// reservoirs) and triangular routing. Every flux is limited by the store it drains, so the model conserves water
/// exactly: precipitation = evapotranspiration + runoff + change in storage (checked to 1e-6 by the tests).
/// Runs in float64.</summary>
public sealed class HbvModel
{
    private readonly double[] weights;

    /// <summary>A model with the given parameters (validated).</summary>
    public HbvModel(HbvParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        weights = parameters.RoutingWeights();
    }

    /// <summary>The parameters.</summary>
    public HbvParameters Parameters { get; }

    /// <summary>A starting state: soil at <paramref name="soilFraction"/> of FC, no snow, groundwater stores as
    /// given, an empty routing queue.</summary>
    public HbvState InitialState(double soilFraction = 0.5, double upperZone = 0, double lowerZone = 10) => new()
    {
        SoilMoisture = Math.Clamp(soilFraction, 0, 1) * Parameters.FieldCapacity,
        UpperZone = upperZone,
        LowerZone = lowerZone,
        Routing = new double[weights.Length],
    };

    /// <summary>Advances <paramref name="state"/> by one day and returns the day's fluxes.</summary>
    /// <param name="state">Stores at the end of the previous day; updated in place.</param>
    /// <param name="precipitation">Precipitation, mm/day (NaN or negative counts as 0).</param>
    /// <param name="temperature">Daily mean air temperature, °C.</param>
    /// <param name="pet">Potential evapotranspiration, mm/day (NaN or negative counts as 0).</param>
    public HbvFluxes Step(HbvState state, double precipitation, double temperature, double pet)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Routing.Length != weights.Length) throw new ArgumentException(
            $"the state's routing queue has {state.Routing.Length} days but MAXBAS {Parameters.RoutingDays} needs {weights.Length}; start from InitialState()", nameof(state));
        var p = Parameters;
        var precip = precipitation > 0 ? precipitation : 0;
        var potential = pet > 0 ? pet : 0;

        // Snow routine.
        var cold = temperature < p.ThresholdTemperature;
        double snowfall = cold ? precip : 0, rain = precip - snowfall;
        state.Snow += snowfall;
        var melt = cold ? 0 : Math.Min(p.DegreeDayFactor * (temperature - p.ThresholdTemperature), state.Snow);
        state.Snow -= melt;
        var refreeze = cold ? Math.Min(p.RefreezingCoefficient * p.DegreeDayFactor * (p.ThresholdTemperature - temperature), state.SnowLiquid) : 0;
        state.SnowLiquid -= refreeze;
        state.Snow += refreeze;
        state.SnowLiquid += melt + rain;
        var infiltration = Math.Max(state.SnowLiquid - p.WaterHoldingCapacity * state.Snow, 0);
        state.SnowLiquid -= infiltration;

        // Soil routine.
        var wetness = Math.Clamp(state.SoilMoisture / p.FieldCapacity, 0, 1);
        var recharge = infiltration * Math.Pow(wetness, p.Beta);
        state.SoilMoisture += infiltration - recharge;
        if (state.SoilMoisture > p.FieldCapacity)
        {
            recharge += state.SoilMoisture - p.FieldCapacity;
            state.SoilMoisture = p.FieldCapacity;
        }
        var et = Math.Min(potential * Math.Min(1, state.SoilMoisture / (p.EvaporationLimit * p.FieldCapacity)), state.SoilMoisture);
        state.SoilMoisture -= et;

        // Response routine: two linear reservoirs, the upper one with a fast outlet above UZL.
        state.UpperZone += recharge;
        var perc = Math.Min(p.Percolation, state.UpperZone);
        state.UpperZone -= perc;
        state.LowerZone += perc;
        var q0 = p.K0 * Math.Max(state.UpperZone - p.UpperZoneThreshold, 0);
        state.UpperZone -= q0;
        var q1 = p.K1 * state.UpperZone;
        state.UpperZone -= q1;
        var q2 = p.K2 * state.LowerZone;
        state.LowerZone -= q2;
        var generated = q0 + q1 + q2;

        // Triangular routing: spread today's runoff over the next MAXBAS days, release the head of the queue.
        var queue = state.Routing;
        for (var k = 0; k < queue.Length; k++) queue[k] += generated * weights[k];
        var runoff = queue[0];
        Array.Copy(queue, 1, queue, 0, queue.Length - 1);
        queue[^1] = 0;
        return new HbvFluxes(rain, snowfall, melt, refreeze, infiltration, recharge, et, perc, generated, runoff);
    }

    /// <summary>Runs the model over daily series (equal lengths) from <paramref name="initial"/> (or
    /// <see cref="InitialState"/>), which is left unchanged.</summary>
    /// <param name="precipitation">Precipitation, mm/day.</param>
    /// <param name="temperature">Daily mean temperature, °C.</param>
    /// <param name="pet">Potential evapotranspiration, mm/day.</param>
    /// <param name="initial">Starting stores (e.g. the end of a warm-up run).</param>
    public HbvRun Run(ReadOnlySpan<double> precipitation, ReadOnlySpan<double> temperature, ReadOnlySpan<double> pet, HbvState? initial = null)
    {
        if (temperature.Length != precipitation.Length || pet.Length != precipitation.Length)
            throw new ArgumentException(
                $"HBV inputs differ in length: precipitation {precipitation.Length}, temperature {temperature.Length}, pet {pet.Length} days");
        var state = (initial ?? InitialState()).Copy();
        var n = precipitation.Length;
        var run = new HbvRun(n, state.Copy());
        for (var t = 0; t < n; t++)
        {
            var f = Step(state, precipitation[t], temperature[t], pet[t]);
            run.Runoff[t] = f.Runoff;
            run.Evapotranspiration[t] = f.Evapotranspiration;
            run.SoilMoisture[t] = state.SoilMoisture;
            run.SnowWaterEquivalent[t] = state.Snow + state.SnowLiquid;
            run.Storage[t] = state.Total;
        }
        run.Final = state;
        return run;
    }
}

/// <summary>Daily outputs of <see cref="HbvModel.Run"/>, mm or mm/day; storages are at the end of each day.</summary>
public sealed class HbvRun
{
    internal HbvRun(int days, HbvState initial)
    {
        Initial = initial;
        Final = initial;
        Runoff = new double[days];
        Evapotranspiration = new double[days];
        SoilMoisture = new double[days];
        SnowWaterEquivalent = new double[days];
        Storage = new double[days];
    }

    /// <summary>The state before the first day.</summary>
    public HbvState Initial { get; }

    /// <summary>The state after the last day.</summary>
    public HbvState Final { get; internal set; }

    /// <summary>Routed streamflow, mm/day.</summary>
    public double[] Runoff { get; }

    /// <summary>Actual evapotranspiration, mm/day.</summary>
    public double[] Evapotranspiration { get; }

    /// <summary>Soil moisture store SM, mm.</summary>
    public double[] SoilMoisture { get; }

    /// <summary>Snow water equivalent (solid + liquid), mm.</summary>
    public double[] SnowWaterEquivalent { get; }

    /// <summary>Total storage (snow + soil + groundwater + routing), mm.</summary>
    public double[] Storage { get; }
}
