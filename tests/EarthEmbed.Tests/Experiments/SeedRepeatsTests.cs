using System.Text.Json.Nodes;
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Experiments.JointSeg;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;
using EarthEmbed.Tests.Experiments.Height;
using EarthEmbed.Tests.Experiments.JointSeg;
using EarthEmbed.Tests.Training;

namespace EarthEmbed.Tests.Experiments;

/// <summary>Issue 13's seed repeats (<see cref="SeedRepeats"/>) on tiny configs: a run of several seeds writes each
/// seed's run into seed&lt;N&gt;/, metrics.json's point values are the means of the seeds' own metrics.json with a
/// mean_sd interval (n = seeds), and the claims are decided on per-unit pairs pooled over seeds (n = units × seeds).
/// And how <c>seeds</c> and <c>--seed</c> combine.</summary>
[Collection(TrainerTests.Serial)]
public sealed class SeedRepeatsTests
{
    private static string Folder(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "seeds", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return folder;
    }

    private static JsonObject Json(string folder, string file = "metrics.json") =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder, file)))!.AsObject();

    private static double Value(JsonObject metrics, string model, string split, string metric) =>
        metrics["models"]![model]![split]![metric]!.GetValue<double>();

    // The point value is the seeds' mean, its interval mean ∓ sd with n = seeds, its repeats the seeds' own values.
    private static void AssertMeanOverSeeds(string folder, int[] seeds, string model, string split, string metric)
    {
        var merged = Json(folder);
        var own = seeds.Select(s => Value(Json(Path.Combine(folder, $"seed{s}")), model, split, metric)).ToArray();
        Assert.Equal(own.Average(), Value(merged, model, split, metric), 12);
        var interval = merged["intervals"]![model]![split]![metric]!;
        Assert.Equal("mean_sd", interval["kind"]!.GetValue<string>());
        Assert.Equal(seeds.Length, interval["n"]!.GetValue<int>());
        var sd = Statistics.StandardDeviation(own);
        Assert.Equal(own.Average() - sd, interval["lo"]!.GetValue<double>(), 12);
        Assert.Equal(own.Average() + sd, interval["hi"]!.GetValue<double>(), 12);
        var repeats = merged["repeats"]![model]![split]![metric]!;
        Assert.Equal("seed", repeats["unit"]!.GetValue<string>());
        Assert.Equal(seeds.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            repeats["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    private static JsonObject Claim(JsonObject metrics, string a, string b, string metric) =>
        metrics["comparisons"]!.AsArray().Select(c => c!.AsObject())
            .Single(c => c["a"]!.GetValue<string>() == a && c["b"]!.GetValue<string>() == b && c["metric"]!.GetValue<string>() == metric);

    // n of a claim = the finite pairs among the pooled per-unit repeats (units × seeds labels, "seed3/tile0").
    private static void AssertPooled(JsonObject metrics, JsonObject claim, string split, int units, int[] seeds)
    {
        var a = metrics["repeats"]![claim["a"]!.GetValue<string>()]![split]![claim["metric"]!.GetValue<string>()]!;
        var b = metrics["repeats"]![claim["b"]!.GetValue<string>()]![split]![claim["metric"]!.GetValue<string>()]!;
        var labels = a["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(units * seeds.Length, labels.Count);
        Assert.All(seeds, s => Assert.Equal(units, labels.Count(l => l.StartsWith($"seed{s}/", StringComparison.Ordinal))));
        var finite = a["values"]!.AsArray().Zip(b["values"]!.AsArray()).Count(p => p.First is not null && p.Second is not null);
        Assert.Equal(finite, claim["n"]!.GetValue<int>());
        Assert.Equal(Claims.Decide(claim["lo"]!.GetValue<double>(), claim["hi"]!.GetValue<double>(), claim["p"]!.GetValue<double>(),
            claim["direction"]!.GetValue<string>() == "less" ? ClaimDirection.Less : ClaimDirection.Greater).ToJsonName(), claim["verdict"]!.GetValue<string>());
    }

    [Fact]
    public void A_height_run_of_two_seeds_writes_means_with_intervals_and_claims_on_tile_pairs()
    {
        int[] seeds = [3, 5];
        var config = HeightTestData.Tiny();
        config.Seeds = [.. seeds];
        var folder = Folder("height");
        ExperimentRunner.Run(new HeightExperiment(), config, folder, new RunContext());

        foreach (var s in seeds)
        {
            var own = ConfigFile.Load<HeightConfig>(Path.Combine(folder, $"seed{s}", "config.yaml"));
            Assert.Equal(s, own.Seed);
            Assert.Equal(s, own.Landscape.Seed);
            Assert.Empty(own.Seeds);
            Assert.True(File.Exists(Path.Combine(folder, $"seed{s}", "checkpoints", "unet", "best.safetensors")));
        }
        foreach (var model in new[] { "unet", "unetpp", "ridge" })
            foreach (var metric in new[] { "r2", "rmse" })
                AssertMeanOverSeeds(folder, seeds, model, "test", metric);
        var metrics = Json(folder);
        var tiles = HeightEvaluation.TileGrid * HeightEvaluation.TileGrid;
        AssertPooled(metrics, Claim(metrics, "unetpp", "unet", "r2"), HeightEvaluation.TileSplit, tiles, seeds);
        AssertPooled(metrics, Claim(metrics, "unetpp", "unet", "rmse"), HeightEvaluation.TileSplit, tiles, seeds);
        AssertPooled(metrics, Claim(metrics, "unet", "ridge", "r2"), HeightEvaluation.TileSplit, tiles, seeds);
        Assert.Equal("less", Claim(metrics, "unetpp", "unet", "rmse")["direction"]!.GetValue<string>());
        var listed = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "files.json")))!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Contains("seed5/metrics.json", listed);
        Assert.Contains("seed3/predictions/unet_test.tif", listed);
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("claims, decided over seeds", html, StringComparison.Ordinal);
        Assert.Contains("U-Net++ beats U-Net (test R² per tile)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jointseg_run_of_two_seeds_writes_means_with_intervals_and_the_claim_on_scene_pairs()
    {
        int[] seeds = [3, 5];
        var config = JointSegTiny.Config();
        config.TestUrban = 2;
        config.TestRural = 1;
        config.Seeds = [.. seeds];
        var folder = Folder("jointseg");
        ExperimentRunner.Run(new JointSegExperiment(), config, folder, new RunContext());

        foreach (var model in JointSegModels.Names)
            foreach (var split in new[] { "test", "test_urban", "test_rural" })
                AssertMeanOverSeeds(folder, seeds, model, split, "f1");
        var metrics = Json(folder);
        AssertPooled(metrics, Claim(metrics, "jointseg", "bilinear_unet", "f1"), JointSegEvaluation.SceneSplit, 3, seeds);
        Assert.Contains("JointSeg beats bilinear+U-Net", File.ReadAllText(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_standard_modes_list_three_seeds_and_seed_on_the_command_line_means_that_seed_alone()
    {
        foreach (var experiment in new IExperiment[] { new HeightExperiment(), new JointSegExperiment() })
        {
            var standard = (IRepeatableConfig)experiment.ResolveConfig(new ConfigRequest("standard"));
            Assert.True(standard.Seeds.Count >= 3, $"{experiment.Name}: standard lists {standard.Seeds.Count} seeds");
            var quick = (IRepeatableConfig)experiment.ResolveConfig(new ConfigRequest("quick"));
            Assert.Empty(quick.Seeds);
            var single = (IRepeatableConfig)experiment.ResolveConfig(new ConfigRequest("standard", null, 5));
            Assert.Empty(single.Seeds);
            Assert.Equal(5, single.Seed);
            Assert.False(SeedRepeats.IsRepeated(single));
        }
    }

    [Fact]
    public void A_seed_listed_twice_is_refused_naming_the_key()
    {
        var config = HeightTestData.Tiny();
        config.Seeds = [3, 5, 3];
        var e = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("seeds: 3 is listed twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_pools_unit_scores_over_seeds_with_seed_prefixed_labels()
    {
        var r1 = new MetricsReport("x", "d");
        r1.Add("a", "test", "r2", 0.5);
        r1.AddPaper("a", "test", "r2", 0.9);
        var r2 = new MetricsReport("x", "d");
        r2.Add("a", "test", "r2", 0.7);
        var merged = SeedRepeats.Merge("x", "d", [7, 11], [r1, r2],
            [[new UnitScore("a", "test_tiles", "r2", "tile", "tile0", 1.0)], [new UnitScore("a", "test_tiles", "r2", "tile", "tile0", 2.0)]]);
        Assert.Equal(0.6, merged.Models["a"]["test"]["r2"], 12);
        Assert.Equal(0.9, merged.Paper["a"]["test"]["r2"]);
        Assert.Equal(["seed7/tile0", "seed11/tile0"], merged.RepeatValues["a"]["test_tiles"]["r2"].Labels);
        Assert.Equal("tile", merged.RepeatValues["a"]["test_tiles"]["r2"].Unit);
    }
}
