namespace EarthEmbed.Torch.Optim;

/// <summary>The base of every optimiser, like <c>torch.optim.Optimizer</c>: parameter groups with their own
/// hyperparameters, per-parameter state created on the first step, <see cref="Step"/> that updates every parameter
/// that has a gradient (the others are skipped, as in PyTorch), and <see cref="StateDict"/> /
/// <see cref="LoadStateDict"/> so training resumes exactly where it stopped.
/// <para>A step runs under no-grad inside its own <see cref="DisposeScope"/>, so the temporaries of the update are
/// freed when it returns; the state tensors belong to the optimiser and are freed by <see cref="Dispose()"/>.</para></summary>
public abstract class Optimizer : IDisposable
{
    private readonly List<ParamGroup> groups = new();
    private bool disposed;

    /// <summary>The parameter groups, in the order they were added (the first holds the constructor's parameters).</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => groups;

    /// <summary>The learning rate of the first group; setting it sets every group's (handy with one group).</summary>
    public double LearningRate
    {
        get => groups.Count > 0 ? groups[0].LearningRate : throw new InvalidOperationException("the optimizer has no parameter group");
        set
        {
            foreach (var g in groups) g.LearningRate = value;
        }
    }

    /// <summary>Adds a group after checking that none of its parameters is already optimised by another group.</summary>
    protected void AddGroup(ParamGroup group)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(group);
        var all = groups.SelectMany(g => g.Parameters).ToList();
        for (var i = 0; i < group.Parameters.Count; i++)
        {
            var p = group.Parameters[i];
            if (all.Any(q => ReferenceEquals(q, p) || q.IsSameAs(p)) || group.Parameters.Take(i).Any(q => q.IsSameAs(p)))
                throw new ArgumentException($"parameter {i} of the new group already appears in a parameter group " +
                    "(each parameter may be optimised by one group only)", nameof(group));
            if (!p.IsLeaf)
                throw new ArgumentException($"parameter {i} of the new group is not a leaf tensor (it was computed by a " +
                    "recorded operation); optimise the tensor it came from", nameof(group));
        }
        Validate(group);
        group.State.Clear();
        group.State.AddRange(group.Parameters.Select(_ => (Dictionary<string, Tensor>?)null));
        groups.Add(group);
    }

    /// <summary>Checks a group's hyperparameters before it is used (for example nesterov needs momentum); throws
    /// <see cref="ArgumentException"/> naming the setting.</summary>
    protected virtual void Validate(ParamGroup group)
    {
    }

    /// <summary>Updates every parameter that has a gradient, in place, group by group.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var scope = DisposeScope.Enter();
        using var noGrad = GradMode.Disable();
        foreach (var group in groups)
        {
            Validate(group);
            for (var i = 0; i < group.Parameters.Count; i++)
            {
                var parameter = group.Parameters[i];
                var grad = parameter.Grad;
                if (grad is null) continue;
                var state = group.State[i] ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
                StepParameter(group, parameter, grad, state);
            }
        }
    }

    /// <summary>Updates one parameter from its gradient and its state (empty on its first step). Runs under no-grad
    /// inside the step's scope: temporaries are freed afterwards; new state tensors must go through
    /// <see cref="Owned"/>.</summary>
    protected abstract void StepParameter(ParamGroup group, Tensor parameter, Tensor grad, Dictionary<string, Tensor> state);

    /// <summary>Takes a new state tensor out of the step's scope: the optimiser owns it from now on.</summary>
    protected static Tensor Owned(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.DetachFromScope();
    }

    /// <summary>Clears every parameter's gradient (sets it to null, PyTorch's <c>zero_grad(set_to_none=True)</c>),
    /// so the next backward pass starts afresh and parameters without a new gradient are skipped.</summary>
    public void ZeroGrad()
    {
        foreach (var p in groups.SelectMany(g => g.Parameters)) p.Grad = null;
    }

    /// <summary>The state to save: per-parameter tensors keyed "&lt;i&gt;.&lt;name&gt;" (i numbers the parameters
    /// across groups, in order, as PyTorch does: "0.exp_avg", "0.step", "3.momentum_buffer") and every group's
    /// hyperparameters. The tensors are new handles to the optimiser's own storage: save them before the next step,
    /// and dispose the returned object (or call this inside a scope).</summary>
    public OptimizerState StateDict()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var hyper = new List<Dictionary<string, double>>();
        var index = 0;
        foreach (var group in groups)
        {
            for (var i = 0; i < group.Parameters.Count; i++, index++)
                if (group.State[i] is { } state)
                    foreach (var (name, t) in state) tensors[$"{index}.{name}"] = t.Detach();
            var h = group.Hyperparameters();
            h["params"] = group.Parameters.Count;
            hyper.Add(h);
        }
        return new OptimizerState(tensors, hyper);
    }

    /// <summary>Replaces the state and hyperparameters with <paramref name="state"/> (from <see cref="StateDict"/>
    /// of an optimiser built over the same parameters). Everything is checked before anything changes: the number
    /// of groups and of parameters per group, parameter indices, and the shape of every per-parameter tensor.
    /// Tensors are copied (converted to each parameter's type and device, except "step").</summary>
    public void LoadStateDict(OptimizerState state)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Groups.Count != groups.Count)
            throw new ArgumentException($"the saved state has {state.Groups.Count} parameter groups, this optimizer has {groups.Count}", nameof(state));
        var parameters = groups.SelectMany((g, gi) => g.Parameters.Select((p, i) => (Group: gi, Index: i, Parameter: p))).ToList();
        for (var g = 0; g < groups.Count; g++)
            if (state.Groups[g].TryGetValue("params", out var n) && (int)n != groups[g].Parameters.Count)
                throw new ArgumentException($"saved parameter group {g} has {n} parameters, this optimizer's has {groups[g].Parameters.Count}", nameof(state));
        var parsed = new List<(int Param, string Name, Tensor Value)>();
        foreach (var (key, value) in state.Tensors)
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(key.AsSpan(0, dot), out var index) || dot == key.Length - 1)
                throw new ArgumentException($"optimizer state key '{key}' is not of the form '<parameter index>.<name>'", nameof(state));
            if (index < 0 || index >= parameters.Count)
                throw new ArgumentException($"optimizer state key '{key}' refers to parameter {index}, but this optimizer has {parameters.Count} parameters", nameof(state));
            var target = parameters[index].Parameter;
            if (value.Dim > 0 && !value.Shape.SequenceEqual(target.Shape))
                throw new ArgumentException($"optimizer state '{key}' has shape [{string.Join(", ", value.Shape)}], " +
                    $"but parameter {index} has shape [{string.Join(", ", target.Shape)}]", nameof(state));
            parsed.Add((index, key[(dot + 1)..], value));
        }
        using var scope = DisposeScope.Enter();  // frees the conversions; the copies are detached from it
        foreach (var group in groups)
            for (var i = 0; i < group.State.Count; i++)
            {
                DisposeState(group.State[i]);
                group.State[i] = null;
            }
        foreach (var (index, name, value) in parsed)
        {
            var (g, i, target) = parameters[index];
            // As PyTorch: floating-point state follows its parameter's type and device; "step" is kept as saved.
            var copy = name == "step" ? value.Clone()
                : value.DType.IsFloatingPoint() ? value.To(target.Device, target.DType).Clone()
                : value.To(target.Device, value.DType).Clone();
            var slot = groups[g].State[i] ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
            slot[name] = copy.DetachFromScope();
        }
        for (var g = 0; g < groups.Count; g++)
        {
            var h = state.Groups[g].Where(kv => kv.Key != "params").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            groups[g].SetHyperparameters(h);
            Validate(groups[g]);
        }
    }

    /// <summary>Frees the state tensors (not the parameters, which belong to the model).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the state tensors.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing) return;
        disposed = true;
        foreach (var group in groups)
            foreach (var s in group.State) DisposeState(s);
    }

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
        state.Clear();
    }
}

