namespace EarthEmbed.Torch.Optim;

/// <summary>The settings of one <see cref="SGD"/> parameter group.</summary>
public sealed class SgdGroup : ParamGroup
{
    /// <summary>A group over <paramref name="parameters"/>.</summary>
    public SgdGroup(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(parameters, learningRate, weightDecay)
    {
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        Maximize = maximize;
    }

    /// <summary>Momentum factor (0 = plain gradient descent).</summary>
    public double Momentum { get; set; }

    /// <summary>Dampening for momentum: the new gradient enters the buffer scaled by 1 - dampening.</summary>
    public double Dampening { get; set; }

    /// <summary>Nesterov momentum (needs momentum &gt; 0 and dampening 0).</summary>
    public bool Nesterov { get; set; }

    /// <summary>Ascend the objective instead of descending it.</summary>
    public bool Maximize { get; set; }

    /// <inheritdoc/>
    public override double? CycledMomentum
    {
        get => Momentum;
        set => Momentum = value ?? throw new ArgumentNullException(nameof(value), "SGD's momentum cannot be null");
    }

    /// <inheritdoc/>
    public override Dictionary<string, double> Hyperparameters()
    {
        var h = base.Hyperparameters();
        h["momentum"] = Momentum;
        h["dampening"] = Dampening;
        h["nesterov"] = Nesterov ? 1 : 0;
        h["maximize"] = Maximize ? 1 : 0;
        return h;
    }

    /// <inheritdoc/>
    protected override bool TrySet(string name, double value)
    {
        switch (name)
        {
            case "momentum": Momentum = value; return true;
            case "dampening": Dampening = value; return true;
            case "nesterov": Nesterov = Flag(value); return true;
            case "maximize": Maximize = Flag(value); return true;
            default: return base.TrySet(name, value);
        }
    }
}

/// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay:
/// <c>torch.optim.SGD</c> of PyTorch 1.13, single-tensor implementation, step for step:
/// <code>
/// d = grad (negated when maximize) + weight_decay * p
/// buf = d on the first step, else momentum * buf + (1 - dampening) * d
/// d = d + momentum * buf (nesterov) or buf (momentum &gt; 0)
/// p -= lr * d
/// </code>
/// The state of a parameter is its "momentum_buffer" (only with momentum).</summary>
public sealed class SGD : Optimizer<SgdGroup>
{
    private readonly SgdGroup defaults;

    /// <summary>Optimises <paramref name="parameters"/> (one group) with the given defaults, which later groups added
    /// with <see cref="Optimizer{TGroup}.AddParamGroup"/> start from.</summary>
    public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        defaults = new SgdGroup([], lr, momentum, dampening, weightDecay, nesterov, maximize);
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("the optimizer got an empty parameter list", nameof(parameters));
        AddParamGroup(list);
    }

    /// <inheritdoc/>
    protected override SgdGroup CreateGroup(IEnumerable<Tensor> parameters) =>
        new(parameters, defaults.LearningRate, defaults.Momentum, defaults.Dampening, defaults.WeightDecay,
            defaults.Nesterov, defaults.Maximize);

    /// <inheritdoc/>
    protected override void Validate(SgdGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Momentum < 0)
            throw new ArgumentException($"SGD momentum must be >= 0, got {group.Momentum}", nameof(group));
        if (group.Nesterov && (group.Momentum <= 0 || group.Dampening != 0))
            throw new ArgumentException($"Nesterov momentum requires a momentum > 0 and zero dampening, got momentum " +
                $"{group.Momentum} and dampening {group.Dampening}", nameof(group));
    }

    /// <inheritdoc/>
    protected override void Update(SgdGroup group, Tensor parameter, Tensor grad, Dictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(state);
        var d = group.Maximize ? -grad : grad;
        if (group.WeightDecay != 0) d = d.Add(parameter, group.WeightDecay);
        if (group.Momentum != 0)
        {
            if (!state.TryGetValue("momentum_buffer", out var buf))
            {
                buf = Owned(d.Clone().Detach());
                state["momentum_buffer"] = buf;
            }
            else
            {
                buf.Mul_(group.Momentum).Add_(d, 1 - group.Dampening);
            }
            d = group.Nesterov ? d.Add(buf, group.Momentum) : buf;
        }
        parameter.Add_(d, -group.LearningRate);
    }
}
