using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EarthEmbed.Notebooks.Packages;

/// <summary>A package as the restore resolved it.</summary>
/// <param name="Name">The id as the feed spells it.</param>
/// <param name="Version">The version restored.</param>
internal sealed record ResolvedPackage(string Name, string Version);

/// <summary>What one restore produced: the requested packages with the versions chosen, and every runtime assembly
/// and native library of them and their dependencies, for this process's framework and runtime identifier.</summary>
/// <param name="Packages">The requested packages, resolved.</param>
/// <param name="Assemblies">Full paths of the managed runtime assemblies (all packages of the closure).</param>
/// <param name="NativeLibraries">Full paths of the native libraries for this runtime identifier.</param>
/// <param name="FromCache">True when nothing was restored: an earlier restore of the same set was reused.</param>
internal sealed record RestoredPackages(
    IReadOnlyList<ResolvedPackage> Packages, IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeLibraries, bool FromCache);

/// <summary>Restores NuGet packages the way .NET Interactive does: a tiny project that references them is written into
/// a cache folder and restored by the ordinary client (<c>dotnet restore</c>, so the user's NuGet.config, feeds,
/// credentials and the global packages folder apply as in any build); its <c>project.assets.json</c> then names the
/// runtime and native assets for this process's framework and runtime identifier. Each set of packages restores once:
/// the result is kept in <c>CACHE/KEY/packages.json</c> (KEY a hash of the set, the framework and the runtime), and
/// later runs, in this process or another, read it without calling <c>dotnet</c>.</summary>
/// <remarks>Why not NuGet.Protocol/NuGet.Commands in process: those libraries would duplicate what the SDK's client
/// already does (config files, credential providers, version resolution, the packages folder layout) and would need
/// to track the SDK's NuGet version; a generated project behaves exactly like the user's own builds and is what
/// .NET Interactive does too.</remarks>
internal static partial class PackageRestorer
{
    /// <summary>Environment variable naming the cache folder (default: $XDG_CACHE_HOME/earthembed/nuget or
    /// ~/.cache/earthembed/nuget).</summary>
    internal const string CacheVariable = "EARTHEMBED_NUGET_CACHE";

    /// <summary>Environment variable with the restore's time limit in seconds (default 600).</summary>
    internal const string TimeoutVariable = "EARTHEMBED_NUGET_TIMEOUT";

    /// <summary>The file in the cache folder that gets one line per restore actually run (not per cache hit).</summary>
    internal const string LogName = "restores.log";

    private const string ManifestName = "packages.json";

