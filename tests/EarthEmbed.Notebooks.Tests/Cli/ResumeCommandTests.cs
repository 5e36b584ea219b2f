using System.Diagnostics;
using static EarthEmbed.Notebooks.Tests.Cli.NotebookCommandTests;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>`earthembed replicate jointseg --resume` after a kill -9 (SIGKILL, no chance to clean up) in the middle of
/// the second model's training ends with the metrics.json of a run never interrupted.</summary>
public class ResumeCommandTests
{
    [Fact]
    [Trait("Category", "Long")]
    public async Task A_run_killed_with_sigkill_and_resumed_ends_with_the_uninterrupted_metrics()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ee-resume-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var config = Path.Combine(root, "tiny.yaml");
            File.WriteAllText(config, string.Join('\n',
                "scene_size: 16", "train_urban: 1", "train_rural: 1", "test_urban: 1", "test_rural: 1", "steps: 8", "steps_per_epoch: 2",
                "batch_size: 2", "trunk_channels: 8", "growth_channels: 4", "stage_channels: [8, 4]", "seg_channels: 4", "olinda_window: 8",
                "adversarial_weight: 0.01"));
            string straight = Path.Combine(root, "straight"), killed = Path.Combine(root, "killed");
            var (code, _, stderr) = Earthembed("replicate", "jointseg", "--quick", "--config", config, "--out", straight);
            Assert.True(code == 0, stderr);

            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"), "replicate", "jointseg", "--quick", "--config", config, "--out", killed })
                info.ArgumentList.Add(a);
            using (var process = Process.Start(info)!)
            {
                var seen = new TaskCompletionSource();
                process.OutputDataReceived += (_, e) =>
                {
                    if (e.Data?.Contains("bilinear_unet: epoch 2/", StringComparison.Ordinal) == true) seen.TrySetResult();
                };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                await seen.Task.WaitAsync(TimeSpan.FromMinutes(5));  // TimeoutException: the run never reached bilinear_unet's second epoch
                process.Kill(entireProcessTree: true);  // SIGKILL on Linux
                await process.WaitForExitAsync();
            }
            Assert.False(File.Exists(Path.Combine(killed, "jointseg", "metrics.json")));

            var (resumedCode, stdout, resumedErr) = Earthembed("replicate", "jointseg", "--quick", "--config", config, "--out", killed, "--resume");
            Assert.True(resumedCode == 0, resumedErr);
            Assert.Contains("resumed from", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("jointseg: epoch 1/", stdout, StringComparison.Ordinal);  // the finished model was not retrained
            Assert.Equal(File.ReadAllText(Path.Combine(straight, "jointseg", "metrics.json")),
                File.ReadAllText(Path.Combine(killed, "jointseg", "metrics.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
