using EarthEmbed.Data.Synthetic;

namespace EarthEmbed.Data.SuperResolution;

/// <summary>Dense urban fabric at 1 m: a street grid rotated by a per-scene angle (so streets do not line up with
/// the 10 m pixels), every third street a wide avenue; blocks between streets are built (lots of 12-26 m, each with a
/// building set back 1-4 m from the lot edge, yards of grass, soil or trees), paved plazas, or parks; some scenes
/// have a canal. Everything is a pure function of the seed and the position.</summary>
internal sealed class UrbanLayout
{
    private readonly long seed;
    private readonly double cos, sin, blockU, blockV, minorWidth, majorWidth, offsetU, offsetV;
    private readonly bool canal;
    private readonly double canalCentre, canalWidth;

    internal UrbanLayout(long seed, double sceneSize)
    {
        this.seed = seed;
        var angle = (Draw(seed, 1) - 0.5) * Math.PI / 3;            // -30..30 degrees
        cos = Math.Cos(angle);
        sin = Math.Sin(angle);
        blockU = 55 + 40 * Draw(seed, 2);
        blockV = 45 + 35 * Draw(seed, 3);
        minorWidth = 6 + 3 * Draw(seed, 4);
        majorWidth = 12 + 5 * Draw(seed, 5);
        offsetU = blockU * Draw(seed, 6);
        offsetV = blockV * Draw(seed, 7);
        canal = Draw(seed, 8) < 0.35;
        canalCentre = sceneSize * (0.25 + 0.5 * Draw(seed, 9));
        canalWidth = 10 + 10 * Draw(seed, 10);
    }

    /// <summary>A reproducible number in [0, 1) for parameter <paramref name="k"/> of scene <paramref name="seed"/>.</summary>
    internal static double Draw(long seed, long k) => 0.5 * (new Noise(seed + 7919).Lattice(k, 17) + 1);

    /// <summary>The surface at (x, y) metres from the scene's north-west corner, its variant (roof type) and its
    /// object brightness factor.</summary>
    internal (Surface Surface, int Variant, double Factor) At(double x, double y)
    {
        if (canal)
        {
            var meander = 25 * new Noise(seed + 11).Fbm(x / 180, 0.5, 2);
            if (Math.Abs(y - canalCentre - meander) < canalWidth / 2) return (Surface.Water, 0, 1);
            if (Math.Abs(y - canalCentre - meander) < canalWidth / 2 + 4) return (Surface.Grass, 0, 1);
        }
        double u = x * cos + y * sin + offsetU, v = -x * sin + y * cos + offsetV;
        long bu = (long)Math.Floor(u / blockU), bv = (long)Math.Floor(v / blockV);
        double lu = u - (bu * blockU), lv = v - (bv * blockV);
        var widthU = bu % 3 == 0 ? majorWidth : minorWidth;
        var widthV = bv % 3 == 0 ? majorWidth : minorWidth;
        if (lu < widthU || lv < widthV)
        {
            // Street trees along some avenues overhang the pavement edge.
            var edge = Math.Min(Math.Abs(lu - widthU), Math.Abs(lv - widthV));
            if (edge < 2.0 && new Noise(seed + 12).Lattice(bu, bv) > 0.3 && new Noise(seed + 13).At(u / 6, v / 6) > 0.1)
                return (Surface.Trees, 0, 1);
            return (Surface.Road, 0, 0.9 + 0.2 * Draw(seed, 100 + (bu & 7)));
        }
        // Inside the block, in block-local coordinates without the streets.
        double iu = lu - widthU, iv = lv - widthV, su = blockU - widthU, sv = blockV - widthV;
        var kind = new Noise(seed + 14).Lattice(bu, bv);
        if (kind < -0.75) return Park(u, v);
        if (kind < -0.5)
        {
            // A plaza: paved, with a fountain-sized lawn or trees in the middle.
            if (Math.Abs(iu - su / 2) < su / 6 && Math.Abs(iv - sv / 2) < sv / 6) return (Surface.Grass, 0, 1);
            return (Surface.Plaza, 0, 0.9 + 0.2 * (0.5 + 0.5 * new Noise(seed + 15).Lattice(bu, bv)));
        }
        // Built block: a row of lots along u on each side of a back line at the block's middle.
        var lotWidth = 12 + 14 * (0.5 + 0.5 * new Noise(seed + 16).Lattice(bu, bv));
        var lot = (long)Math.Floor(iu / lotWidth);
        var side = iv < sv / 2 ? 0L : 1L;
        double pu = iu - (lot * lotWidth), pv = side == 0 ? iv : iv - (sv / 2);
        var lotDepth = sv / 2;
        var id = new Noise(seed + 17).Lattice((bu * 4096) + (lot * 2) + side, bv);
        var setback = 1 + 3 * (0.5 + 0.5 * new Noise(seed + 18).Lattice((bu * 4096) + (lot * 2) + side, bv + 999));
        var built = id > -0.7 && lot * lotWidth + lotWidth <= su + 0.01;
        if (built && pu > setback && pu < lotWidth - setback && pv > setback && pv < lotDepth - setback)
        {
            var roof = (int)Math.Floor((0.5 + 0.5 * id) * 5);
            return (Surface.Building, roof, 0.92 + 0.16 * (0.5 + 0.5 * new Noise(seed + 19).Lattice(bu + lot, bv - side)));
        }
        // Yards: mostly paved courtyards in the dense core, else grass, soil or a tree.
        var yard = new Noise(seed + 20).At(u / 9, v / 9);
        if (yard > 0.35) return (Surface.Plaza, 0, 0.85);
        if (yard < -0.45) return (Surface.BareSoil, 0, 1);
        return new Noise(seed + 21).At(u / 5, v / 5) > 0.2 ? (Surface.Trees, 0, 1) : (Surface.Grass, 0, 1);
    }

    private (Surface, int, double) Park(double u, double v)
    {
        var n = new Noise(seed + 22).Fbm(u / 15, v / 15, 2);
        if (n > 0.05) return (Surface.Trees, 0, 1);
        if (Math.Abs(new Noise(seed + 23).Fbm(u / 40, v / 40, 1)) < 0.04) return (Surface.Plaza, 0, 0.95);  // paths
        return (Surface.Grass, 0, 1);
    }
}
