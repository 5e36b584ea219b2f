using EarthEmbed.Data.SuperResolution;
using Xunit.Abstractions;

namespace EarthEmbed.Tests.Data.SuperResolution;

/// <summary>The rural scenes' built-up land against real rural land (data-samples/synthetic-scenes/README.md): paved
/// roads 4-8 m, tracks 3-4 m and mostly unpaved, farmsteads and villages that fill 10 m pixels, sheds and paved
/// tracks that do not; and the share of rural ISA that leaves a trace above the sensor noise at 10 m.</summary>
public class RuralSceneTests(ITestOutputHelper output)
{
    private static readonly double[] BinCases = [0.0, 0.24, 0.25, 0.6, 0.75, 1.0];
    private static readonly long[] Seeds = Enumerable.Range(0, 200).Select(i => (long)i).ToArray();

    [Fact]
    public void Roads_are_4_to_8_m_and_tracks_3_to_4_m_and_mostly_unpaved()
    {
        var built = Seeds.Select(s => new RuralSettlement(s, 480)).ToList();
        var roads = built.SelectMany(b => b.RoadWidths).ToList();
        var tracks = built.SelectMany(b => b.Tracks).ToList();
        Assert.All(roads, w => Assert.InRange(w, 4.0, 8.0));
        Assert.All(tracks, t => Assert.InRange(t.Width, 3.0, 4.0));
        Assert.True(roads.Max() - roads.Min() > 3.5, $"road widths {roads.Min():0.0}-{roads.Max():0.0} m should span most of 4-8 m");
        var paved = tracks.Average(t => t.Paved ? 1.0 : 0.0);
        Assert.InRange(paved, 0.2, 0.4);
        Assert.InRange(built.Average(b => (double)b.Counts.Farmsteads), 0.7, 1.3);  // 0-2, one on average
        Assert.Contains(built, b => b.Counts.Farmsteads == 2);
        Assert.Contains(built, b => b.Counts.Villages == 0);
    }

    [Fact]
    public void A_seed_gives_the_same_rural_scene_and_another_seed_another()
    {
        var a = SceneGenerator.Generate(new SceneSpec(SceneType.Rural, 8, 24));
        var b = SceneGenerator.Generate(new SceneSpec(SceneType.Rural, 8, 24));
        var c = SceneGenerator.Generate(new SceneSpec(SceneType.Rural, 9, 24));
        Assert.Equal(a.Image, b.Image);
        Assert.Equal(a.Cover, b.Cover);
        Assert.NotEqual(a.Cover, c.Cover);
    }

    [Fact]
    public void The_rural_label_is_one_on_roads_yards_and_roofs_and_unpaved_tracks_are_not_isa()
    {
        var scenes = Enumerable.Range(0, 6).Select(s => SceneGenerator.Generate(new SceneSpec(SceneType.Rural, 30 + s, 48))).ToList();
        foreach (var scene in scenes)
            for (var i = 0; i < scene.Cover.Length; i++)
                Assert.Equal(scene.Cover[i].IsImpervious() ? 1 : 0, scene.Isa[i]);
        Assert.All(new[] { Surface.Road, Surface.Building, Surface.Plaza, Surface.BareSoil }, s => Assert.Contains(scenes, x => x.Cover.Contains(s)));
    }

    [Fact]
    public void Most_rural_isa_fills_much_of_its_10_m_pixel_and_some_stays_sub_pixel()
    {
        long[] byBin = new long[IsaCover.BinNames.Count];
        long aboveNoise = 0, total = 0;
        double isa = 0;
        const int Scenes = 8;
        for (var s = 0; s < Scenes; s++)
        {
            var scene = SceneGenerator.Generate(new SceneSpec(SceneType.Rural, 100 + s, 48));
            isa += scene.IsaFraction / Scenes;
            var cover = IsaCover.Fraction(scene.Isa, 48, 48, 10);
            var trace = IsaCover.Trace(scene.Image, Spectra.Bands, scene.Isa, 48, 48, 10);
            for (var i = 0; i < scene.Isa.Length; i++)
            {
                if (scene.Isa[i] != 1) continue;
                var cell = ((i / 480 / 10) * 48) + (i % 480 / 10);
                byBin[IsaCover.Bin(cover[cell])]++;
                total++;
                // Three times the sensor noise of SensorModel.Sentinel2Like (0.004).
                if (trace[cell] > 3 * SensorModel.Sentinel2Like.Noise) aboveNoise++;
            }
        }
        var share = byBin.Select(n => n / (double)total).ToArray();
        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rural ISA {isa:P2}; ISA pixels by cover of their 10 m pixel {string.Join(", ", share.Select(v => v.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)))}; trace above 3 x noise {aboveNoise / (double)total:P1}"));
        Assert.InRange(isa, 0.012, 0.06);                 // a few percent, as rural land
        Assert.InRange(share[0], 0.03, 0.25);                 // paved tracks, sheds, edges of roads: sub-pixel
        Assert.InRange(share[2] + share[3], 0.4, 0.9);        // roads of 6-8 m, yards, barns, village cores
        Assert.InRange(aboveNoise / (double)total, 0.9, 1.0);  // nearly all ISA leaves a trace; placing it is the hard part
    }

    [Fact]
    public void Cover_fraction_and_trace_by_hand()
    {
        // Two 10 m pixels at factor 2 (2 x 4 fine pixels): the left one half ISA (one pixel unknown), the right none.
        byte[] label = [1, 0, 0, 0, 255, 1, 0, 0];
        var cover = IsaCover.Fraction(label, 1, 2, 2);
        Assert.Equal([2.0 / 3.0, 0.0], cover);
        // One band: ISA reflectance 0.1, pervious 0.3 and 0.5 (background = mean of the pervious pixels of both cells).
        float[] image = [0.1f, 0.3f, 0.5f, 0.5f, 0.9f, 0.1f, 0.5f, 0.5f];
        var trace = IsaCover.Trace(image, 1, label, 1, 2, 2);
        var background = (0.3 + 0.5 + 0.5 + 0.5 + 0.5) / 5;
        Assert.Equal(2.0 / 3.0 * (background - 0.1), trace[0], 6);
        Assert.Equal(0.0, trace[1]);
        Assert.Equal([0, 0, 1, 2, 3, 3], BinCases.Select(IsaCover.Bin).ToArray());
        Assert.Throws<ArgumentException>(() => IsaCover.Fraction(label, 2, 2, 2));
    }
}
