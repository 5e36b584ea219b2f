using System.Text.Json;

namespace EarthEmbed.Engine.Tests;

/// <summary>environment/torchsharp_compat.py, run on TorchSharp's own libLibTorchSharp.so into a temporary folder;
/// binutils' readelf is the independent judge of what the patched copy asks of the loader.</summary>
public sealed class CompatibilityScriptTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ee-compat-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Script => Path.Combine(Processes.RepoRoot(), "environment", "torchsharp_compat.py");

    private static string LibTorchDir => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    /// <summary>TorchSharp's unpatched file, as the build's record names it.</summary>
    private static string Source
    {
        get
        {
            var record = Path.Combine(AppContext.BaseDirectory, CompatibilityStep.RecordFileName);
            Assert.True(File.Exists(record), $"{record} missing: the build's compatibility step did not run");
            using var doc = JsonDocument.Parse(File.ReadAllText(record));
            return doc.RootElement.GetProperty("source").GetString()!;
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var (code, stdout, stderr) = Processes.RunAsync(file, Processes.RepoRoot(), TimeSpan.FromMinutes(2), args).GetAwaiter().GetResult();
        return (code, stdout + stderr);
    }

    private static string SystemLibStdCxx()
    {
        var (_, ldd) = Run("ldd", Source);
        var line = ldd.Split('\n').First(l => l.Trim().StartsWith("libstdc++.so.6 =>", StringComparison.Ordinal));
        return line.Split("=>")[1].Split('(')[0].Trim();
    }

    [Fact]
    public void On_a_libstdcxx_without_GLIBCXX_3_4_32_the_copy_asks_for_that_version_weakly_and_nothing_else_changes()
    {
        if (!OperatingSystem.IsLinux()) return;
        // This system's libstdc++ with any GLIBCXX_3.4.31/32 names blanked out: GCC 12's set, wherever the test runs.
        var fake = Path.Combine(dir, "gcc12-libstdc++.so.6");
        var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(SystemLibStdCxx()));
        File.WriteAllBytes(fake, System.Text.Encoding.Latin1.GetBytes(
            text.Replace("GLIBCXX_3.4.31", "XXXXXXXXXXXXXX", StringComparison.Ordinal).Replace("GLIBCXX_3.4.32", "XXXXXXXXXXXXXX", StringComparison.Ordinal)));
        var (code, output) = Run("python3", Script, Source, LibTorchDir, dir, "--libstdcxx", fake);
        Assert.True(code == 0, output);
        var patched = Path.Combine(dir, "libLibTorchSharp.so");
        var (_, versions) = Run("readelf", "-V", "-W", patched);
        Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: WEAK", versions);
        var (_, original) = Run("readelf", "-V", "-W", Source);
        Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: none", original);
        // One two-byte flag differs, nothing else.
        var a = File.ReadAllBytes(Source);
        var b = File.ReadAllBytes(patched);
        Assert.Equal(a.Length, b.Length);
        Assert.InRange(a.Zip(b).Count(p => p.First != p.Second), 1, 2);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, CompatibilityStep.RecordFileName)));
        Assert.True(doc.RootElement.GetProperty("applied").GetBoolean());
        Assert.Contains("_ZSt21ios_base_library_initv", doc.RootElement.GetProperty("weakened").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_run_with_nothing_changed_writes_nothing()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (code, output) = Run("python3", Script, Source, LibTorchDir, dir);
        Assert.True(code == 0, output);
        var files = Directory.GetFiles(dir).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Thread.Sleep(20);
        (code, output) = Run("python3", Script, Source, LibTorchDir, dir);
        Assert.True(code == 0, output);
        Assert.Equal(files, Directory.GetFiles(dir).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void On_a_libstdcxx_that_has_every_version_nothing_is_patched_and_the_record_says_so()
    {
        if (!OperatingSystem.IsLinux()) return;
        var fake = Path.Combine(dir, "new-libstdc++.so.6");
        File.WriteAllBytes(fake, [.. File.ReadAllBytes(SystemLibStdCxx()), .. "GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0"u8.ToArray()]);
        var (code, output) = Run("python3", Script, Source, LibTorchDir, dir, "--libstdcxx", fake);
        Assert.True(code == 0, output);
        Assert.Contains("not needed", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "libLibTorchSharp.so")));
        var step = CompatibilityStep.Read(Path.Combine(dir, CompatibilityStep.RecordFileName), loaded: null);
        Assert.False(step.Applied);
        Assert.StartsWith("not applied", step.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_version_whose_symbols_are_called_is_refused_and_nothing_is_written()
    {
        if (!OperatingSystem.IsLinux()) return;
        // A libstdc++ stopping at GLIBCXX_3.4.28: TorchSharp calls GLIBCXX_3.4.29's __throw_bad_array_new_length.
        var fake = Path.Combine(dir, "old-libstdc++.so.6");
        File.WriteAllBytes(fake, "GLIBCXX_3.4\0GLIBCXX_3.4.28\0CXXABI_1.3\0"u8.ToArray());
        var (code, output) = Run("python3", Script, Source, LibTorchDir, dir, "--libstdcxx", fake);
        Assert.Equal(1, code);
        Assert.Contains("weakening it would break them", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "libLibTorchSharp.so")));
        Assert.DoesNotContain(Directory.GetFiles(dir), f => Path.GetFileName(f).StartsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_TorchSharp_library_is_named_in_the_error()
    {
        var missing = Path.Combine(dir, "nowhere", "libLibTorchSharp.so");
        var (code, output) = Run("python3", Script, missing, LibTorchDir, dir);
        Assert.Equal(1, code);
        Assert.Contains(missing, output, StringComparison.Ordinal);
    }
}
