namespace EarthEmbed.Torch.Optim;

/// <summary>The settings of one <see cref="Adam"/> or <see cref="AdamW"/> parameter group.</summary>
public sealed class AdamGroup : ParamGroup
{
    /// <summary>A group over <paramref name="parameters"/>.</summary>
    public AdamGroup(IEnumerable<Tensor> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsGrad = false, bool maximize = false)
        : base(parameters, learningRate, weightDecay)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        AmsGrad = amsGrad;
        Maximize = maximize;
    }

    /// <summary>Decay of the running mean of gradients (PyTorch's betas[0]), in [0, 1).</summary>
    public double Beta1 { get; set; }

    /// <summary>Decay of the running mean of squared gradients (betas[1]), in [0, 1).</summary>
    public double Beta2 { get; set; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Eps { get; set; }

    /// <summary>AMSGrad: normalise by the running maximum of the second moment.</summary>
    public bool AmsGrad { get; set; }

    /// <summary>Ascend the objective instead of descending it.</summary>
    public bool Maximize { get; set; }

    /// <inheritdoc/>
    public override double? CycledMomentum
    {
        get => Beta1;
        set => Beta1 = value ?? throw new ArgumentNullException(nameof(value), "Adam's beta1 cannot be null");
    }

    /// <inheritdoc/>
    public override Dictionary<string, double> Hyperparameters()
    {
        var h = base.Hyperparameters();
        h["beta1"] = Beta1;
        h["beta2"] = Beta2;
        h["eps"] = Eps;
        h["amsgrad"] = AmsGrad ? 1 : 0;
        h["maximize"] = Maximize ? 1 : 0;
        return h;
    }

    /// <inheritdoc/>
    protected override bool TrySet(string name, double value)
    {
        switch (name)
        {
            case "beta1": Beta1 = value; return true;
            case "beta2": Beta2 = value; return true;
            case "eps": Eps = value; return true;
            case "amsgrad": AmsGrad = Flag(value); return true;
            case "maximize": Maximize = Flag(value); return true;
            default: return base.TrySet(name, value);
        }
    }

    /// <summary>Throws when a setting is outside PyTorch's accepted range.</summary>
    internal void Check()
    {
        if (Eps < 0) throw new ArgumentException($"Adam eps must be >= 0, got {Eps}", "eps");
        if (Beta1 is < 0 or >= 1) throw new ArgumentException($"Adam beta1 must be in [0, 1), got {Beta1}", "beta1");
        if (Beta2 is < 0 or >= 1) throw new ArgumentException($"Adam beta2 must be in [0, 1), got {Beta2}", "beta2");
    }

    /// <summary>One Adam/AdamW update of <paramref name="parameter"/>, PyTorch 1.13's _single_tensor_adam(w) with
    /// capturable=False, in the same order of operations. <paramref name="decoupled"/> selects AdamW's decay.</summary>
    internal void Update(Tensor parameter, Tensor grad, Dictionary<string, Tensor> state, bool decoupled)
    {
        if (state.Count == 0)
        {
            state["step"] = Tensor.Scalar(0f).DetachFromScope();  // float32, as torch.tensor(0.)
            state["exp_avg"] = Tensor.ZerosLike(parameter).DetachFromScope();
            state["exp_avg_sq"] = Tensor.ZerosLike(parameter).DetachFromScope();
        }
        if (AmsGrad && !state.ContainsKey("max_exp_avg_sq"))
            state["max_exp_avg_sq"] = Tensor.ZerosLike(parameter).DetachFromScope();
        var g = Maximize ? -grad : grad;
        var expAvg = state["exp_avg"];
        var expAvgSq = state["exp_avg_sq"];
        var stepT = state["step"];
        stepT.Add_(1);
        if (decoupled) parameter.Mul_(1 - LearningRate * WeightDecay);
        else if (WeightDecay != 0) g = g.Add(parameter, WeightDecay);
        expAvg.Mul_(Beta1).Add_(g, 1 - Beta1);
        expAvgSq.Mul_(Beta2).AddCMul_(g, g, 1 - Beta2);
        var step = stepT.ToDouble();
        var biasCorrection1 = 1 - Math.Pow(Beta1, step);
        var biasCorrection2 = 1 - Math.Pow(Beta2, step);
        var stepSize = LearningRate / biasCorrection1;
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        Tensor denom;
        if (AmsGrad)
        {
            var maxSq = state["max_exp_avg_sq"];
            maxSq.Copy_(maxSq.Maximum(expAvgSq));
            denom = (maxSq.Sqrt() / biasCorrection2Sqrt).Add_(Eps);
        }
        else
        {
            denom = (expAvgSq.Sqrt() / biasCorrection2Sqrt).Add_(Eps);
        }
        parameter.AddCDiv_(expAvg, denom, -stepSize);
    }
}

/// <summary>Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization") with optional AMSGrad and L2
/// weight decay added to the gradient: <c>torch.optim.Adam</c> of PyTorch 1.13, single-tensor implementation,
/// bias corrections 1 - beta^step included. State per parameter: "step" (float32 scalar), "exp_avg",
/// "exp_avg_sq" and, with AMSGrad, "max_exp_avg_sq".</summary>
public sealed class Adam : AdamFamily
{
    /// <summary>Optimises <paramref name="parameters"/> (one group) with the given defaults.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsGrad = false, bool maximize = false)
        : base(parameters, new AdamGroup([], lr, beta1, beta2, eps, weightDecay, amsGrad, maximize), decoupled: false)
    {
    }
}

/// <summary>What Adam and AdamW share: one group type, the same state, and the same update, which differs only in
/// how weight decay is applied (added to the gradient, or decoupled and applied to the weights).</summary>
public abstract class AdamFamily : Optimizer<AdamGroup>
{
    private readonly AdamGroup defaults;
    private readonly bool decoupled;

    /// <summary>Optimises <paramref name="parameters"/> (one group) with <paramref name="defaults"/>'s settings.</summary>
    private protected AdamFamily(IEnumerable<Tensor> parameters, AdamGroup defaults, bool decoupled)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.defaults = defaults;
        this.decoupled = decoupled;
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("the optimizer got an empty parameter list", nameof(parameters));
        AddParamGroup(list);
    }

    /// <inheritdoc/>
    protected override AdamGroup CreateGroup(IEnumerable<Tensor> parameters) =>
        new(parameters, defaults.LearningRate, defaults.Beta1, defaults.Beta2, defaults.Eps, defaults.WeightDecay,
            defaults.AmsGrad, defaults.Maximize);

    /// <inheritdoc/>
    protected override void Validate(AdamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.Check();
    }

    /// <inheritdoc/>
    protected override void Update(AdamGroup group, Tensor parameter, Tensor grad, Dictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.Update(parameter, grad, state, decoupled);
    }
}
