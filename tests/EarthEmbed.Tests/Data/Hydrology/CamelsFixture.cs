using System.Globalization;
using System.Text;

namespace EarthEmbed.Tests.Data.Hydrology;

/// <summary>Writes a tiny CAMELS-US tree in the exact layout of "basin_dataset_public_v1p2" and
/// "camels_attributes_v2.0" into a temporary folder: three basins in three HUC regions, 2011-2013 (2012 is a leap
/// year, and the _leap files contain 29 February), -999 (flag M) streamflow gaps, days missing from one streamflow
/// file, a streamflow record that ends early, and ';'-separated attribute tables with NA values and text columns.
/// The values are simple functions of (basin, day) so the tests can recompute them. <see cref="Learnable"/> writes
/// a second tree in the same layout for running StefaLand end to end (see CamelsFixture.Learnable.cs).</summary>
public sealed partial class CamelsFixture : IDisposable
{
    /// <summary>Gauge ids (leading zeros are part of the id), their HUC-02 folders and header areas in m².</summary>
    public static readonly (string Id, string Huc, double Area, double Latitude)[] Basins =
    [
        ("01013500", "01", 2303988087, 47.23739),
        ("02177000", "03", 536429100, 34.81415),
        ("14301000", "17", 1727450000, 45.70373),
    ];

    /// <summary>First and last day of the forcing files.</summary>
    public static readonly DateOnly First = new(2011, 1, 1), Last = new(2013, 12, 31);

    /// <summary>Basin 2's streamflow record ends here.</summary>
    public static readonly DateOnly FlowEnd2 = new(2013, 6, 30);

    /// <summary>Basin 1's streamflow file lacks these days entirely.</summary>
    public static readonly DateOnly AbsentFrom = new(2012, 3, 10), AbsentTo = new(2012, 3, 14);

    public CamelsFixture() : this(NewRoot())
    {
        for (var b = 0; b < Basins.Length; b++)
        {
            var (id, huc, area, lat) = Basins[b];
            var basin = b;
            WriteBasin(huc, id, lat, 250 + 100 * b, area, First, Last, d => Forcing(basin, d),
                d => (basin != 1 || d < AbsentFrom || d > AbsentTo) && d <= (basin == 2 ? FlowEnd2 : Last) ? FlowCfs(basin, d) ?? -999 : null);
        }
        var attrs = Path.Combine(Root, "camels_attributes_v2.0");
        Write(Path.Combine(attrs, "camels_topo.txt"), """
            gauge_id;gauge_lat;gauge_lon;elev_mean;slope_mean;area_gages2;area_geospa_fabric
            01013500;47.23739;-68.58264;250.31;21.64152;2252.7;2303.95
            02177000;34.81415;-83.30624;805.07;114.0441;536.4;535.37
            14301000;45.70373;-123.75511;340.6;93.35;1727.45;1731.09
            """);
        Write(Path.Combine(attrs, "camels_soil.txt"), """
            gauge_id;soil_depth_pelletier;soil_depth_statsgo;soil_porosity;soil_conductivity;max_water_content;sand_frac;silt_frac;clay_frac;water_frac;organic_frac;other_frac
            01013500;7.404762;1.248408;0.461149;1.106522;0.558055;27.841827;55.156940;16.275732;5.376698;0.408717;0
            02177000;1.35;1.5;0.44;2.1;0.63;52.1;30.2;17.4;0;0;0
            14301000;1.1;1.4;0.47;1.9;0.62;36.0;43.9;19.8;0.1;NA;0
            """);
        Write(Path.Combine(attrs, "camels_geol.txt"), """
            gauge_id;geol_1st_class;glim_1st_class_frac;geol_2nd_class;glim_2nd_class_frac;carbonate_rocks_frac;geol_porostiy;geol_permeability
            01013500;Siliciclastic sedimentary rocks;0.815904;Basic volcanic rocks;0.179729;0;0.1714;-14.7019
            02177000;Metamorphics;0.99;NA;0;0;0.01;-14.2138
            14301000;Siliciclastic sedimentary rocks;0.62;Basic volcanic rocks;0.38;0;0.13;-13.96
            """);
        Write(Path.Combine(attrs, "camels_vege.txt"), """
            gauge_id;frac_forest;lai_max;lai_diff;gvf_max;gvf_diff;dom_land_cover_frac;dom_land_cover;root_depth_50;root_depth_99
            01013500;0.9063;4.167304;3.340732;0.804567;0.3715;0.883452;    Mixed Forests;NA;1.8
            02177000;0.9232;5.0;3.9;0.86;0.33;0.88;    Deciduous Broadleaf Forest;0.18;1.9
            14301000;0.99;5.3;2.1;0.89;0.2;0.94;    Evergreen Needleleaf Forest;0.2;1.6
            """);
        Write(Path.Combine(attrs, "camels_clim.txt"), """
            gauge_id;p_mean;pet_mean;p_seasonality;frac_snow;aridity;high_prec_freq;high_prec_dur;high_prec_timing;low_prec_freq;low_prec_dur;low_prec_timing
            01013500;3.126679;1.971555;0.187940;0.313440;0.630559;12.95;1.348958;son;202.2;3.427119;mam
            02177000;5.0;2.9;-0.04;0.02;0.58;18.1;1.2;mam;230.0;3.1;son
            14301000;7.7;2.0;-0.9;0.03;0.26;20.0;1.4;djf;190.0;5.8;jja
            """);
        Write(Path.Combine(attrs, "camels_hydro.txt"), """
            gauge_id;q_mean;runoff_ratio;slope_fdc;baseflow_index;stream_elas;q5;q95;high_q_freq;high_q_dur;low_q_freq;low_q_dur;zero_q_freq;hfd_mean
            01013500;1.699155;0.543437;1.528934;0.585270;1.845323;0.241105;6.373021;6.1;8.714286;107.1;22.74;0;207.25
            02177000;2.9;0.58;1.9;0.57;1.4;0.5;8.9;4.0;1.5;30.0;9.0;0;130.0
            14301000;5.6;0.73;1.7;0.4;1.1;0.3;20.0;8.0;1.6;80.0;20.0;0;120.0
            """);
        Write(Path.Combine(attrs, "camels_name.txt"), """
            gauge_id;huc_02;gauge_name
            01013500;01;Fish River near Fort Kent, Maine
            02177000;03;CHATTOOGA RIVER NEAR CLAYTON, GA
            14301000;17;NEHALEM RIVER NEAR FOSS, OR
            """);
    }

