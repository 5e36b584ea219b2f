using EarthEmbed.Notebooks.Packages;
using static EarthEmbed.Notebooks.Tests.TestNotebook;

namespace EarthEmbed.Notebooks.Tests.Packages;

/// <summary><c>#r "nuget: Name, Version"</c> in the headless runner, restoring from the machine's configured feed into
/// a fresh cache per test (EARTHEMBED_NUGET_CACHE; the tests of this class run one after another, so setting it is
/// safe). Packages: Humanizer.Core 2.14.1 (small, managed), Microsoft.Data.Sqlite 10.0.0 (its SQLite is a native
/// library in another package, SQLitePCLRaw.lib.e_sqlite3), and a package id no feed has.</summary>
[Collection(NuGetCache.Name)]
public class NuGetRunnerTests
{
    [Fact]
    public async Task A_package_restores_once_and_a_second_run_of_the_notebook_restores_nothing()
    {
        var cache = NuGetCache.Fresh("runner-cached");
        var notebook = new TestNotebook("nuget-humanizer")
            .Code("#r \"nuget: Humanizer.Core, 2.14.1\"\nusing Humanizer;\n\"PascalCaseInputString\".Humanize()")
            .Code("\"notebook\".ToQuantity(3)");

        var (first, executed, progress) = await notebook.Run();
        Assert.True(first.Succeeded, first.Error?.Message);
        var outputs = Outputs(executed, 1);
        var installed = outputs[0]!["data"]!;
        Assert.Contains("<strong>Installed Packages</strong>", Text(installed["text/html"]), StringComparison.Ordinal);
        Assert.Contains("Humanizer.Core, 2.14.1", Text(installed["text/html"]), StringComparison.Ordinal);
        Assert.Equal("Pascal case input string", Text(outputs[1]!["data"]!["text/plain"]));
        Assert.Equal("3 notebooks", Text(Outputs(executed, 2)[0]!["data"]!["text/plain"]));
        Assert.Contains("nuget: restored Humanizer.Core 2.14.1", progress, StringComparison.Ordinal);
        Assert.Single(NuGetCache.Restores(cache));

        var (second, again, secondProgress) = await notebook.Run();
        Assert.True(second.Succeeded, second.Error?.Message);
        Assert.Equal("Pascal case input string", Text(Outputs(again, 1)[1]!["data"]!["text/plain"]));
        Assert.Contains("Humanizer.Core 2.14.1 from the cache", secondProgress, StringComparison.Ordinal);
        Assert.Single(NuGetCache.Restores(cache));  // still the one restore of the first run
    }

