using static TorchSharp.torch;

namespace EarthEmbed.Models;

/// <summary>Child modules under chosen names, like <c>torch.nn.ModuleDict</c>: registered in insertion order (so
/// the state dict reads "blocks.x_0_0.conv1.0.weight") but not called by itself.</summary>
/// <remarks>Not TorchSharp's <c>ModuleDict&lt;T&gt;</c>: that one has two indexers (by position and by name), and
/// TorchSharp 0.107's <c>Module.to(dtype or device)</c> collects a module's properties by name into a dictionary,
/// which then fails with "An item with the same key has already been added. Key: Item" for every model holding one.</remarks>
internal sealed class ModuleDict<T> : nn.Module where T : nn.Module
{
    /// <summary>An empty dictionary.</summary>
    public ModuleDict() : base(nameof(ModuleDict<T>)) { }

    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly List<string> order = new();

    /// <summary>Adds <paramref name="module"/> under <paramref name="name"/> (no dots, not used before).</summary>
    public void Add(string name, T module)
    {
        register_module(name, module);
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
