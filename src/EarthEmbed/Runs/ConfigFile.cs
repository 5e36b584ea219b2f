using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EarthEmbed.Runs;

/// <summary>Run configurations as YAML files with snake_case keys (neuralhydrology's habit): one file per run,
/// unknown keys rejected with the file, line and key named, and the file copied into the run folder so a run can
/// be repeated exactly. Config classes are plain C# classes with settable properties and defaults.</summary>
public static class ConfigFile
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();  // unknown keys throw: no IgnoreUnmatchedProperties, on purpose

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeInspector(inner => new WritableOnly(inner))  // derived, read-only values are not settings
        .Build();

    /// <summary>Reads a config of type <typeparamref name="T"/> from <paramref name="path"/>.</summary>
    public static T Load<T>(string path) where T : new()
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"config file '{path}' does not exist", path);
        return Parse<T>(File.ReadAllText(path), path);
    }

    /// <summary>Reads a config from YAML text; <paramref name="source"/> names it in errors.</summary>
    public static T Parse<T>(string yaml, string source = "<text>") where T : new()
    {
        try
        {
            return string.IsNullOrWhiteSpace(yaml) ? new T() : Reader.Deserialize<T>(yaml) ?? new T();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new InvalidDataException(
                $"{source}:{e.Start.Line}:{e.Start.Column}: {Explain(inner)} (valid keys of {typeof(T).Name}: {string.Join(", ", Keys<T>())})", e);
        }
    }

    /// <summary>Applies key=value overrides (snake_case keys, dotted for nested sections) by round-tripping through
    /// YAML, so overrides are validated exactly like the file.</summary>
    public static T Override<T>(T config, IEnumerable<string> assignments) where T : new()
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var list = assignments.ToList();
        if (list.Count == 0) return config;
        var tree = new Deserializer().Deserialize<Dictionary<object, object>>(Save(config)) ?? new Dictionary<object, object>();
        foreach (var a in list)
        {
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"override '{a}' is not of the form key=value", nameof(assignments));
            var path = a[..eq].Trim().Split('.');
            var node = tree;
            for (var k = 0; k < path.Length - 1; k++)
            {
                if (!node.TryGetValue(path[k], out var child) || child is not Dictionary<object, object> dict)
                    throw new ArgumentException($"override '{a}': '{path[k]}' is not a section of {typeof(T).Name}", nameof(assignments));
                node = dict;
            }
            node[path[^1]] = a[(eq + 1)..].Trim();
        }
        return Parse<T>(new Serializer().Serialize(tree), "override " + string.Join(" ", list));
    }

    /// <summary>The config as YAML (what is copied into the run folder, with every default written out).</summary>
    public static string Save<T>(T config) => Writer.Serialize(config);

    private static IEnumerable<string> Keys<T>() =>
        typeof(T).GetProperties().Where(p => p.CanWrite)
            .Select(p => p.GetCustomAttributes(typeof(YamlMemberAttribute), true).OfType<YamlMemberAttribute>().FirstOrDefault()?.Alias
                         ?? UnderscoredNamingConvention.Instance.Apply(p.Name));

    private static string Explain(string message) =>
        message.Contains("not found on type", StringComparison.Ordinal) ? "unknown key: " + message : message;

    /// <summary>Lists only settable properties, so what <see cref="Save{T}"/> writes, <see cref="Parse{T}"/> accepts.</summary>
    private sealed class WritableOnly(ITypeInspector inner) : YamlDotNet.Serialization.TypeInspectors.TypeInspectorSkeleton
    {
        public override IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container) =>
            inner.GetProperties(type, container).Where(p => p.CanWrite);

        public override string GetEnumName(Type enumType, string name) => inner.GetEnumName(enumType, name);

        public override string GetEnumValue(object enumValue) => inner.GetEnumValue(enumValue);
    }
}