    /// <summary>The framework the generated project targets: this process's (net10.0 on .NET 10).</summary>
    internal static string Framework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    /// <summary>The cache folder.</summary>
    internal static string CacheDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "earthembed", "nuget");
    }

    /// <summary>Restores <paramref name="requests"/> together (or reads an earlier restore of the same set).</summary>
    /// <exception cref="PackageRestoreException">The restore failed (an unknown package or version, no feed), or ran
    /// past the time limit; the message carries NuGet's own error lines.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled (the restore is killed).</exception>
    internal static RestoredPackages Restore(IReadOnlyList<PackageRequest> requests, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var cache = CacheDirectory();
        var folder = Path.Combine(cache, Key(requests));
        if (ReadManifest(folder) is { } cached) return cached;

        Directory.CreateDirectory(cache);
        var temp = $"{folder}.tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(temp);
        try
        {
            var project = Path.Combine(temp, "Restore.csproj");
            File.WriteAllText(project, ProjectText(requests));
            var clock = Stopwatch.StartNew();
            RunRestore(project, temp, token);
            var restored = ReadAssets(Path.Combine(temp, "obj", "project.assets.json"), requests);
            File.WriteAllText(Path.Combine(temp, ManifestName), JsonSerializer.Serialize(restored));
            try
            {
                Directory.Move(temp, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another process restored the same set meanwhile: keep its folder.
            }
            File.AppendAllText(Path.Combine(cache, LogName), string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} restored {string.Join(", ", restored.Packages.Select(p => $"{p.Name} {p.Version}"))} in {clock.Elapsed.TotalSeconds:0.0} s\n"));
            return restored;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The cache key: the set of requests (ids lower-cased, sorted), the framework and the runtime identifier.</summary>
    internal static string Key(IReadOnlyList<PackageRequest> requests)
    {
        var text = string.Join("\n", requests.Select(r => $"{r.Name.ToLowerInvariant()}/{r.VersionOrNewest}").Order(StringComparer.Ordinal)) +
                   $"\n{Framework}\n{RuntimeInformation.RuntimeIdentifier}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The generated project: nothing of the folders above it is imported (no Directory.Build.props, no
    /// central package versions), no audit (it would ask the feed for vulnerability data on every restore), no apphost.</summary>
    internal static string ProjectText(IReadOnlyList<PackageRequest> requests)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Written by EarthEmbed for #r "nuget:" in a notebook; restored once, then read from packages.json. -->
              <PropertyGroup>
                <TargetFramework>{Framework}</TargetFramework>
                <RuntimeIdentifier>{RuntimeInformation.RuntimeIdentifier}</RuntimeIdentifier>
                <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>
                <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <NuGetAudit>false</NuGetAudit>
                <UseAppHost>false</UseAppHost>
              </PropertyGroup>
              <ItemGroup>

            """);
        foreach (var r in requests)
            text.Append(CultureInfo.InvariantCulture, $"    <PackageReference Include=\"{Escape(r.Name)}\" Version=\"{Escape(r.VersionOrNewest)}\" />\n");
        text.Append("  </ItemGroup>\n</Project>\n");
        return text.ToString();
    }

    private static string Escape(string s) => System.Security.SecurityElement.Escape(s);

    private static RestoredPackages? ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestName);
        if (!File.Exists(path)) return null;
        try
        {
            var restored = JsonSerializer.Deserialize<RestoredPackages>(File.ReadAllText(path));
            // The global packages folder may have been cleared since: then restore again.
            if (restored is null || !restored.Assemblies.Concat(restored.NativeLibraries).All(File.Exists)) return null;
            return restored with { FromCache = true };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Runs <c>dotnet restore</c> on <paramref name="project"/>, killing it on cancellation or past the time limit.</summary>
    private static void RunRestore(string project, string directory, CancellationToken token)
    {
        var info = new ProcessStartInfo(Kernel.KernelSpec.DotnetHost())
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "restore", project, "--nologo", "-v", "q", "--disable-build-servers" }) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var limit = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(TimeoutVariable), out var s) && s > 0 ? s : 600);
        using var process = Process.Start(info) ?? throw new PackageRestoreException($"could not start {info.FileName} restore");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        try
        {
            while (!process.WaitForExit(100))
            {
                token.ThrowIfCancellationRequested();
                if (clock.Elapsed > limit)
                {
                    throw new PackageRestoreException(string.Create(CultureInfo.InvariantCulture,
                        $"dotnet restore ran past {limit.TotalSeconds:0} s (is the feed reachable? {TimeoutVariable} sets the limit)"));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ThreadInterruptedException or PackageRestoreException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended by itself meanwhile.
            }
            throw;
        }
        process.WaitForExit();
        if (process.ExitCode == 0) return;
        var output = stdout.Result + "\n" + stderr.Result;
        var errors = NuGetError().Matches(output).Select(m => m.Groups["message"].Value.Trim()).Distinct().ToList();
        throw new PackageRestoreException(errors.Count > 0
            ? string.Join("; ", errors)
            : $"dotnet restore exited {process.ExitCode}: {output.Trim()}");
    }

    /// <summary>Reads the resolved assets of <paramref name="requests"/> from a project.assets.json.</summary>
    internal static RestoredPackages ReadAssets(string assetsPath, IReadOnlyList<PackageRequest> requests)
    {
        var root = JsonNode.Parse(File.ReadAllText(assetsPath))?.AsObject()
            ?? throw new PackageRestoreException($"{assetsPath}: not a JSON object");
        var targetName = $"{Framework}/{RuntimeInformation.RuntimeIdentifier}";
        var target = root["targets"]?[targetName]?.AsObject()
            ?? throw new PackageRestoreException($"{assetsPath}: no target {targetName}");
        var folders = root["packageFolders"]?.AsObject().Select(f => f.Key).ToList() ?? [];
        var libraries = root["libraries"]?.AsObject() ?? [];
        var assemblies = new List<string>();
        var natives = new List<string>();
        var versions = new Dictionary<string, ResolvedPackage>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, entry) in target)
        {
            if (entry?["type"]?.GetValue<string>() != "package") continue;
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            versions[key[..slash]] = new ResolvedPackage(key[..slash], key[(slash + 1)..]);
            var relative = libraries[key]?["path"]?.GetValue<string>() ?? key.ToLowerInvariant();
            var folder = folders.Select(f => Path.Combine(f, relative)).FirstOrDefault(Directory.Exists)
                ?? throw new PackageRestoreException($"{assetsPath}: package {key} is in none of the package folders {string.Join(", ", folders)}");
            assemblies.AddRange(Assets(entry, "runtime").Select(a => Path.GetFullPath(Path.Combine(folder, a))));
            natives.AddRange(Assets(entry, "native").Select(a => Path.GetFullPath(Path.Combine(folder, a))));
        }
        var packages = requests.Select(r => versions.TryGetValue(r.Name, out var v) ? v : new ResolvedPackage(r.Name, r.VersionOrNewest)).ToList();
        return new RestoredPackages(packages, assemblies, natives, FromCache: false);
    }

    /// <summary>The asset paths of one kind ("runtime", "native"), without NuGet's "_._" placeholders.</summary>
    private static IEnumerable<string> Assets(JsonNode entry, string kind) =>
        (entry[kind]?.AsObject() ?? []).Select(a => a.Key).Where(a => Path.GetFileName(a) != "_._");

    [GeneratedRegex(@"error (?<message>NU\d{4}:[^\r\n]*)")]
    private static partial Regex NuGetError();
}

/// <summary>A NuGet restore for <c>#r "nuget:"</c> failed; the message holds NuGet's error lines.</summary>
public sealed class PackageRestoreException : Exception
{
    /// <summary>A failed restore.</summary>
    public PackageRestoreException(string message) : base(message) { }

    /// <summary>A failed restore caused by <paramref name="inner"/>.</summary>
    public PackageRestoreException(string message, Exception inner) : base(message, inner) { }

    /// <summary>An empty exception (for serializers).</summary>
    public PackageRestoreException() { }
}
