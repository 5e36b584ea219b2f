using System.Globalization;
using System.Text;
using EarthEmbed.Data.Hydrology.Formats;

namespace EarthEmbed.Tests.Data.Hydrology;

/// <summary>A second tiny tree in the CAMELS-US layout, for running StefaLand end to end on files: eight basins in
/// two HUC-02 regions ("01" north, "03" south), 2011-2014 (2012's 29 February is in both files), streamflow from a
/// linear bucket of the written precipitation (so it is learnable from the forcings and, through the recession
/// rate, from slope_mean), -999 (flag M) on some days, and the attribute tables topo, soil, clim and name.
/// <see cref="WriteGeneric"/> writes the same basins in the generic layout.</summary>
public sealed partial class CamelsFixture
{
    /// <summary>First and last day of the learnable tree.</summary>
    public static readonly DateOnly LearnableFirst = new(2011, 1, 1), LearnableLast = new(2014, 12, 31);

    /// <summary>Basins per region of the learnable tree.</summary>
    public const int LearnablePerRegion = 4;

    /// <summary>Gauge ids of the learnable tree: 0101…0104 in HUC 01, 0305…0308 in HUC 03, each padded to 8 digits.</summary>
    public static IReadOnlyList<string> LearnableIds { get; } =
        Enumerable.Range(0, 2 * LearnablePerRegion).Select(b => $"{Huc(b)}{b + 1:D2}0000").ToArray();

    /// <summary>Writes the learnable tree into a new temporary folder.</summary>
    public static CamelsFixture Learnable()
    {
        var fixture = new CamelsFixture(NewRoot());
        var topo = new StringBuilder("gauge_id;gauge_lat;gauge_lon;elev_mean;slope_mean;area_gages2\n");
        var soil = new StringBuilder("gauge_id;soil_depth_statsgo;sand_frac;clay_frac\n");
        var clim = new StringBuilder("gauge_id;p_mean;aridity;high_prec_timing\n");
        var name = new StringBuilder("gauge_id;huc_02;gauge_name\n");
        for (var b = 0; b < LearnableIds.Count; b++)
        {
            var (forcing, flow, slope) = Simulate(b);
            var id = LearnableIds[b];
            var south = b >= LearnablePerRegion;
            var lat = south ? 33 + 0.5 * (b - LearnablePerRegion) : 44 + 0.5 * b;
            var lon = south ? -84 - 0.5 * (b - LearnablePerRegion) : -70 - 0.5 * b;
            var area = (200 + 100 * b) * 1e6;
            fixture.WriteBasin(Huc(b), id, lat, 300 + 50 * b, area, LearnableFirst, LearnableLast, d => forcing[d],
                d => flow[d] is { } mm ? mm / CamelsFiles.CfsToMillimetresPerDay(1, area) : -999);
            var pMean = forcing.Values.Average(f => f[1]);
            topo.Append(CultureInfo.InvariantCulture, $"{id};{lat};{lon};{300 + 50 * b};{slope};{area / 1e6}\n");
            soil.Append(CultureInfo.InvariantCulture, $"{id};{1 + 0.1 * b:F2};{30 + 5 * b};{20 - 2 * b}\n");
            clim.Append(CultureInfo.InvariantCulture, $"{id};{pMean:F3};{(south ? 0.7 : 1.1) + 0.02 * b:F3};{(south ? "jja" : "son")}\n");
            name.Append(CultureInfo.InvariantCulture, $"{id};{Huc(b)};Basin {b + 1} of the learnable fixture\n");
        }
        var attrs = Path.Combine(fixture.Root, "camels_attributes_v2.0");
        Write(Path.Combine(attrs, "camels_topo.txt"), topo.ToString());
        Write(Path.Combine(attrs, "camels_soil.txt"), soil.ToString());
        Write(Path.Combine(attrs, "camels_clim.txt"), clim.ToString());
        Write(Path.Combine(attrs, "camels_name.txt"), name.ToString());
        return fixture;
    }

    /// <summary>Writes this tree's basins into <paramref name="folder"/> in the generic layout (attributes.csv with a
    /// region column, attribute_groups.csv, timeseries/&lt;id&gt;.csv with the six forcings and streamflow) through
    /// <see cref="GenericLayout.Write"/>, regions renamed "north" (HUC 01) and "south" (HUC 03).</summary>
    public void WriteGeneric(string folder)
    {
        var dataset = CamelsUsLoader.Load(Root).WithSites(s => s with { Region = s.Region == "01" ? "north" : "south" });
        GenericLayout.Write(dataset, folder);
    }

    private static string Huc(int b) => b < LearnablePerRegion ? "01" : "03";

    /// <summary>Basin <paramref name="b"/>'s forcings as written (dayl, prcp, srad, swe, tmax, tmin, vp) and its
    /// streamflow in mm/day (null = written as -999): a bucket S gains the day's precipitation, loses
    /// min(S, 0.15·max(tmax, 0)) to evaporation, then drains k·S to the river, k = 0.04 + 0.03·(b mod 4) (steeper
    /// basins, larger slope_mean, drain faster).</summary>
    private static (Dictionary<DateOnly, double[]> Forcing, Dictionary<DateOnly, double?> Flow, double Slope) Simulate(int b)
    {
        var random = new Random(17 + b);
        var south = b >= LearnablePerRegion;
        var k = 0.04 + 0.03 * (b % LearnablePerRegion);
        double storage = 30;
        var forcing = new Dictionary<DateOnly, double[]>();
        var flow = new Dictionary<DateOnly, double?>();
        var t = 0;
        for (var d = LearnableFirst; d <= LearnableLast; d = d.AddDays(1), t++)
        {
            var season = Math.Sin(2 * Math.PI * (d.DayOfYear - 105) / 365.25);
            var wet = random.NextDouble() < (south ? 0.4 : 0.3);
            var amount = -Math.Log(1 - random.NextDouble()) * (south ? 9 : 6);
            var prcp = Math.Round(wet ? amount : 0, 2);
            var tmax = Math.Round((south ? 22 : 12) + 10 * season + 3 * (random.NextDouble() - 0.5), 2);
            var tmin = Math.Round(tmax - 9 - (wet ? 0 : 3), 2);
            forcing[d] =
            [
                Math.Round(43200 + 10000 * season, 2), prcp, Math.Round(200 + 100 * season - (wet ? 60 : 0), 2),
                Math.Round(Math.Max(0, -30 * season), 2), tmax, tmin, Math.Round(900 + 600 * season + (wet ? 200 : 0), 2),
            ];
            storage += prcp;
            storage -= Math.Min(storage, 0.15 * Math.Max(tmax, 0));
            var q = k * storage;
            storage -= q;
            flow[d] = (t + 13 * b) % 71 == 3 ? null : q;
        }
        return (forcing, flow, 5 + 20 * (b % LearnablePerRegion));
    }
}
