using System.Collections;
using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>A list of child modules named "0", "1", ..., like <c>torch.nn.ModuleList</c>: registered (so their
/// parameters appear in the state dict as "0.weight", ... and follow Train/Eval/To) but not called by itself; the
/// owning module decides how to use them.</summary>
/// <typeparam name="T">The element type (<see cref="Module"/> for a mixed list).</typeparam>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> items = new();

    /// <summary>A list of the given modules, in order.</summary>
    public ModuleList(params T[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules) Add(m);
    }

    /// <summary>A list of the given modules, in order.</summary>
    public ModuleList(IEnumerable<T> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules) Add(m);
    }

    /// <summary>Number of modules.</summary>
    public int Count => items.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public T this[int index] => items[index < 0 ? index + items.Count : index];

    /// <summary>Appends a module named by its position.</summary>
    public ModuleList<T> Add(T module)
    {
        ArgumentNullException.ThrowIfNull(module);
        RegisterModule(items.Count.ToString(CultureInfo.InvariantCulture), module);
        items.Add(module);
        return this;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>PyTorch 1.13's multi-line repr, one "(index): module" line per child.</summary>
    public override string ToString() => ModuleRepr.Format("ModuleList", this);
}