    [Fact]
    public async Task A_package_the_feed_lacks_fails_its_cell_with_the_package_and_version_named()
    {
        NuGetCache.Fresh("runner-unknown");
        var (result, executed, _) = await new TestNotebook("nuget-unknown")
            .Code("var before = 1;")
            .Code("// a package no feed has\n#r \"nuget: EarthEmbed.NoSuchPackage, 1.0.0\"")
            .Run();
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Error!.Cell);
        Assert.Equal(2, result.Error.Line);
        Assert.StartsWith("cell 2, line 2: #r \"nuget: EarthEmbed.NoSuchPackage, 1.0.0\": the NuGet restore failed: NU1101", result.Error.Message, StringComparison.Ordinal);
        var error = Assert.Single(Outputs(executed, 2));
        Assert.Equal("error", error!["output_type"]!.GetValue<string>());
        Assert.Contains("EarthEmbed.NoSuchPackage", error["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_the_feed_lacks_is_named_with_NuGets_own_message()
    {
        NuGetCache.Fresh("runner-no-version");
        var (result, _, _) = await new TestNotebook("nuget-no-version").Code("#r \"nuget: Humanizer.Core, 99.0.0\"").Run();
        Assert.False(result.Succeeded);
        Assert.Contains("#r \"nuget: Humanizer.Core, 99.0.0\": the NuGet restore failed: NU1102", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_with_a_native_library_in_another_package_loads_it()
    {
        NuGetCache.Fresh("runner-native");
        var (result, executed, _) = await new TestNotebook("nuget-native")
            .Code("""
                #r "nuget: Microsoft.Data.Sqlite, 10.0.0"
                using Microsoft.Data.Sqlite;
                string version;
                using (var connection = new SqliteConnection("Data Source=:memory:"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "select sqlite_version()";
                    version = (string)command.ExecuteScalar()!;
                }
                var mapped = File.ReadAllLines("/proc/self/maps").Where(l => l.EndsWith("libe_sqlite3.so", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('/'))..]).Distinct();
                $"{version} from {string.Join(", ", mapped)}"
                """)
            .Run();
        Assert.True(result.Succeeded, result.Error?.Message);
        var text = Text(Outputs(executed, 1)[1]!["data"]!["text/plain"]);
        // SQLite's version, from the libe_sqlite3.so of the package folder's runtimes/linux-x64/native.
        Assert.Matches(@"^3\.\d+\.\d+ from .*/sqlitepclraw\.lib\.e_sqlite3/[^/]+/runtimes/linux-x64/native/libe_sqlite3\.so$", text);
    }

    [Fact]
    public async Task Another_version_of_a_loaded_package_is_refused_without_a_restore()
    {
        var cache = NuGetCache.Fresh("runner-conflict");
        var (result, _, _) = await new TestNotebook("nuget-conflict")
            .Code("#r \"nuget: Humanizer.Core, 2.14.1\"")
            .Code("#r \"nuget: Humanizer.Core, 3.0.10\"")
            .Run();
        Assert.False(result.Succeeded);
        Assert.Equal("cell 2, line 1: #r \"nuget: Humanizer.Core, 3.0.10\": Humanizer.Core 2.14.1 is already loaded in this session and .NET " +
            "cannot unload it; restart the kernel (or run the notebook again) to use another version", result.Error!.Message);
        Assert.Single(NuGetCache.Restores(cache));
    }

    [Theory]
    [InlineData("#r \"nuget:\"", "expected #r \"nuget: Name\" or #r \"nuget: Name, Version\"")]
    [InlineData("#r \"nuget: Some Package, 1.0\"", "\"Some Package\" is not a NuGet package id")]
    [InlineData("#r \"nuget: Humanizer.Core, \"", "expected #r \"nuget: Name\" or #r \"nuget: Name, Version\"")]
    public async Task A_malformed_directive_is_refused_before_any_restore(string directive, string message)
    {
        var cache = NuGetCache.Fresh("runner-malformed");
        var (result, _, _) = await new TestNotebook("nuget-malformed").Code(directive).Run();
        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(NuGetCache.Restores(cache));
    }

    [Fact]
    public void Directives_parse_into_name_version_and_line()
    {
        Assert.Equal(new PackageRequest("Humanizer.Core", "2.14.1", 3), PackageRequest.Parse("nuget: Humanizer.Core, 2.14.1", 1, 3));
        Assert.Equal(new PackageRequest("Humanizer.Core", null, 1), PackageRequest.Parse("nuget:Humanizer.Core", 1, 1));
        Assert.Equal(new PackageRequest("A", "[1.0,2.0)", 1), PackageRequest.Parse("nuget: A, [1.0,2.0)", 1, 1));
        Assert.Equal("*", PackageRequest.Parse("nuget: A", 1, 1).VersionOrNewest);
    }
}

/// <summary>Tests that point EARTHEMBED_NUGET_CACHE at a folder of their own run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NuGetCache
{
    /// <summary>The collection's name.</summary>
    public const string Name = "NuGet cache";

    /// <summary>A fresh, empty cache folder under the test output, set as EARTHEMBED_NUGET_CACHE.</summary>
    internal static string Fresh(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "nuget-cache", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Environment.SetEnvironmentVariable(PackageRestorer.CacheVariable, folder);
        return folder;
    }

    /// <summary>The lines of the cache's restores.log: one per restore that ran.</summary>
    internal static string[] Restores(string cache)
    {
        var log = Path.Combine(cache, PackageRestorer.LogName);
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }
}
