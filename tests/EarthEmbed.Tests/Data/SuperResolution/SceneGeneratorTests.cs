using EarthEmbed.Data.SuperResolution;

namespace EarthEmbed.Tests.Data.SuperResolution;

/// <summary>The 1 m scenes: reproducible, labels that follow the surfaces, and the contrast the paper needs
/// (dense urban against sparse rural impervious surface).</summary>
public class SceneGeneratorTests
{
    [Fact]
    public void The_same_spec_gives_the_same_scene_and_another_seed_another()
    {
        var a = SceneGenerator.Generate(new SceneSpec(SceneType.Urban, 3, 8));
        var b = SceneGenerator.Generate(new SceneSpec(SceneType.Urban, 3, 8));
        var c = SceneGenerator.Generate(new SceneSpec(SceneType.Urban, 4, 8));
        Assert.Equal(a.Image, b.Image);
        Assert.Equal(a.Isa, b.Isa);
        Assert.NotEqual(a.Isa, c.Isa);
        Assert.Equal(4 * 80 * 80, a.Image.Length);
    }

    [Fact]
    public void Urban_scenes_are_mostly_impervious_and_rural_scenes_sparsely()
    {
        var urban = Enumerable.Range(0, 3).Select(s => SceneGenerator.Generate(new SceneSpec(SceneType.Urban, 10 + s, 24)).IsaFraction).Average();
        var rural = Enumerable.Range(0, 3).Select(s => SceneGenerator.Generate(new SceneSpec(SceneType.Rural, 20 + s, 24)).IsaFraction).Average();
        Assert.InRange(urban, 0.35, 0.9);
        Assert.InRange(rural, 0.002, 0.2);
    }

    [Fact]
    public void The_label_is_one_exactly_on_roads_buildings_and_plazas()
    {
        var scene = SceneGenerator.Generate(new SceneSpec(SceneType.Urban, 5, 16));
        for (var i = 0; i < scene.Cover.Length; i++)
            Assert.Equal(scene.Cover[i] is Surface.Road or Surface.Building or Surface.Plaza ? 1 : 0, scene.Isa[i]);
        Assert.Contains(Surface.Building, scene.Cover);
        Assert.Contains(Surface.Road, scene.Cover);
    }

    [Fact]
    public void Vegetation_is_bright_in_the_near_infrared_and_water_dark()
    {
        var scene = SceneGenerator.Generate(new SceneSpec(SceneType.Rural, 6, 16));
        var n = scene.Width * scene.Height;
        double Ndvi(int i) => (scene.Image[(3 * n) + i] - scene.Image[(2 * n) + i]) / (scene.Image[(3 * n) + i] + scene.Image[(2 * n) + i]);
        var trees = Enumerable.Range(0, n).Where(i => scene.Cover[i] == Surface.Trees).Select(Ndvi).ToArray();
        Assert.NotEmpty(trees);
        Assert.True(trees.Average() > 0.6, $"mean NDVI of trees {trees.Average():0.00}");
        Assert.True(Ndvi(Array.IndexOf(scene.Cover, Surface.Road)) < 0.2);
    }
}
