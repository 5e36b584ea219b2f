using System.Text.Json;
using EarthEmbed.Runs;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Tests.Runs;

/// <summary>The run folder: the one writer of a run's fixed files, atomic, and the list of what was written.</summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "ee-runfolder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Files_json_lists_the_trainers_checkpoints_that_nobody_recorded_but_not_their_temporaries()
    {
        var folder = RunFolder.Create(Path.Combine(root, "run"));
        folder.WriteConfig(new TrainerOptionsLike { Epochs = 3 });
        var unet = Path.Combine(folder.Checkpoints, "unet");
        Directory.CreateDirectory(unet);
        foreach (var name in new[] { "last.safetensors", "previous.safetensors", "best.safetensors", "last.safetensors.tmp-7-abc" })
            File.WriteAllBytes(Path.Combine(unet, name), [1]);
        var metrics = new MetricsReport("demo", "tiny");
        metrics.Add("model", "test", "r2", 0.5);
        folder.WriteMetrics(metrics);
        folder.WriteFileList();

        var listed = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(root, "run", "files.json")))!;
        Assert.Equal(["config.yaml", "checkpoints/unet/best.safetensors", "checkpoints/unet/last.safetensors",
            "checkpoints/unet/previous.safetensors", "metrics.json", "files.json"], listed);
    }

    [Fact]
    public void The_fixed_files_and_the_experiments_own_are_listed_in_files_json_in_the_order_written()
    {
        var folder = RunFolder.Create(Path.Combine(root, "run"));
        folder.WriteConfig(new TrainerOptionsLike { Epochs = 3 });
        var checkpoint = Path.Combine(folder.Checkpoints, "model.safetensors");
        File.WriteAllBytes(checkpoint, [1, 2, 3]);
        folder.Record(checkpoint);
        folder.Record(checkpoint);   // listed once
        folder.WriteText("predictions/test.csv", "a,b\n");
        var metrics = new MetricsReport("demo", "tiny");
        metrics.Add("model", "test", "r2", 0.5);
        folder.WriteMetrics(metrics);
        folder.WriteReport(new HtmlReport("Demo").AddText("hello"));
        folder.WriteFileList();

        var listed = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(root, "run", "files.json")))!;
        Assert.Equal(["config.yaml", "checkpoints/model.safetensors", "predictions/test.csv", "metrics.json", "report.html", "files.json"], listed);
        Assert.Equal("epochs: 3\n", File.ReadAllText(Path.Combine(root, "run", "config.yaml")));
        Assert.Equal(0.5, MetricsReport.Load(Path.Combine(root, "run", "metrics.json")).Models["model"]["test"]["r2"]);
        Assert.Contains("hello", File.ReadAllText(Path.Combine(root, "run", "report.html")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "run"), "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_path_outside_the_folder_and_a_file_never_written_are_refused_by_name()
    {
        var folder = RunFolder.Create(Path.Combine(root, "run"));
        var outside = Assert.Throws<ArgumentException>(() => folder.PathOf("../elsewhere.txt"));
        Assert.Contains("outside the run folder", outside.Message, StringComparison.Ordinal);
        var missing = Path.Combine(folder.Path, "never.bin");
        var e = Assert.Throws<FileNotFoundException>(() => folder.Record(missing));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_folder_cannot_be_made_where_a_file_is()
    {
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "taken");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<IOException>(() => RunFolder.Create(file));
        Assert.Contains("is a file", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A one-key config for the YAML check.</summary>
    [Fact]
    public void Resuming_under_another_config_is_refused_with_the_line_that_differs()
    {
        var folder = RunFolder.Create(Path.Combine(root, "resume"));
        folder.CheckResumable(new TrainerOptionsLike { Epochs = 3 });  // nothing ran yet: fine
        folder.WriteConfig(new TrainerOptionsLike { Epochs = 3 });
        folder.CheckResumable(new TrainerOptionsLike { Epochs = 3 });
        var e = Assert.Throws<InvalidOperationException>(() => folder.CheckResumable(new TrainerOptionsLike { Epochs = 4 }));
        Assert.Contains("epochs: 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("epochs: 4", e.Message, StringComparison.Ordinal);
    }

    public sealed class TrainerOptionsLike
    {
        public int Epochs { get; set; }
    }
}
