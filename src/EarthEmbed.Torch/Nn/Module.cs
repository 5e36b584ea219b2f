namespace EarthEmbed.Torch.Nn;

/// <summary>The base of every layer and model, like <c>torch.nn.Module</c>: named parameters, buffers and child
/// modules registered in order, so <see cref="StateDict"/> names ("encoder.layer1.0.conv1.weight") match PyTorch's
/// and checkpoints move between the two. Subclasses derive from <see cref="Module{TIn, TOut}"/> to add a forward
/// pass. A module owns its tensors: they are taken out of any <see cref="DisposeScope"/> and freed by
/// <see cref="Dispose()"/>.</summary>
public abstract class Module : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor>> parameters = new();
    private readonly List<KeyValuePair<string, Tensor?>> buffers = new();
    private readonly HashSet<string> nonPersistent = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, Module>> children = new();
    private bool disposed;

    /// <summary>True in training mode (dropout active, batch norm updating its statistics).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a parameter: marks it as requiring gradients and takes ownership.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckName(name);
        parameter.DetachFromScope();
        if (!parameter.RequiresGrad) parameter.RequiresGrad = true;
        parameters.Add(new(name, parameter));
        return parameter;
    }

    /// <summary>Registers a buffer (state that is saved but not trained, e.g. running means); null is allowed.</summary>
    protected Tensor? RegisterBuffer(string name, Tensor? buffer, bool persistent = true)
    {
        CheckName(name);
        buffer?.DetachFromScope();
        buffers.Add(new(name, buffer));
        if (!persistent) nonPersistent.Add(name);
        return buffer;
    }

    /// <summary>Registers a child module under <paramref name="name"/>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        children.Add(new(name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not a valid member name (non-empty, no dots)", nameof(name));
        if (parameters.Any(p => p.Key == name) || buffers.Any(b => b.Key == name) || children.Any(c => c.Key == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'", nameof(name));
    }

    /// <summary>Direct children, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => children.Select(c => (c.Key, c.Value));

    /// <summary>This module and every descendant, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in children)
            foreach (var m in child.NamedModules(Join(prefix, name))) yield return m;
    }

    /// <summary>Every parameter with its dotted name, this module's first, then each child's in order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true)
    {
        foreach (var (name, module) in recurse ? NamedModules() : [("", this)])
            foreach (var p in module.parameters) yield return (Join(name, p.Key), p.Value);
    }

    /// <summary>Every parameter.</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    /// <summary>Every non-null buffer with its dotted name.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true)
    {
        foreach (var (name, module) in recurse ? NamedModules() : [("", this)])
            foreach (var b in module.buffers)
                if (b.Value is not null) yield return (Join(name, b.Key), b.Value);
    }

    /// <summary>Number of parameter elements (trainable only when <paramref name="trainableOnly"/>).</summary>
    public long ParameterCount(bool trainableOnly = false) =>
        Parameters().Where(p => !trainableOnly || p.RequiresGrad).Sum(p => p.NumEl);

    /// <summary>Parameters and persistent buffers by dotted name, as PyTorch's <c>state_dict()</c>. The tensors are
    /// new handles to the module's own storage (detached): dispose them, or call this inside a scope.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, module) in NamedModules())
        {
            foreach (var p in module.parameters) state[Join(name, p.Key)] = p.Value.Detach();
            foreach (var b in module.buffers)
                if (b.Value is not null && !module.nonPersistent.Contains(b.Key)) state[Join(name, b.Key)] = b.Value.Detach();
        }
        return state;
    }

    /// <summary>Copies values from <paramref name="state"/> into this module's parameters and buffers, in place.
    /// With <paramref name="strict"/>, missing and unexpected keys are errors; a shape mismatch always is.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var scope = DisposeScope.Enter();
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new ArgumentException($"state dict does not match {GetType().Name}: " +
                $"missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]", nameof(state));
        using var noGrad = GradMode.Disable();
        foreach (var (key, target) in own)
        {
            if (!state.TryGetValue(key, out var source)) continue;
            if (!source.Shape.SequenceEqual(target.Shape))
                throw new ArgumentException($"'{key}': checkpoint has shape [{string.Join(", ", source.Shape)}], " +
                    $"the module expects [{string.Join(", ", target.Shape)}]", nameof(state));
            target.Copy_(source);
        }
    }

    /// <summary>Training mode on (or off) for this module and all descendants.</summary>
    public Module Train(bool on = true)
    {
        foreach (var (_, m) in NamedModules()) m.Training = on;
        return this;
    }

    /// <summary>Evaluation mode (dropout off, batch norm uses running statistics).</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears every parameter's gradient (PyTorch's zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>Moves (and optionally converts) every parameter and buffer, keeping their identities so references
    /// held by layers and optimisers stay valid.</summary>
    public Module To(Device device, ScalarType? floatType = null)
    {
        foreach (var t in Parameters().Concat(NamedBuffers().Select(b => b.Buffer)))
        {
            var type = floatType is { } f && t.DType.IsFloatingPoint() ? f : t.DType;
            using var moved = t.To(device, type);
            t.SetData(moved);
        }
        return this;
    }

    /// <summary>Frees every parameter and buffer of this module and its descendants.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees owned tensors and children.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing) return;
        disposed = true;
        foreach (var p in parameters) p.Value.Dispose();
        foreach (var b in buffers) b.Value?.Dispose();
        foreach (var c in children) c.Value.Dispose();
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}

/// <summary>A module with a forward pass from <typeparamref name="TIn"/> to <typeparamref name="TOut"/>.</summary>
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>The computation.</summary>
    public abstract TOut Forward(TIn input);
}
