using YamlDotNet.Serialization;

namespace EarthEmbed.Runs;

/// <summary>The one path from the committed config files to a run's config, for every experiment: the mode's file
/// (<c>configs/&lt;experiment&gt;.&lt;mode&gt;.yaml</c>, built into this assembly so the CLI, notebooks and tests
/// read the same text), then a <c>--config</c> file overlaid recursively (a key it names replaces the mode's value,
/// a section it names merges key by key, everything else stays), then <c>--seed</c>, then validation. Unknown keys
/// are rejected with the file, line and the valid keys (<see cref="ConfigFile"/>).</summary>
public static class ConfigResolver
{
    private const string Prefix = "configs/";
    private const string Suffix = ".yaml";

    /// <summary>The modes with a committed file for <paramref name="experiment"/>, e.g. ["full", "quick"].</summary>
    public static IReadOnlyList<string> Modes(string experiment) => ResourceNames()
        .Where(n => n.StartsWith(Prefix + experiment + ".", StringComparison.Ordinal) && n.EndsWith(Suffix, StringComparison.Ordinal))
        .Select(n => n[(Prefix.Length + experiment.Length + 1)..^Suffix.Length])
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>The committed YAML text of <paramref name="experiment"/>'s <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentException">no such mode; the message lists the modes there are.</exception>
    public static string ModeText(string experiment, string mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(experiment);
        ArgumentException.ThrowIfNullOrEmpty(mode);
        using var stream = typeof(ConfigResolver).Assembly.GetManifestResourceStream(ModeFile(experiment, mode));
        if (stream is null)
        {
            var modes = Modes(experiment);
            throw new ArgumentException(modes.Count == 0 ? $"no committed configs for experiment '{experiment}'"
                : $"{experiment} has no mode '{mode}' (no {ModeFile(experiment, mode)}); modes: {string.Join(", ", modes)}");
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The config of <paramref name="experiment"/>'s <paramref name="mode"/> exactly as committed (no overlay,
    /// no seed), validated.</summary>
    public static T Mode<T>(string experiment, string mode) where T : IExperimentConfig, new() =>
        Resolve<T>(experiment, new ConfigRequest(mode));

    /// <summary>Resolves a run's config: mode file, overlay, seed, validation (see the class summary).</summary>
    /// <exception cref="ArgumentException">an unknown mode, or a value that fails validation.</exception>
    /// <exception cref="FileNotFoundException">the overlay file does not exist.</exception>
    /// <exception cref="InvalidDataException">a file is not valid YAML for <typeparamref name="T"/> (unknown key, wrong
    /// type); the message names the file and line.</exception>
    public static T Resolve<T>(string experiment, ConfigRequest request) where T : IExperimentConfig, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = ModeFile(experiment, request.Mode);
        var text = ModeText(experiment, request.Mode);
        var config = ConfigFile.Parse<T>(text, source);
        if (request.OverlayPath is { } path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"config file '{path}' does not exist", path);
            var overlay = File.ReadAllText(path);
            ConfigFile.Parse<T>(overlay, path);  // the overlay's own keys, checked with its own file and line numbers
            config = Overlay(config, overlay, path);
        }
        if (request.Seed is { } seed) config.ApplySeed(seed);
        config.Validate();
        return config;
    }

    /// <summary>Applies the keys present in <paramref name="yaml"/> on top of <paramref name="baseline"/>: a key it
    /// names replaces the baseline's value, a section (mapping) it names merges key by key, recursively; lists are
    /// replaced whole. Unknown keys are rejected with <paramref name="source"/> named.</summary>
    public static T Overlay<T>(T baseline, string yaml, string source = "<text>") where T : new()
    {
        var reader = new Deserializer();
        var tree = reader.Deserialize<Dictionary<object, object>>(ConfigFile.Save(baseline)) ?? [];
        var overrides = string.IsNullOrWhiteSpace(yaml) ? [] : reader.Deserialize<Dictionary<object, object>>(yaml) ?? [];
        Merge(tree, overrides);
        return ConfigFile.Parse<T>(new Serializer().Serialize(tree), source);
    }

    /// <summary>The resolved config as the YAML a run writes into its folder (every key, defaults included).</summary>
    public static string Show<T>(T config) => ConfigFile.Save(config);

    /// <summary>How the committed file of a mode is named in errors and in the repository.</summary>
    public static string ModeFile(string experiment, string mode) => $"{Prefix}{experiment}.{mode}{Suffix}";

    private static string[] ResourceNames() => typeof(ConfigResolver).Assembly.GetManifestResourceNames();

    private static void Merge(Dictionary<object, object> target, Dictionary<object, object> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            if (value is Dictionary<object, object> child && target.TryGetValue(key, out var existing) && existing is Dictionary<object, object> section)
                Merge(section, child);
            else
                target[key] = value;
        }
    }
}
