namespace EarthEmbed.Engine.Tests;

/// <summary><c>./earthembed doctor</c> as a user runs it (the launcher builds the CLI into build/cli when needed).</summary>
public class DoctorTests
{
    [Fact]
    public async Task Doctor_names_TorchSharp_libtorch_2_10_the_compatibility_step_threads_and_CUDA_and_exits_0()
    {
        var (code, output, stderr) = await Processes.RunAsync("bash", Processes.RepoRoot(), TimeSpan.FromMinutes(10), "earthembed", "doctor");
        Assert.True(code == 0, output + stderr);
        Assert.Matches(@"TorchSharp +0\.107\.\d+, libtorch 2\.10\.[\d.]+, \d+ threads, CUDA: (none|\d+ device\(s\))", output);
        Assert.Matches(@"compat +(applied \(.*\); the patched copy is loaded|not applied \(.*\))", output);
        Assert.Contains("doctor: usable", output, StringComparison.Ordinal);
    }
}