    private CamelsFixture(string root) => Root = root;

    /// <summary>The tree's root (holds basin_mean_forcing/, usgs_streamflow/ and camels_attributes_v2.0/).</summary>
    public string Root { get; }

    /// <summary>Forcing values written for basin <paramref name="b"/> on <paramref name="d"/>, as the file holds them
    /// (two decimals): dayl, prcp, srad, swe, tmax, tmin, vp.</summary>
    public static double[] Forcing(int b, DateOnly d)
    {
        var t = d.DayNumber - First.DayNumber;
        var season = Math.Sin(2 * Math.PI * (d.DayOfYear - 105) / 365.25);
        var tmax = Math.Round(12 + 4 * b + 12 * season, 2);
        return
        [
            Math.Round(43200 + 12000 * season, 2),
            Math.Round((t * 37 + b * 11) % 23 * 0.55, 2),
            Math.Round(180 + 120 * season + t % 7, 2),
            Math.Round(Math.Max(0, -40 * season), 2),
            tmax,
            Math.Round(tmax - 9 - b, 2),
            Math.Round(700 + 500 * season + b * 20, 2),
        ];
    }

    /// <summary>Streamflow in ft³/s written for basin <paramref name="b"/> on <paramref name="d"/>; null where the file
    /// has -999 (flag M) or no line at all.</summary>
    public static double? FlowCfs(int b, DateOnly d)
    {
        var t = d.DayNumber - First.DayNumber;
        if (t % 97 == 5) return null;
        if (b == 1 && d >= AbsentFrom && d <= AbsentTo) return null;
        if (b == 2 && d > FlowEnd2) return null;
        return Math.Round(100 + 50 * b + t % 30 * 2.5 + (t % 97 == 6 ? 0.37 : 0), 2);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private static string NewRoot() => Path.Combine(Path.GetTempPath(), "camels-fixture-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes one basin's forcing file (header: latitude, elevation, area; daily dayl, prcp, srad, swe, tmax,
    /// tmin, vp from <paramref name="forcing"/>) and streamflow file (one line per day where <paramref name="flow"/>
    /// is not null; -999 is written as missing with flag M) under the HUC folder <paramref name="huc"/>.</summary>
    private void WriteBasin(string huc, string id, double lat, double elevation, double area, DateOnly first, DateOnly last,
        Func<DateOnly, double[]> forcing, Func<DateOnly, double?> flow)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{lat}\n{elevation}\n{area:F0}\n");
        sb.Append("Year Mnth Day Hr\tdayl(s)\tprcp(mm/day)\tsrad(W/m2)\tswe(mm)\ttmax(C)\ttmin(C)\tvp(Pa)\n");
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{d.Year} {d.Month:D2} {d.Day:D2} 12");
            foreach (var v in forcing(d)) sb.Append(CultureInfo.InvariantCulture, $"\t{v:F2}");
            sb.Append('\n');
        }
        Write(Path.Combine(Root, "basin_mean_forcing", "daymet", huc, $"{id}_lump_cida_forcing_leap.txt"), sb.ToString());
        sb.Clear();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (flow(d) is not { } q) continue;
            var missing = q <= -999;
            sb.Append(CultureInfo.InvariantCulture, $"{id} {d.Year} {d.Month:D2} {d.Day:D2} {q,8:F2} {(missing ? "M" : d.Day % 5 == 0 ? "A:e" : "A")}\n");
        }
        Write(Path.Combine(Root, "usgs_streamflow", huc, $"{id}_streamflow_qc.txt"), sb.ToString());
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n");
    }
}
