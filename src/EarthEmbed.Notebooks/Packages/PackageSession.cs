using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Execution;
using Microsoft.CodeAnalysis;

namespace EarthEmbed.Notebooks.Packages;

/// <summary>The packages of one notebook session (a headless run, a kernel process): every <c>#r "nuget:"</c> so far.
/// Each cell's new packages are restored together with the earlier ones, as .NET Interactive does, so that shared
/// dependencies get one version; the assemblies not referenced yet become references of the next compilations, their
/// native libraries become loadable, and the cell shows "Installed Packages".</summary>
internal sealed class PackageSession(TextWriter log)
{
    private readonly List<PackageRequest> _requested = [];
    private readonly Dictionary<string, ResolvedPackage> _installed = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _referencedNames = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lazy<Dictionary<string, string>> HostAssemblies = new(ReadHostAssemblies);

    /// <summary>Restores what <paramref name="requests"/> (one cell's directives) add to the session and returns the
    /// new metadata references. A package already installed in the same version is not restored again.</summary>
    /// <exception cref="NotebookException">A package the feeds lack, a version other than the one already loaded (the
    /// process cannot unload it), or a restore that failed or timed out; the message names the directive.</exception>
    internal IReadOnlyList<MetadataReference> Add(IReadOnlyList<PackageRequest> requests, int cell, CellOutputs outputs, CancellationToken token)
    {
        if (requests.Count == 0) return [];
        var added = new List<PackageRequest>();
        foreach (var request in requests)
        {
            if (_installed.TryGetValue(request.Name, out var installed))
            {
                if (request.Version is null || request.Version == installed.Version) continue;
                throw new NotebookException(
                    $"cell {cell}, line {request.Line}: {request.Directive}: {installed.Name} {installed.Version} is already loaded in this " +
                    "session and .NET cannot unload it; restart the kernel (or run the notebook again) to use another version", cell, request.Line);
            }
            if (!added.Any(a => string.Equals(a.Name, request.Name, StringComparison.OrdinalIgnoreCase))) added.Add(request);
        }
        var references = added.Count > 0 ? Restore(added, cell, token) : [];
        var shown = requests.Select(r => _installed[r.Name]).DistinctBy(p => p.Name).ToList();
        outputs.AddDisplay(InstalledPackages(shown));
        return references;
    }

    private List<MetadataReference> Restore(List<PackageRequest> added, int cell, CancellationToken token)
    {
        var all = _requested.Concat(added).ToList();
        RestoredPackages restored;
        try
        {
            restored = PackageRestorer.Restore(all, token);
        }
        catch (PackageRestoreException e)
        {
            // Name the directive NuGet complained about (its messages name the package id), else the first new one.
            var culprit = added.FirstOrDefault(a => e.Message.Contains(a.Name, StringComparison.OrdinalIgnoreCase)) ?? added[0];
            throw new NotebookException($"cell {cell}, line {culprit.Line}: {culprit.Directive}: the NuGet restore failed: {e.Message}", cell, culprit.Line, e);
        }
        log.WriteLine(restored.FromCache
            ? $"  nuget: {Describe(restored.Packages)} from the cache ({PackageRestorer.CacheDirectory()})"
            : $"  nuget: restored {Describe(restored.Packages)}");
        _requested.AddRange(added);
        foreach (var package in restored.Packages) _installed[package.Name] = package;
        var references = new List<MetadataReference>();
        foreach (var path in restored.Assemblies)
        {
            if (!_referencedNames.Add(Path.GetFileNameWithoutExtension(path))) continue;
            references.Add(MetadataReference.CreateFromFile(HostCopy(path) ?? path));
        }
        PackageAssetResolver.Register(restored.Assemblies, restored.NativeLibraries);
        return references;
    }

    /// <summary>The host's own copy of an assembly (the kernel's or the runner's application folder) when it is the
    /// same version or newer: referencing it keeps one copy per process, so a type such as DataFrame is the same type
    /// for the cell and for the libraries the host loaded (two copies in two load contexts would be two types).</summary>
    private static string? HostCopy(string path)
    {
        if (!HostAssemblies.Value.TryGetValue(Path.GetFileNameWithoutExtension(path), out var host)) return null;
        try
        {
            var hostVersion = AssemblyName.GetAssemblyName(host).Version;
            var packageVersion = AssemblyName.GetAssemblyName(path).Version;
            return hostVersion != null && packageVersion != null && hostVersion >= packageVersion ? host : null;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The trusted platform assemblies (framework and application) by simple name.</summary>
    private static Dictionary<string, string> ReadHostAssemblies()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            result.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        return result;
    }

    private static string Describe(IEnumerable<ResolvedPackage> packages) => string.Join(", ", packages.Select(p => $"{p.Name} {p.Version}"));

    /// <summary>The display .NET Interactive shows after a restore: "Installed Packages" and a list of "Name, Version".</summary>
    internal static JsonObject InstalledPackages(IReadOnlyList<ResolvedPackage> packages)
    {
        var html = new StringBuilder("<div><strong>Installed Packages</strong><ul>");
        foreach (var p in packages) html.Append(CultureInfo.InvariantCulture, $"<li><span>{WebUtility.HtmlEncode(p.Name)}, {WebUtility.HtmlEncode(p.Version)}</span></li>");
        html.Append("</ul></div>");
        var text = "Installed Packages\n" + string.Concat(packages.Select(p => $"  • {p.Name}, {p.Version}\n"));
        return new JsonObject { ["text/plain"] = text, ["text/html"] = html.ToString() };
    }
}
