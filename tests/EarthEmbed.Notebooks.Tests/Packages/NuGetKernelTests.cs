using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Tests.Kernel;
using static EarthEmbed.Notebooks.Tests.Kernel.KernelDriver;

namespace EarthEmbed.Notebooks.Tests.Packages;

/// <summary>One kernel started by jupyter_client, asked for packages with <c>#r "nuget:"</c> (driver.py packages):
/// one the feed lacks, a managed one, one with a native library, then the managed one again after a restart.</summary>
public sealed class NuGetKernelSession
{
    public NuGetKernelSession()
    {
        var bin = AppContext.BaseDirectory;
        var data = InstallSpec("nuget-kernel", Path.Combine(bin, "EarthEmbed.Cli.dll"));
        var work = Path.Combine(bin, "test-output", "nuget-kernel");
        Cache = Path.Combine(work, "cache");
        if (Directory.Exists(Cache)) Directory.Delete(Cache, recursive: true);
        Directory.CreateDirectory(work);
        Result = Run(data, work, 600, "packages", Cache);
    }

    internal JsonObject Result { get; }

    internal string Cache { get; }

    internal JsonNode this[string step] => Result[step] ?? throw new KeyNotFoundException($"driver.py printed no step {step}");
}

/// <summary>The kernel's <c>#r "nuget:"</c> through a real Jupyter client.</summary>
public class NuGetKernelTests(NuGetKernelSession session) : IClassFixture<NuGetKernelSession>
{
    [Fact]
    public void A_package_the_feed_lacks_fails_the_cell_fast_and_the_kernel_goes_on()
    {
        var unknown = session["unknown"];
        Assert.Equal("error", Text(unknown["reply"]!["status"]));
        Assert.StartsWith("cell 1, line 1: #r \"nuget: EarthEmbed.NoSuchPackage, 1.0.0\": the NuGet restore failed: NU1101", Text(unknown["reply"]!["evalue"]), StringComparison.Ordinal);
        Assert.Contains("error", Types(unknown));
        Assert.True(session["unknown_seconds"]!.GetValue<double>() < 120, "the failed restore should not hang");
        var after = session["after_unknown"];
        Assert.Equal("ok", Text(after["reply"]!["status"]));
        Assert.Equal("2", Text(First(after, "execute_result")["data"]!["text/plain"]));
    }

    [Fact]
    public void A_managed_package_shows_Installed_Packages_and_is_usable_in_the_same_cell()
    {
        var managed = session["managed"];
        Assert.Equal("ok", Text(managed["reply"]!["status"]));
        var display = First(managed, "display_data")["data"]!;
        Assert.Contains("<strong>Installed Packages</strong>", Text(display["text/html"]), StringComparison.Ordinal);
        Assert.Contains("Humanizer.Core, 2.14.1", Text(display["text/plain"]), StringComparison.Ordinal);
        Assert.Equal("Pascal case input string", Text(First(managed, "execute_result")["data"]!["text/plain"]));
    }

    [Fact]
    public void A_package_whose_native_library_is_in_another_package_runs()
    {
        var native = session["native"];
        Assert.Equal("ok", Text(native["reply"]!["status"]));
        Assert.Matches(@"^3\.\d+\.\d+$", Text(First(native, "execute_result")["data"]!["text/plain"]));
    }

    [Fact]
    public void Each_set_restores_once_and_after_a_restart_the_same_package_comes_from_the_cache()
    {
        // Humanizer, then Humanizer + Microsoft.Data.Sqlite (restored together): two restores; the unknown one failed.
        var before = session["restores_before_restart"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
        Assert.Equal(2, before.Length);
        Assert.Contains("restored Humanizer.Core 2.14.1 in", before[0], StringComparison.Ordinal);
        var again = session["managed_again"];
        Assert.Equal("ok", Text(again["reply"]!["status"]));
        Assert.Equal("3 notebooks", Text(First(again, "execute_result")["data"]!["text/plain"]));
        Assert.Contains("Humanizer.Core, 2.14.1", Text(First(again, "display_data")["data"]!["text/plain"]), StringComparison.Ordinal);
        Assert.Equal(before, session["restores_after_restart"]!.AsArray().Select(l => l!.GetValue<string>()));
    }
}
