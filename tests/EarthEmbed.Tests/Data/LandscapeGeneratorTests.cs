using EarthEmbed.Data.Synthetic;
using EarthEmbed.Metrics;

namespace EarthEmbed.Tests.Data;

public class LandscapeGeneratorTests
{
    private static readonly Lazy<Landscape> Small = new(() => LandscapeGenerator.Generate(new LandscapeConfig { Width = 160, Height = 128, Seed = 3 }));

    [Fact]
    public void The_same_seed_gives_the_same_world_and_another_seed_a_different_one()
    {
        var again = LandscapeGenerator.Generate(new LandscapeConfig { Width = 160, Height = 128, Seed = 3 });
        Assert.Equal(Small.Value.Dsm, again.Dsm);
        Assert.Equal(Small.Value.Embeddings, again.Embeddings);
        var other = LandscapeGenerator.Generate(new LandscapeConfig { Width = 160, Height = 128, Seed = 4 });
        Assert.NotEqual(Small.Value.Dsm, other.Dsm);
    }

    [Fact]
    public void Every_embedding_vector_has_unit_length()
    {
        var ls = Small.Value;
        int n = ls.Width * ls.Height;
        for (var i = 0; i < n; i += 37)
        {
            double s = 0;
            for (var b = 0; b < ls.Bands; b++) s += (double)ls.Embeddings[b * n + i] * ls.Embeddings[b * n + i];
            Assert.InRange(Math.Sqrt(s), 0.9999, 1.0001);
        }
    }

    [Fact]
    public void The_surface_is_terrain_plus_object_height()
    {
        var ls = Small.Value;
        for (var i = 0; i < ls.Dsm.Length; i += 13) Assert.Equal(ls.Terrain[i] + ls.ObjectHeight[i], ls.Dsm[i], 4);
    }

    [Fact]
    public void The_eastern_test_block_lies_higher_than_the_training_area_as_in_the_paper()
    {
        var ls = LandscapeGenerator.Generate(new LandscapeConfig { Width = 256, Height = 96, PixelSize = 20 });
        double train = 0, test = 0;
        int nTrain = 0, nTest = 0;
        for (var i = 0; i < ls.Terrain.Length; i++)
            if (ls.IsTest(i % ls.Width)) { test += ls.Terrain[i]; nTest++; }
            else { train += ls.Terrain[i]; nTrain++; }
        Assert.InRange(test / nTest, 110, 170);   // the paper's test block: 110-160 m
        Assert.True(test / nTest - train / nTrain > 25, $"test mean {test / nTest:F1} m vs train mean {train / nTrain:F1} m");
    }

    [Fact]
    public void Object_heights_follow_the_land_cover()
    {
        var ls = Small.Value;
        for (var i = 0; i < ls.Cover.Length; i++)
        {
            var h = ls.ObjectHeight[i];
            switch (ls.Cover[i])
            {
                case LandCover.Water or LandCover.Bare: Assert.Equal(0, h); break;
                case LandCover.BuiltUp: Assert.InRange(h, 0, 30); break;   // 0 on streets
                case LandCover.Trees: Assert.InRange(h, 0, 28); break;     // 0 in gaps
                case LandCover.Crops: Assert.InRange(h, 0.3f, 1.8f); break;
                case LandCover.Grass: Assert.Equal(0.1f, h); break;
            }
        }
    }

    [Fact]
    public void A_config_out_of_range_names_the_key() =>
        Assert.Contains("test_fraction", Assert.Throws<ArgumentException>(() =>
            LandscapeGenerator.Generate(new LandscapeConfig { TestFraction = 1.5 })).Message);

    [Fact]
    public void The_elevation_cue_is_noisy_per_pixel_and_clean_over_a_neighbourhood()
    {
        // The design the height experiment rests on: one pixel's climate cue is a poor witness of elevation, the
        // mean over a 5x5 neighbourhood a good one (so context helps a U-Net, and ridge cannot do the same).
        var c = new LandscapeConfig { Width = 160, Height = 128, Seed = 3 };
        var ls = Small.Value;
        Span<double> cue = stackalloc double[EmbeddingSynthesizer.Cues];
        var single = new double[ls.Terrain.Length];
        for (var row = 0; row < c.Height; row++)
            for (var col = 0; col < c.Width; col++)
            {
                var i = row * c.Width + col;
                EmbeddingSynthesizer.Cue(c, col, row, ls.Terrain[i], ls.ObjectHeight[i], ls.Cover[i], 0, 0, cue);
                single[i] = cue[8];
            }
        var zs = new List<double>();
        var one = new List<double>();
        var mean = new List<double>();
        for (var row = 2; row < c.Height - 2; row++)
            for (var col = 2; col < c.Width - 2; col++)
            {
                double sum = 0;
                for (var dy = -2; dy <= 2; dy++)
                    for (var dx = -2; dx <= 2; dx++) sum += single[(row + dy) * c.Width + col + dx];
                zs.Add(ls.Terrain[row * c.Width + col]);
                one.Add(single[row * c.Width + col]);
                mean.Add(sum / 25);
            }
        double rOne = Regression.Pearson(zs.ToArray(), one.ToArray()), rMean = Regression.Pearson(zs.ToArray(), mean.ToArray());
        Assert.InRange(rOne, 0.3, 0.85);
        Assert.True(rMean > 0.95, $"5x5 mean r = {rMean:F3}, single pixel r = {rOne:F3}");
    }
}