/// <summary>An optimiser whose groups are of type <typeparamref name="TGroup"/>: typed access to the groups and
/// <see cref="AddParamGroup"/> for settings that differ between parts of a model.</summary>
public abstract class Optimizer<TGroup> : Optimizer where TGroup : ParamGroup
{
    private List<TGroup> typed = new();

    /// <summary>The groups, typed.</summary>
    public new IReadOnlyList<TGroup> ParamGroups
    {
        get
        {
            if (typed.Count != base.ParamGroups.Count) typed = base.ParamGroups.Cast<TGroup>().ToList();
            return typed;
        }
    }

    /// <summary>Adds a group over <paramref name="parameters"/> with the optimiser's defaults, changed by
    /// <paramref name="configure"/>: <c>opt.AddParamGroup(head.Parameters(), g =&gt; g.LearningRate = 1e-3)</c>.</summary>
    public TGroup AddParamGroup(IEnumerable<Tensor> parameters, Action<TGroup>? configure = null)
    {
        var group = CreateGroup(parameters);
        configure?.Invoke(group);
        AddGroup(group);
        return group;
    }

    /// <summary>A new group over <paramref name="parameters"/> holding the optimiser's default settings.</summary>
    protected abstract TGroup CreateGroup(IEnumerable<Tensor> parameters);

    /// <inheritdoc/>
    protected sealed override void StepParameter(ParamGroup group, Tensor parameter, Tensor grad, Dictionary<string, Tensor> state) =>
        Update((TGroup)group, parameter, grad, state);

    /// <inheritdoc/>
    protected sealed override void Validate(ParamGroup group) => Validate((TGroup)group);

    /// <summary>Checks a group's settings; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    protected virtual void Validate(TGroup group)
    {
    }

    /// <summary>Updates one parameter (see <see cref="Optimizer.StepParameter"/>).</summary>
    protected abstract void Update(TGroup group, Tensor parameter, Tensor grad, Dictionary<string, Tensor> state);
}
