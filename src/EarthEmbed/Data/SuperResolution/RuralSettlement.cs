using EarthEmbed.Data.Synthetic;

namespace EarthEmbed.Data.SuperResolution;

/// <summary>What people built in a <see cref="RuralLayout"/> scene, in the scene's rotated frame (u along the main
/// roads, v across them), sized after real rural land (data-samples/synthetic-scenes/README.md gives the sources):
/// <list type="bullet">
/// <item>1-2 winding paved roads 4-8 m wide (a single-lane rural road is 4-5 m of asphalt, a two-lane one 6-7 m;
/// a 6 m road covers 60 % of the 10 m pixels it crosses, which changes their near-infrared reflectance by about
/// 0.12 against grass: 30 times the sensor noise);</item>
/// <item>1-3 farm tracks 3-4 m wide branching off across the slope, 70 % unpaved (gravel or earth: bare soil, not
/// ISA) and 30 % paved (ISA, under half a 10 m pixel wide);</item>
/// <item>0-2 farmsteads beside a road: a paved yard of 20-35 x 15-25 m, a barn 14-30 m long, a house 10-16 m and
/// sometimes a shed 10-14 m around it, and a 4 m paved drive to the road (objects of one to three 10 m pixels);</item>
/// <item>0-2 villages of 40-80 m radius on a road: houses of 8-13 m on a jittered 16 m lattice, some with a
/// paved forecourt;</item>
/// <item>isolated sheds of 4-6 m in open land (in about a fifth of the scene's 100 m cells): a
/// quarter of a 10 m pixel or less, kept on purpose as what a 10 m sensor cannot place.</item>
/// </list>
/// Every draw is a pure function of the seed and the position, so a seed always gives the same scene.</summary>
internal sealed class RuralSettlement
{
    private readonly long seed;
    private readonly double[] roadCentre, roadWidth;
    private readonly Track[] tracks;
    private readonly Farmstead[] farmsteads;
    private readonly (double U, double V, double Radius)[] villages;

    private sealed record Track(double U, double VStart, double Length, double Width, bool Paved);

    private sealed record Farmstead(double U, double V, double Side, double YardA, double YardB, double Barn, double BarnDepth,
        double House, double HouseDepth, double Shed, int Roof);

    internal RuralSettlement(long seed, double sceneSize)
    {
        this.seed = seed;
        double D(long k) => UrbanLayout.Draw(seed, k);
        var roads = D(33) < 0.5 ? 1 : 2;
        roadCentre = new double[roads];
        roadWidth = new double[roads];
        for (var r = 0; r < roads; r++)
        {
            roadCentre[r] = sceneSize * (0.2 + 0.6 * D(34 + r));
            roadWidth[r] = 4 + (4 * D(36 + r));
        }
        tracks = new Track[1 + (int)Math.Floor(3 * D(100))];
        for (var k = 0; k < tracks.Length; k++)
        {
            var u = sceneSize * (0.05 + 0.9 * D(101 + k));
            var direction = D(111 + k) < 0.5 ? -1 : 1;
            tracks[k] = new Track(u, RoadCentreAt(k % roads, u), direction * (80 + 220 * D(121 + k)), 3 + D(131 + k), D(141 + k) < 0.3);
        }
        farmsteads = new Farmstead[(int)Math.Floor(3 * D(150))];
        for (var k = 0; k < farmsteads.Length; k++)
        {
            var u = sceneSize * (0.1 + 0.8 * D(151 + k));
            var side = D(161 + k) < 0.5 ? -1.0 : 1.0;
            double yardA = 10 + 7.5 * D(171 + k), yardB = 7.5 + 5 * D(181 + k);
            var centre = RoadCentreAt(k % roads, u) + side * (roadWidth[k % roads] / 2 + yardB + 8 + 20 * D(191 + k));
            farmsteads[k] = new Farmstead(u, centre, side, yardA, yardB, 14 + 16 * D(201 + k), 9 + 5 * D(211 + k),
                10 + 6 * D(221 + k), 8 + 3 * D(231 + k), D(241 + k) < 0.5 ? 0 : 10 + 4 * D(251 + k), (int)Math.Floor(5 * D(261 + k)));
        }
        villages = new (double, double, double)[(int)Math.Floor(3 * D(38))];
        for (var k = 0; k < villages.Length; k++)
        {
            var u = sceneSize * (0.1 + 0.8 * D(40 + k));
            villages[k] = (u, RoadCentreAt(k % roads, u) + (D(50 + k) - 0.5) * 30, 40 + 40 * D(60 + k));
        }
    }

    /// <summary>Widths of the paved roads in metres.</summary>
    internal IReadOnlyList<double> RoadWidths => roadWidth;

    /// <summary>Widths of the farm tracks in metres and whether each is paved.</summary>
    internal IReadOnlyList<(double Width, bool Paved)> Tracks => tracks.Select(t => (t.Width, t.Paved)).ToArray();

    /// <summary>Number of farmsteads and of villages.</summary>
    internal (int Farmsteads, int Villages) Counts => (farmsteads.Length, villages.Length);

    private double RoadCentreAt(int r, double u) => roadCentre[r] + (60 * new Noise(seed + 43 + r).Fbm(u / 220, 0.3, 3));

