using System.Collections;
using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>Layers applied one after the other, like <c>torch.nn.Sequential</c>. Children are named "0", "1", ...
/// (or by the names given), so state dict keys ("0.weight", "3.running_mean") match PyTorch's.</summary>
public sealed class Sequential : Module<Tensor, Tensor>, IEnumerable<Module<Tensor, Tensor>>
{
    private readonly List<Module<Tensor, Tensor>> layers = new();

    /// <summary>Layers named "0", "1", ... in order.</summary>
    public Sequential(params Module<Tensor, Tensor>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>Layers with explicit names (PyTorch's <c>Sequential(OrderedDict(...))</c>).</summary>
    public Sequential(params (string Name, Module<Tensor, Tensor> Layer)[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var (name, layer) in layers) Add(name, layer);
    }

    /// <summary>Number of layers.</summary>
    public int Count => layers.Count;

    /// <summary>The layer at <paramref name="index"/> (negative counts from the end).</summary>
    public Module<Tensor, Tensor> this[int index] => layers[index < 0 ? index + layers.Count : index];

    /// <summary>Appends a layer named by its position.</summary>
    public Sequential Add(Module<Tensor, Tensor> layer) => Add(layers.Count.ToString(CultureInfo.InvariantCulture), layer);

    /// <summary>Appends a layer under <paramref name="name"/>.</summary>
    public Sequential Add(string name, Module<Tensor, Tensor> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        RegisterModule(name, layer);
        layers.Add(layer);
        return this;
    }

    /// <summary>Runs the layers in order. Intermediate results are not disposed here: run inside a
    /// <see cref="DisposeScope"/> so they are freed together.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (layers.Count == 0) return input.Alias();
        var x = input;
        foreach (var layer in layers) x = layer.Forward(x);
        return x;
    }

    /// <inheritdoc/>
    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>PyTorch's multi-line repr, one "(name): layer" line per child.</summary>
    public override string ToString() => ModuleRepr.Format("Sequential", this);
}
