namespace EarthEmbed.Data.Hydrology.Physics;

/// <summary>Parameters of the HBV conceptual model (Bergström 1976; the HBV-light formulation of Seibert and Vis
/// 2012), with their usual symbols, units and typical ranges. The synthetic world sets them from each site's
/// static attributes, which is what makes streamflow learnable from attributes.</summary>
public sealed record HbvParameters
{
    /// <summary>TT: threshold temperature between snow and rain and for melt, °C (-2..2).</summary>
    public double ThresholdTemperature { get; init; }

    /// <summary>CFMAX: degree-day melt factor, mm °C⁻¹ day⁻¹ (1..8; lower under forest).</summary>
    public double DegreeDayFactor { get; init; } = 3.5;

    /// <summary>CFR: refreezing coefficient, fraction of CFMAX (0..0.1; 0 disables refreezing).</summary>
    public double RefreezingCoefficient { get; init; } = 0.05;

    /// <summary>CWH: liquid water the snowpack holds, fraction of its water equivalent (0..0.2).</summary>
    public double WaterHoldingCapacity { get; init; } = 0.1;

    /// <summary>FC: maximum soil moisture storage (field capacity), mm (50..550).</summary>
    public double FieldCapacity { get; init; } = 200;

    /// <summary>LP: fraction of FC above which evapotranspiration reaches its potential rate (0.3..1).</summary>
    public double EvaporationLimit { get; init; } = 0.7;

    /// <summary>BETA: shape of the recharge curve recharge/input = (SM/FC)^BETA (1..6).</summary>
    public double Beta { get; init; } = 2;

    /// <summary>PERC: maximum percolation from the upper to the lower groundwater store, mm/day (0..6).</summary>
    public double Percolation { get; init; } = 1.5;

    /// <summary>UZL: upper-zone threshold above which the fast outflow K0 starts, mm (0..100).</summary>
    public double UpperZoneThreshold { get; init; } = 20;

    /// <summary>K0: recession coefficient of the fast (near-surface) flow, 1/day (0.05..0.5).</summary>
    public double K0 { get; init; } = 0.2;

    /// <summary>K1: recession coefficient of the upper store (interflow), 1/day (0.01..0.4).</summary>
    public double K1 { get; init; } = 0.08;

    /// <summary>K2: recession coefficient of the lower store (baseflow), 1/day (0.001..0.15).</summary>
    public double K2 { get; init; } = 0.02;

    /// <summary>MAXBAS: base of the triangular routing function, days (1 = no routing, up to 7).</summary>
    public double RoutingDays { get; init; } = 2;

    /// <summary>Throws naming the parameter when a value is outside the range the equations allow.</summary>
    public void Validate()
    {
        Check(nameof(DegreeDayFactor), DegreeDayFactor, 0, 20);
        Check(nameof(RefreezingCoefficient), RefreezingCoefficient, 0, 1);
        Check(nameof(WaterHoldingCapacity), WaterHoldingCapacity, 0, 1);
        Check(nameof(FieldCapacity), FieldCapacity, 1e-3, 5000);
        Check(nameof(EvaporationLimit), EvaporationLimit, 1e-3, 1);
        Check(nameof(Beta), Beta, 0, 20);
        Check(nameof(Percolation), Percolation, 0, 1000);
        Check(nameof(UpperZoneThreshold), UpperZoneThreshold, 0, 1e4);
        Check(nameof(K0), K0, 0, 1);
        Check(nameof(K1), K1, 0, 1);
        Check(nameof(K2), K2, 0, 1);
        Check(nameof(RoutingDays), RoutingDays, 1, 30);
        if (!double.IsFinite(ThresholdTemperature)) throw new ArgumentOutOfRangeException(nameof(ThresholdTemperature), ThresholdTemperature, "must be finite");
    }

    /// <summary>Weights of the triangular transfer function: the share of the runoff generated on one day that leaves
    /// the basin 0, 1, 2 ... days later. The triangle of base MAXBAS is integrated over each day, so the weights sum
    /// to one (water is delayed, never created or lost).</summary>
    public double[] RoutingWeights()
    {
        var b = RoutingDays;
        var n = (int)Math.Ceiling(b - 1e-12);
        var w = new double[Math.Max(n, 1)];
        // Cumulative area of a triangle on [0, b] with its peak at b/2 and unit total area.
        double Cdf(double t)
        {
            if (t <= 0) return 0;
            if (t >= b) return 1;
            var h = b / 2;
            return t <= h ? t * t / (b * h) : 1 - (b - t) * (b - t) / (b * h);
        }
        for (var i = 0; i < w.Length; i++) w[i] = Cdf(i + 1) - Cdf(i);
        var sum = w.Sum();
        for (var i = 0; i < w.Length; i++) w[i] /= sum;
        return w;
    }

    private static void Check(string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
            throw new ArgumentOutOfRangeException(name, value, $"HBV parameter {name} must be within [{min}, {max}]");
    }
}
