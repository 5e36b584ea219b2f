#pragma warning disable CA1861 // small literal arrays in tests read best inline
using EarthEmbed.Experiments;
using EarthEmbed.Runs;
using EarthEmbed.Tests.Data.Hydrology;

namespace EarthEmbed.Tests.Experiments.StefaLand;

/// <summary>`earthembed replicate stefaland --quick --config overlay.yaml` on a user's own basins, as the command
/// line runs it (the experiment found by name, the shared <see cref="ExperimentRunner"/>): the CAMELS-US layout and
/// the generic layout, each a tiny learnable fixture written by <see cref="CamelsFixture.Learnable"/>, with a tiny
/// model so that each run takes seconds.</summary>
public sealed class StefaLandRealDataTests : IDisposable
{
    private readonly CamelsFixture camels = CamelsFixture.Learnable();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "stefaland-real-" + Guid.NewGuid().ToString("N"));

    public StefaLandRealDataTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        camels.Dispose();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>The sizes of a run that takes seconds, as YAML lines of an overlay on quick mode.</summary>
    internal const string TinyYaml = """
        sequence_length: 32
        warmup_days: 8
        d_model: 8
        heads: 2
        layers: 1
        feed_forward: 16
        embed_hidden: 4
        lstm_hidden: 8
        min_mask_days: 2
        max_mask_days: 6
        pretrain_epochs: 1
        pretrain_samples_per_epoch: 16
        batch_size: 8
        finetune_epochs: 2
        finetune_samples_per_epoch: 16
        pub_folds: 2
        pub_folds_run: 1
        pur_regions: []
        models: [stefaland, lstm, scratch, linear_probe]
        save_checkpoints: false

        """;

    private (MetricsReport Metrics, string Out) Replicate(string overlay)
    {
        var path = Path.Combine(folder, "overlay.yaml");
        File.WriteAllText(path, overlay + TinyYaml);
        var outDir = Path.Combine(folder, "out");
        ExperimentRunner.Run(ExperimentCatalog.Find("stefaland"), new ExperimentOptions { Mode = "quick", ConfigPath = path, OutDir = outDir });
        return (MetricsReport.Load(Path.Combine(outDir, "metrics.json")), outDir);
    }

    private static void AssertFiniteNse(MetricsReport metrics)
    {
        Assert.Equal(new[] { "linear_probe", "lstm", "scratch", "stefaland" }, metrics.Models.Keys);
        foreach (var (model, splits) in metrics.Models)
        {
            // No soil moisture, texture or landslide records in these folders: only the streamflow splits run.
            Assert.Equal(new[] { "gauged", "pub", "pur" }, splits.Keys);
            foreach (var split in splits.Values)
                Assert.True(double.IsFinite(split["nse"]) && double.IsFinite(split["kge"]), $"{model}: NSE {split["nse"]}, KGE {split["kge"]}");
        }
    }

    [Fact]
    public void Replicate_on_the_CAMELS_US_layout_with_a_relative_data_path_scores_every_model_on_PUB_and_PUR()
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), camels.Root);
        var (metrics, outDir) = Replicate($"data: camels_us\ndata_path: {relative}\nforcing_source: daymet\n");
        AssertFiniteNse(metrics);
        Assert.StartsWith($"CAMELS-US (daymet) at {Path.GetFullPath(camels.Root)}: 8 basins in 2 HUC-02 regions, 2011-01-01..2014-12-31", metrics.Data, StringComparison.Ordinal);
        var scores = File.ReadAllLines(Path.Combine(outDir, "site_scores.csv"));
        // PUR left out HUC 01 then HUC 03: every basin is scored once per model there.
        Assert.Equal(4 * 8, scores.Count(l => l.Contains(",pur,", StringComparison.Ordinal)));
        Assert.Contains(scores, l => l.Contains(",pur-01,01010000,01,", StringComparison.Ordinal));
        Assert.Contains(scores, l => l.Contains(",pur-03,03080000,03,", StringComparison.Ordinal));
        Assert.Contains(metrics.Data, File.ReadAllText(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Replicate_on_the_generic_layout_scores_every_model_on_PUB_and_PUR_with_the_region_column()
    {
        var generic = Path.Combine(folder, "generic");
        camels.WriteGeneric(generic);
        var (metrics, outDir) = Replicate($"data: generic\ndata_path: {generic}\nregion_column: region\n");
        AssertFiniteNse(metrics);
        Assert.StartsWith($"generic layout at {generic}: 8 sites in 2 regions ('region' column), 2011-01-01..2014-12-31", metrics.Data, StringComparison.Ordinal);
        var scores = File.ReadAllLines(Path.Combine(outDir, "site_scores.csv"));
        Assert.Contains(scores, l => l.Contains(",pur-north,01010000,north,", StringComparison.Ordinal));
        Assert.Contains(scores, l => l.Contains(",pur-south,03050000,south,", StringComparison.Ordinal));
    }
}
