using System.Diagnostics;
using static EarthEmbed.Notebooks.Tests.Cli.NotebookCommandTests;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>`earthembed replicate NAME --resume` after a kill -9 (SIGKILL, no chance to clean up) in the middle of
/// the second model's training ends with the metrics.json of a run never interrupted, for each paper, on tiny
/// configs given as `--config` overlays.</summary>
public class ResumeCommandTests
{
    /// <summary>Paper, its tiny overlay, the progress line at which the run is killed (inside the second model's
    /// training), and a line of the first model's training that the resumed run must not print again.</summary>
    public static TheoryData<string, string[], string, string> Papers() => new()
    {
        {
            "height",
            ["landscape: {width: 96, height: 96, bands: 16, hill_scale: 400, seed: 3}", "seed: 3", "encoder: resnet-tiny",
             "encoder_depth: 3", "decoder_channels: [16, 16, 8]", "patch_size: 32", "batch_size: 4", "patches_per_epoch: 8",
             "validation_fraction: 0.34", "training: {epochs: 3, learning_rate: 0.003, schedule: none, patience: 0, seed: 3}",
             "tile_size: 64", "tile_overlap: 16"],
            "unetpp: epoch 1/3", "unet: epoch 1/3"
        },
        {
            "stefaland",
            ["regions: 2", "sites_per_region: 4", "years: 2", "test_years: 1", "sequence_length: 16", "d_model: 8", "heads: 2",
             "layers: 1", "feed_forward: 16", "embed_hidden: 4", "min_mask_days: 2", "max_mask_days: 6", "pretrain_epochs: 2",
             "pretrain_samples_per_epoch: 8", "batch_size: 8", "finetune_epochs: 2", "finetune_samples_per_epoch: 8",
             "warmup_days: 4", "lstm_hidden: 8", "pub_folds: 2", "pub_folds_run: 1", "pur_regions: []", "secondary_tasks: false",
             "models: [stefaland, lstm, scratch, linear_probe]",
             "seed: 5"],
            "pub-1 scratch (streamflow) epoch 1/2", "pub-1 pretrain epoch 1/2"
        },
        {
            "jointseg",
            ["scene_size: 16", "train_urban: 1", "train_rural: 1", "test_urban: 1", "test_rural: 1", "steps: 8", "steps_per_epoch: 2",
             "batch_size: 2", "trunk_channels: 8", "growth_channels: 4", "stage_channels: [8, 4]", "seg_channels: 4", "olinda_window: 8",
             "adversarial_weight: 0.01"],
            "bilinear_unet: epoch 2/", "jointseg: epoch 1/"
        },
    };

    [Theory]
    [MemberData(nameof(Papers))]
    [Trait("Category", "Long")]
    public async Task A_run_killed_with_sigkill_and_resumed_ends_with_the_uninterrupted_metrics(string paper, string[] overlay, string killAt, string notRedone)
    {
        var root = Path.Combine(Path.GetTempPath(), $"ee-resume-{paper}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var config = Path.Combine(root, "tiny.yaml");
            File.WriteAllText(config, string.Join('\n', overlay) + "\n");
            string straight = Path.Combine(root, "straight"), killed = Path.Combine(root, "killed");
            var (code, _, stderr) = Earthembed("replicate", paper, "--quick", "--config", config, "--out", straight);
            Assert.True(code == 0, stderr);

            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"), "replicate", paper, "--quick", "--config", config, "--out", killed })
                info.ArgumentList.Add(a);
            using (var process = Process.Start(info)!)
            {
                var seen = new TaskCompletionSource();
                process.OutputDataReceived += (_, e) =>
                {
                    if (e.Data?.Contains(killAt, StringComparison.Ordinal) == true) seen.TrySetResult();
                };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                await seen.Task.WaitAsync(TimeSpan.FromMinutes(5));  // TimeoutException: the run never printed killAt
                process.Kill(entireProcessTree: true);  // SIGKILL on Linux
                await process.WaitForExitAsync();
            }
            Assert.False(File.Exists(Path.Combine(killed, paper, "metrics.json")));

            var (resumedCode, stdout, resumedErr) = Earthembed("replicate", paper, "--quick", "--config", config, "--out", killed, "--resume");
            Assert.True(resumedCode == 0, resumedErr);
            Assert.Contains("resumed from", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(notRedone, stdout, StringComparison.Ordinal);  // the finished model was not retrained
            Assert.Equal(File.ReadAllText(Path.Combine(straight, paper, "metrics.json")),
                File.ReadAllText(Path.Combine(killed, paper, "metrics.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
