using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Models;

/// <summary>Child modules under chosen names, like <c>torch.nn.ModuleDict</c>: registered in insertion order (so
/// the state dict reads "blocks.x_0_0.conv1.0.weight") but not called by itself.</summary>
internal sealed class ModuleDict<T> : Module where T : Module
{
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly List<string> order = new();

    /// <summary>Adds <paramref name="module"/> under <paramref name="name"/> (no dots, not used before).</summary>
    public void Add(string name, T module)
    {
        RegisterModule(name, module);
        items.Add(name, module);
        order.Add(name);
    }

    /// <summary>The module registered under <paramref name="name"/>.</summary>
    public T this[string name] => items.TryGetValue(name, out var m) ? m
        : throw new KeyNotFoundException($"no module named '{name}' (have {string.Join(", ", order)})");

    /// <summary>Names in insertion order.</summary>
    public IReadOnlyList<string> Keys => order;

    /// <summary>Number of modules.</summary>
    public int Count => order.Count;
}