    /// <summary>The built surface at (u, v) before the land cover: roads, tracks, farmsteads and villages; null
    /// where nothing is built.</summary>
    internal (Surface Surface, int Variant, double Factor)? At(double u, double v)
    {
        for (var r = 0; r < roadCentre.Length; r++)
            if (Math.Abs(v - RoadCentreAt(r, u)) < roadWidth[r] / 2) return (Surface.Road, 0, 0.95);
        foreach (var f in farmsteads)
        {
            var hit = AtFarmstead(f, u - f.U, (v - f.V) * f.Side);
            if (hit is not null) return hit;
        }
        foreach (var (vu, vv, radius) in villages)
        {
            var hit = AtVillage(u - vu, v - vv, radius);
            if (hit is not null) return hit;
        }
        foreach (var t in tracks)
        {
            var along = (v - t.VStart) * Math.Sign(t.Length);
            if (along < 0 || along > Math.Abs(t.Length)) continue;
            var centre = t.U + (12 * new Noise(seed + 60).Fbm(v / 90, t.U / 50, 2));
            if (Math.Abs(u - centre) < t.Width / 2)
                return t.Paved ? (Surface.Road, 0, 1.0) : (Surface.BareSoil, 0, 0.9);
        }
        return null;
    }

    /// <summary>A farmstead in its own frame: a along the road, b away from it (the yard centred at the origin).</summary>
    private static (Surface, int, double)? AtFarmstead(Farmstead f, double a, double b)
    {
        // The barn on the far side of the yard, the house on one end, the shed (when there is one) on the other.
        if (Math.Abs(a) < f.Barn / 2 && b >= f.YardB && b < f.YardB + f.BarnDepth) return (Surface.Building, f.Roof, 1.0);
        if (a < -f.YardA && a >= -f.YardA - f.HouseDepth && b > f.YardB - f.House && b <= f.YardB) return (Surface.Building, (f.Roof + 2) % 5, 0.97);
        if (f.Shed > 0 && a > f.YardA && a <= f.YardA + 8 && b > f.YardB - f.Shed && b <= f.YardB) return (Surface.Building, (f.Roof + 3) % 5, 1.03);
        if (Math.Abs(a) < f.YardA && Math.Abs(b) < f.YardB) return (Surface.Plaza, 0, 0.85);
        // The paved drive from the road to the yard (it ends inside the road, which is drawn first).
        if (Math.Abs(a) < 2 && b <= -f.YardB && b > -f.YardB - 60) return (Surface.Road, 0, 1.0);
        return null;
    }

    private (Surface, int, double)? AtVillage(double du, double dv, double radius)
    {
        if ((du * du) + (dv * dv) > radius * radius) return null;
        // Houses on a jittered 16 m lattice around the village centre; three lots in four are built.
        const double Lot = 16;
        long cu = (long)Math.Floor(du / Lot), cv = (long)Math.Floor(dv / Lot);
        var h = new Noise(seed + 44).Lattice(cu, cv);
        if (h <= -0.5) return null;
        var size = 8 + 5 * (0.5 + 0.5 * new Noise(seed + 45).Lattice(cu, cv));
        var ou = 1.5 + (Lot - size - 3) * (0.5 + 0.5 * new Noise(seed + 46).Lattice(cu, cv));
        var ov = 1.5 + (Lot - size - 3) * (0.5 + 0.5 * new Noise(seed + 47).Lattice(cu, cv));
        double pu = du - (cu * Lot) - ou, pv = dv - (cv * Lot) - ov;
        if (pu >= 0 && pu < size && pv >= 0 && pv < size * 0.8)
            return (Surface.Building, (int)Math.Floor((0.5 + 0.5 * h) * 5) % 5, 0.95 + 0.1 * h);
        if (pu >= 0 && pu < size && pv >= -1.5 && pv < 0 && h > 0.3) return (Surface.Plaza, 0, 0.9);  // a forecourt
        return null;
    }

    /// <summary>An isolated shed of 4-6 m at (u, v) in open land, or null: at most one per 100 m cell, in about a
    /// fifth of the cells.</summary>
    internal (Surface Surface, int Variant, double Factor)? ShedAt(double u, double v)
    {
        const double Cell = 100;
        long cu = (long)Math.Floor(u / Cell), cv = (long)Math.Floor(v / Cell);
        var h = new Noise(seed + 61).Lattice(cu, cv);
        if (h < 0.55) return null;
        var size = 4 + 2 * (0.5 + 0.5 * new Noise(seed + 62).Lattice(cu, cv));
        var ou = 10 + (Cell - 20) * (0.5 + 0.5 * new Noise(seed + 63).Lattice(cu, cv));
        var ov = 10 + (Cell - 20) * (0.5 + 0.5 * new Noise(seed + 64).Lattice(cu, cv));
        double pu = u - (cu * Cell) - ou, pv = v - (cv * Cell) - ov;
        return pu >= 0 && pu < size && pv >= 0 && pv < size ? (Surface.Building, (int)Math.Floor(5 * (h - 0.55) / 0.45) % 5, 1.0) : null;
    }
}
