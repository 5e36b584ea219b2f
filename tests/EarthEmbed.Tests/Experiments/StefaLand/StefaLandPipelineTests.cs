#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Data.Hydrology;
using EarthEmbed.Experiments;
using EarthEmbed.Experiments.StefaLand;
using EarthEmbed.Metrics;
using EarthEmbed.Runs;
using EarthEmbed.Tests.Training;
using TorchSharp;

namespace EarthEmbed.Tests.Experiments.StefaLand;

[Collection(TrainerTests.Serial)]
public class StefaLandPipelineTests
{
    private static string Run(StefaLandConfig config, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "stefaland", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "tiny.yaml");
        File.WriteAllText(path, ConfigFile.Save(config));
        ExperimentRunner.Run(new StefaLandExperiment(), new ExperimentOptions { ConfigPath = path, OutDir = Path.Combine(folder, "out") });
        return Path.Combine(folder, "out");
    }

    [Fact]
    public void Pub_folds_partition_the_sites_and_pur_leaves_out_whole_regions()
    {
        var config = TinyConfig.Make();
        var world = StefaLandExperiment.MakeWorld(config);
        var pub = StefaLandProtocol.Pub(world, 2, 2, 3);
        Assert.Equal(Enumerable.Range(0, world.Count), pub.SelectMany(f => f.TestSites).Order());
        foreach (var fold in pub.Concat(StefaLandProtocol.Pur(world, [])))
        {
            Assert.Empty(fold.TrainSites.Intersect(fold.TestSites));
            Assert.Equal(world.Count, fold.TrainSites.Count + fold.TestSites.Count);
        }
        var pur = StefaLandProtocol.Pur(world, []);
        Assert.Equal(world.Regions.Count, pur.Count);
        foreach (var fold in pur)
            Assert.Single(fold.TestSites.Select(i => world.Sites[i].Region).Distinct());
        Assert.Throws<ArgumentException>(() => StefaLandProtocol.Pur(world, ["atlantis"]));
    }

    [Fact]
    public void No_test_site_is_ever_seen_in_pretraining_and_every_model_and_split_is_scored()
    {
        var config = TinyConfig.Make();
        var world = StefaLandExperiment.MakeWorld(config);
        var raw = StefaLandData.From(world, config.TestYears);
        var result = new StefaLandResult(config, "tiny");
        foreach (var fold in StefaLandExperiment.Folds(world, config)) StefaLandExperiment.RunFold(raw, fold, config, result, secondary: false);
        Assert.Equal(3, result.Folds.Count);  // one PUB fold, two PUR regions
        foreach (var fold in result.Folds)
        {
            Assert.Empty(fold.PretrainSites.Intersect(fold.TestSites));
            Assert.NotEmpty(fold.TestSites);
        }
        var metrics = result.ToMetrics();
        foreach (var model in StefaLandResult.Models)
            foreach (var split in new[] { "pub", "pur" })
                Assert.True(metrics.Models[model][split].ContainsKey("nse"), $"{model}/{split}");
        Assert.Equal(0.717, metrics.Paper["stefaland"]["pub"]["nse"]);
    }

    [Fact]
    public void The_gauged_split_scores_the_first_pub_folds_training_sites_once_and_the_claims_are_paired_by_site()
    {
        var config = TinyConfig.Make();
        config.PubFoldsRun = 2;
        var world = StefaLandExperiment.MakeWorld(config);
        var raw = StefaLandData.From(world, config.TestYears);
        var result = new StefaLandResult(config, "tiny");
        foreach (var fold in StefaLandExperiment.Folds(world, config)) StefaLandExperiment.RunFold(raw, fold, config, result, secondary: false);
        var first = result.Folds.First(f => f.Split == "pub");
        foreach (var model in StefaLandResult.Models)
        {
            // Exactly the first PUB fold's training sites (its pretraining sites), each once, though two PUB folds ran.
            var gauged = result.Streamflow.Where(s => s.Model == model && s.Split == StefaLandExperiment.GaugedSplit).ToArray();
            Assert.Equal(first.PretrainSites.Order(StringComparer.Ordinal), gauged.Select(s => s.SiteId).Order(StringComparer.Ordinal));
            Assert.All(gauged, s => Assert.Equal(first.Fold, s.Fold));
            // The fold's PUB scores stay its test sites only (the gauged ones carry the same fold name, another split).
            Assert.Equal(first.TestSites.Order(StringComparer.Ordinal), result.Streamflow
                .Where(s => s.Model == model && s.Split == "pub" && s.Fold == first.Fold).Select(s => s.SiteId).Order(StringComparer.Ordinal));
        }
        // The gauged series are the observed streamflow of those sites over the test period.
        var series = result.Series.First(s => s.Split == StefaLandExperiment.GaugedSplit);
        var site = world.Sites.Select((s, i) => (s, i)).First(p => p.s.Id == series.SiteId).i;
        Assert.Equal(raw.Targets[HydroVariables.Streamflow].AsSpan(site * raw.Days + raw.TrainDays, raw.Days - raw.TrainDays).ToArray(), series.Observed);
        var metrics = result.ToMetrics();
        // Medians are written with their bootstrap intervals over sites; the point value is the interval's estimate.
        var lstm = metrics.RepeatValues["lstm"]["gauged"]["nse"];
        Assert.Equal("site", lstm.Unit);
        Assert.Equal(first.PretrainSites.Count, lstm.Labels.Count);
        var interval = metrics.Intervals["lstm"]["pub"]["nse"];
        Assert.Equal(metrics.Models["lstm"]["pub"]["nse"], interval.Estimate);
        Assert.Equal(result.Median("lstm", "pub", "nse"), interval.Estimate, 12);
        Assert.True(interval.Lo <= interval.Estimate && interval.Estimate <= interval.Hi);
        // One claim per split, paired over every test site of that split.
        Assert.Equal(new[] { "pub", "pur" }, metrics.Comparisons.Select(c => c.Split));
        var pub = metrics.Comparisons[0];
        Assert.Equal(("stefaland", "lstm", "nse", "site"), (pub.A, pub.B, pub.Metric, pub.Unit));
        Assert.Equal(world.Count, pub.N);   // two PUB folds of two: every site once
        Assert.Contains(pub.Verdict.ToJsonName(), StefaLandReport.Verdict(result, metrics).Replace(' ', '_'), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_tiny_config_and_seed_give_the_same_metrics_json()
    {
        var first = File.ReadAllText(Path.Combine(Run(TinyConfig.Make(), "a"), "metrics.json"));
        var second = Path.Combine(Run(TinyConfig.Make(), "b"));
        Assert.Equal(first, File.ReadAllText(Path.Combine(second, "metrics.json")));
        Assert.True(File.Exists(Path.Combine(second, "config.yaml")));
        Assert.True(File.Exists(Path.Combine(second, "site_scores.csv")));
        Assert.True(File.Exists(Path.Combine(second, "checkpoints", "pub-1-encoder.safetensors")));
        var report = MetricsReport.Load(Path.Combine(second, "metrics.json"));
        Assert.Contains("pub_landslides", report.Models["stefaland"].Keys);
        Assert.Contains("pub_soil_moisture", report.Models["lstm"].Keys);
    }

    [Fact]
    public void Pretraining_overfits_one_tiny_batch()
    {
        var config = TinyConfig.Make();
        var world = StefaLandExperiment.MakeWorld(config);
        var raw = StefaLandData.From(world, config.TestYears);
        var data = raw.Normalize(Enumerable.Range(0, raw.Sites).ToArray());
        torch.manual_seed(4);
        using var encoder = new StefaLandEncoder(config, raw.Forcings.Count, raw.Attributes.Count);
        using var model = new StefaLandPretrainModel(encoder);
        using var optimizer = torch.optim.AdamW(model.parameters(), lr: 3e-3, weight_decay: 0.01);
        int[] sites = [0, 3, 6, 9], starts = [0, 40, 80, 120];
        var masks = new MaskGenerator(16, raw.Forcings.Count, raw.AttributeGroups, 2, 6, 0.5, 0.5, 1).Sample(4);
        var losses = new List<double>();
        for (var step = 0; step < 150; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (dynamic, statics) = EarthEmbed.Experiments.StefaLand.Windows.Inputs(data, sites, starts, 16);
            var dm = torch.tensor(masks.Dynamic, new long[] { 4, 16, raw.Forcings.Count });
            var sm = torch.tensor(masks.Static, new long[] { 4, raw.Attributes.Count });
            var (pd, ps) = model.call(dynamic, statics, dm, sm);
            var loss = StefaLandLosses.Total(pd, dynamic, dm, EarthEmbed.Experiments.StefaLand.Windows.DynamicStd(data, sites), ps, statics, sm, 0.5);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.ToDouble());
        }
        Assert.True(losses[^1] < 0.2 * losses[0], $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
    }

    [Fact]
    public void The_data_blocks_keep_forcings_attribute_groups_and_a_test_period_of_the_last_years()
    {
        var config = TinyConfig.Make();
        var raw = StefaLandData.From(StefaLandExperiment.MakeWorld(config), 1);
        Assert.Equal(HydroVariables.Forcings, raw.Forcings);
        Assert.Equal(raw.Days - 365, raw.TrainDays);
        Assert.Equal(5, raw.AttributeGroups.Distinct().Count());
        Assert.DoesNotContain(raw.Attributes, a => raw.Dataset.AttributeNames.First(n => n.Name == a).Group == AttributeGroup.Hydrology);
    }
}
