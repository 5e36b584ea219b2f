using System.Security.Cryptography;
using System.Text.Json;

namespace EarthEmbed.Engine;

/// <summary>What the build's TorchSharp compatibility step (environment/torchsharp_compat.py, run by
/// Directory.Build.targets) decided for this output folder, and which libLibTorchSharp.so this process loaded.</summary>
/// <param name="Applied">true when the output carries the patched copy; false when the system libstdc++ is new enough
/// (or the step is off, or this is not Linux).</param>
/// <param name="Reason">the step's own sentence, or why no record was found.</param>
/// <param name="LoadedLibrary">the path of the libLibTorchSharp.so mapped into this process, if it is loaded.</param>
/// <param name="LoadedIsPatched">true when that file's SHA-256 is the patched copy's.</param>
public sealed record CompatibilityStep(bool Applied, string Reason, string? LoadedLibrary, bool LoadedIsPatched)
{
    /// <summary>The record's file name, as the build copies it beside the assemblies.</summary>
    public const string RecordFileName = "torchsharp-compat.json";

    /// <summary>Reads the record next to this assembly and looks up the loaded library (load the engine first, with
    /// <see cref="TorchEngine.EnsureLoaded"/>, to see which file was used).</summary>
    public static CompatibilityStep Current() => Read(Path.Combine(AppContext.BaseDirectory, RecordFileName), LoadedPath());

    internal static CompatibilityStep Read(string recordPath, string? loaded)
    {
        if (!OperatingSystem.IsLinux())
            return new CompatibilityStep(false, "not Linux: TorchSharp's files are used as shipped", loaded, false);
        if (!File.Exists(recordPath))
            return new CompatibilityStep(false, $"no record at {recordPath} (step off, or not built through " +
                "Directory.Build.targets): TorchSharp's file is used as shipped", loaded, false);
        using var doc = JsonDocument.Parse(File.ReadAllText(recordPath));
        var root = doc.RootElement;
        var applied = root.TryGetProperty("applied", out var a) && a.GetBoolean();
        var reason = root.TryGetProperty("reason", out var r) ? r.GetString() ?? "" : "";
        var patchedHash = root.TryGetProperty("patched_sha256", out var h) ? h.GetString() : null;
        var isPatched = applied && loaded is not null && patchedHash is not null &&
            string.Equals(Sha256(loaded), patchedHash, StringComparison.OrdinalIgnoreCase);
        return new CompatibilityStep(applied, reason, loaded, isPatched);
    }

    /// <summary>One line for <c>earthembed doctor</c>.</summary>
    public string Describe()
    {
        var state = Applied ? "applied" : "not applied";
        var which = LoadedLibrary is null ? "" : LoadedIsPatched ? "; the patched copy is loaded" : $"; loaded {LoadedLibrary}";
        return $"{state} ({Reason}){which}";
    }

    /// <summary>The path of libLibTorchSharp.so in this process's memory map, or null.</summary>
    internal static string? LoadedPath()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal)) return line[slash..];
        }
        return null;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
