using EarthEmbed.Data.Hydrology.Physics;
using EarthEmbed.Data.Hydrology.Synthetic;

namespace EarthEmbed.Tests.Data.Hydrology;

public class HbvModelTests
{
    public static TheoryData<string> ParameterSets => ["default", "snowy-slow", "flashy-no-refreeze", "long-routing"];

    private static HbvParameters Parameters(string name) => name switch
    {
        "snowy-slow" => new HbvParameters { ThresholdTemperature = 1, DegreeDayFactor = 2, FieldCapacity = 400, Beta = 4, K2 = 0.005, RoutingDays = 1 },
        "flashy-no-refreeze" => new HbvParameters { RefreezingCoefficient = 0, FieldCapacity = 60, Beta = 1, K0 = 0.5, K1 = 0.3, UpperZoneThreshold = 2, Percolation = 0 },
        "long-routing" => new HbvParameters { RoutingDays = 6.3, WaterHoldingCapacity = 0.2, EvaporationLimit = 0.3 },
        _ => new HbvParameters(),
    };

    /// <summary>Three years of weather with cold winters (snow, refreezing) and storms.</summary>
    private static (double[] P, double[] T, double[] Pet) Forcing(int seed, int days = 1096)
    {
        var w = WeatherGenerator.Generate(new WeatherClimate { ReferenceTemperature = 3, TemperatureAmplitude = 14, WetDayFraction = 0.4, MeanWetDayAmount = 9 },
            new DateOnly(2000, 1, 1), days, new SeededRandom(seed, 1));
        return (w.Precipitation, w.Tmax.Zip(w.Tmin, (a, b) => (a + b) / 2).ToArray(), w.Pet);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Water_is_conserved_over_any_period_to_one_millionth_of_a_millimetre(string set)
    {
        var model = new HbvModel(Parameters(set));
        var (p, t, pet) = Forcing(set.Length);
        var run = model.Run(p, t, pet, model.InitialState(0.3, 5, 40));
        Assert.Contains(run.SnowWaterEquivalent, s => s > 20);  // the snow routine is exercised
        var rng = new SeededRandom(3, set.Length);
        for (var k = 0; k < 200; k++)
        {
            var a = (int)rng.Uniform(0, p.Length);
            var b = (int)rng.Uniform(a, p.Length);
            double input = 0, output = 0;
            for (var d = a; d <= b; d++)
            {
                input += p[d];
                output += run.Evapotranspiration[d] + run.Runoff[d];
            }
            var before = a == 0 ? run.Initial.Total : run.Storage[a - 1];
            var change = run.Storage[b] - before;
            Assert.True(Math.Abs(input - output - change) < 1e-6, $"days {a}..{b}: P {input} - ET - Q {output} != ΔS {change}");
        }
    }

    [Fact]
    public void Every_store_and_flux_stays_non_negative_and_soil_moisture_below_field_capacity()
    {
        var parameters = new HbvParameters { FieldCapacity = 120 };
        var model = new HbvModel(parameters);
        var (p, t, pet) = Forcing(5);
        var state = model.InitialState();
        for (var d = 0; d < p.Length; d++)
        {
            var f = model.Step(state, p[d], t[d], pet[d]);
            Assert.Equal(p[d], f.Rain + f.Snowfall, 12);
            Assert.True(f.Evapotranspiration >= 0 && f.Evapotranspiration <= pet[d] + 1e-12);
            Assert.True(f.Runoff >= 0 && f.Recharge >= 0 && f.Melt >= 0 && f.Refreeze >= 0);
            Assert.True(state.Snow >= 0 && state.SnowLiquid >= 0 && state.UpperZone >= 0 && state.LowerZone >= 0);
            Assert.InRange(state.SoilMoisture, 0, parameters.FieldCapacity + 1e-9);
        }
    }

    [Fact]
    public void Streamflow_is_positive_recedes_without_rain_and_rises_after_a_storm()
    {
        var model = new HbvModel(new HbvParameters());
        var days = 120;
        var p = new double[days];
        p[60] = 60;
        p[61] = 30;
        var t = Enumerable.Repeat(15.0, days).ToArray();
        var pet = Enumerable.Repeat(2.0, days).ToArray();
        var run = model.Run(p, t, pet, model.InitialState(0.8, 10, 50));
        Assert.All(run.Runoff, q => Assert.True(q > 0));
        for (var d = 10; d < 60; d++) Assert.True(run.Runoff[d] < run.Runoff[d - 1], $"day {d}: no recession");
        var peak = run.Runoff.Skip(60).Take(10).Max();
        Assert.True(peak > 3 * run.Runoff[59], $"peak {peak} vs pre-storm {run.Runoff[59]}");
        Assert.True(run.SoilMoisture[62] > run.SoilMoisture[59]);
    }

    [Fact]
    public void Snow_accumulates_below_the_threshold_and_melts_into_runoff_in_spring()
    {
        var model = new HbvModel(new HbvParameters { RoutingDays = 1 });
        var days = 200;
        var p = Enumerable.Range(0, days).Select(d => d < 100 ? 3.0 : 0).ToArray();
        var t = Enumerable.Range(0, days).Select(d => d < 100 ? -5.0 : 8).ToArray();
        var pet = new double[days];
        var run = model.Run(p, t, pet, model.InitialState(1, 0, 0));
        Assert.Equal(300, run.SnowWaterEquivalent[99], 6);
        Assert.True(run.Runoff.Take(100).Sum() < 1e-9, "no runoff while everything falls as snow on empty stores");
        Assert.True(run.SnowWaterEquivalent[199] < 1);
        Assert.True(run.Runoff.Skip(100).Sum() > 100);
    }

    [Fact]
    public void Routing_weights_form_the_triangle_worked_by_hand()
    {
        // MAXBAS 3: triangle on [0, 3] peaking at 1.5 with unit area; day areas 2/9, 5/9, 2/9.
        var w = new HbvParameters { RoutingDays = 3 }.RoutingWeights();
        Assert.Equal([2.0 / 9, 5.0 / 9, 2.0 / 9], w.Select(x => Math.Round(x, 12)).ToArray(), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal([1.0], new HbvParameters { RoutingDays = 1 }.RoutingWeights());
        Assert.Equal(1, new HbvParameters { RoutingDays = 4.6 }.RoutingWeights().Sum(), 12);
    }

    [Fact]
    public void Invalid_parameters_are_rejected_with_the_parameter_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HbvModel(new HbvParameters { K1 = 1.5 }));
        Assert.Equal("K1", e.ParamName);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => new HbvModel(new HbvParameters { RoutingDays = 0.5 }));
        Assert.Contains("RoutingDays", r.Message, StringComparison.Ordinal);
    }
}
